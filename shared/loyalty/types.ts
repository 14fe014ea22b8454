import type { AssetId, Explanation, PlannedEntry } from '../domain/ledger';
import type { Program } from './program';
import type { CustomerState, StateChange } from './state';

/** One line of a sale. Amounts in minor units; `amount` is the line total after line discounts. */
export interface SaleLine {
  itemId: string;
  category: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface Sale {
  currency: string;
  lines: SaleLine[];
  /** Discounts on the whole sale (a reward, a manual discount): points are earned on what is left. */
  discounts: { amount: number; reason?: string }[];
  tenders: { method: string; amount: number }[];
}

/** Someone who gave the new customer their referral code, as the database knows them at enrolment. */
export interface ReferralClaim {
  referrerId: string;
  referrerPhone: string | null;
  /** Another customer with this phone number was already referred (one referral per phone). */
  phoneAlreadyReferred: boolean;
}

/** What an earlier operation did, as recorded: its entries, its state changes, its effects on others. */
export interface RecordedOperation {
  operationId: string;
  entries: PlannedEntry[];
  changes: StateChange[];
  others: OtherCustomerEffect[];
  /** True when a reversal of it already exists. */
  reversed: boolean;
}

export type LoyaltyEvent =
  | { type: 'sale'; sale: Sale }
  | { type: 'quick-stamp'; cardId: string; count: number }
  | { type: 'enrol'; referral: ReferralClaim | null }
  /** A date passing: expiry, tier review, occasions. The terminal runs it once a day per customer with anything due. */
  | { type: 'day' }
  | { type: 'feedback'; score: number }
  /** Use a reward from the wallet, or buy it with points or stamps, against the current sale if any. */
  | { type: 'redeem'; rewardId: string; sale: Sale | null }
  /** Partial redemption: the customer chooses how many points to spend on this sale. */
  | { type: 'spend-points'; points: number; sale: Sale }
  | { type: 'vip-purchase' }
  | { type: 'reverse'; operation: RecordedOperation; reason: string };

export type LoyaltyEventType = LoyaltyEvent['type'];

export interface EngineContext {
  /** How many referrals the referrer of this customer has already been rewarded for. */
  referrerRewardedCount?: number;
  /** The store's running sale number, for "every Nth sale" partner offers (else the customer's own count). */
  storeSaleNumber?: number;
}

export interface EngineInput {
  program: Program;
  state: CustomerState;
  event: LoyaltyEvent;
  /** Epoch ms of the event. */
  now: number;
  /** The store's IANA time zone; days, birthdays and windows are counted in it. */
  timeZone: string;
  operationId: string;
  /** The visit this operation belongs to (several operations at one counter visit count once). */
  visitId?: string | null;
  /** Ids for the entries, in the order they are made. */
  newId: () => string;
  /** Seed for chance rules; the operation id when not given. Written into the entries it decides. */
  seed?: string;
  staffId?: string;
  context?: EngineContext;
}

/** A reward the customer can have on this sale, and what it would take off. */
export interface RewardOffer {
  rewardId: string;
  source: 'wallet' | 'points' | 'stamps';
  /** Points or stamps it costs (0 from the wallet). */
  cost: number;
  cardId: string | null;
  /** Minor units off the current sale; null without a sale. */
  discount: number | null;
}

export interface VelocityFlag {
  ruleId: string;
  metric: 'stamps' | 'redemptions' | 'points' | 'sales';
  count: number;
  max: number;
  day: number;
  staffId: string | null;
  explanation: Explanation;
}

export type ReceiptExtra =
  | { type: 'partner-offer'; offerId: string; partner: string; code: string; explanation: Explanation }
  | { type: 'expiry-warning'; asset: AssetId; amount: number; expiresAt: number; explanation: Explanation };

/** Entries for another customer (the referrer), or a request to reverse entries made for them. */
export interface OtherCustomerEffect {
  customerId: string;
  entries: PlannedEntry[];
  /** Entries of that customer this operation's reversal undoes (the database reverses them with their lots). */
  reverseEntryIds: string[];
}

export interface EngineOutput {
  programVersion: number;
  operationId: string;
  entries: PlannedEntry[];
  changes: StateChange[];
  rewardsOffered: RewardOffer[];
  flags: VelocityFlag[];
  /** Every entry's explanation, then notes that made no entry (tier up, referral refused ...). */
  explanations: Explanation[];
  receiptExtras: ReceiptExtra[];
  others: OtherCustomerEffect[];
  /** Minor units the redemption or point spend takes off the current sale. */
  discount: number;
  /**
   * A reversal's entries that could not take back all they undo (the points were since spent, the
   * free drink already used): the entry still carries the whole delta, its `uses` cover the rest,
   * and the database records `amount` as a deficit the customer's next earnings repay.
   */
  shortfalls: Shortfall[];
}

export interface Shortfall {
  entryId: string;
  asset: AssetId;
  amount: number;
}

export type { CustomerState, Program };
