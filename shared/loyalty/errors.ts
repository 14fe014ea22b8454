/** Errors of the loyalty engine: redemptions, reversals and program documents. */
export const loyaltyErrorCodes = [
  'loyalty.program_invalid',
  'loyalty.reward_unknown',
  'loyalty.card_unknown',
  'loyalty.not_enough_points',
  'loyalty.not_enough_stamps',
  'loyalty.reward_not_bought',
  'loyalty.reward_not_applicable',
  'loyalty.points_off',
  'loyalty.points_spend_invalid',
  'loyalty.stamp_count_invalid',
  'loyalty.currency_mismatch',
  'loyalty.feedback_invalid',
  'loyalty.vip_off',
  'loyalty.reverse_nothing',
  'loyalty.reverse_twice',
  'loyalty.reverse_spent',
  'loyalty.reverse_reward_used',
] as const;
export type LoyaltyErrorCode = (typeof loyaltyErrorCodes)[number];
