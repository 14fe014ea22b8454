/**
 * The loyalty engine's public surface. The database layer calls `evaluate` for every loyalty
 * operation, stores `entries` (ledger + lots, as for the quick-stamp decider) and `changes`
 * (customer loyalty state) in one transaction, and keeps the output to plan a reversal later.
 */
export { evaluate } from './engine';
export { describeCustomer, type CustomerSummary } from './describe';
export { explain, explainIssue, displayParams, formatMoney, formatDay } from './explain';
export {
  validateProgram,
  programSchema,
  toCounterProgram,
  PROGRAM_SCHEMA,
  type Program,
  type ProgramInput,
  type ProgramIssue,
  type Gift,
  type Reward,
  type StampCard,
  type Tier,
} from './program';
export { cafeTemplate, bakeryTemplate, boutiqueTemplate, demoCafeProgram, templates, type TemplateId, type TemplateOptions } from './templates';
export { bulgarianNameDays } from './namedays-bg';
export {
  newCustomerState,
  applyChanges,
  applyEntries,
  evolve,
  invertChange,
  isHousekeeping,
  balanceOf,
  balances,
  emptyTier,
  type CustomerState,
  type StateChange,
  type TierState,
  type VisitRecord,
} from './state';
export { saleAmounts, rewardDiscount } from './sale';
export { tierInForce } from './tiers';
export { localDay, startOfDay, dayOfDate, dateOfDay, dayOfIso, isoOfDay, zoneOffset } from './time';
export { seededRoll } from './random';
export { loyaltyErrorCodes, type LoyaltyErrorCode } from './errors';
export type {
  EngineInput,
  EngineOutput,
  EngineContext,
  LoyaltyEvent,
  LoyaltyEventType,
  Sale,
  SaleLine,
  ReferralClaim,
  RecordedOperation,
  RewardOffer,
  VelocityFlag,
  ReceiptExtra,
  OtherCustomerEffect,
  Shortfall,
} from './types';
