import type { AppError } from '../errors';
import { err, ok, type Result } from '../result';
import { decideConversions, takeOldestFirst, type NewId } from './counter';
import { pointsAsset, type AssetId, type Lot, type PlannedEntry } from './ledger';
import type { StampCardRule } from './program';

/** What the program lets a manager adjust: its stamp cards, its rewards, and points when it has them. */
export interface AdjustableAssets {
  stampCards: readonly StampCardRule[];
  rewardIds: readonly string[];
  points: boolean;
}

export interface AdjustCommand {
  asset: AssetId;
  /** Positive adds, negative removes. */
  change: number;
  reason: string;
}

export interface AdjustDecision {
  entries: PlannedEntry[];
  /** Stamps added that filled a card: the rewards it turned into. */
  rewardsEarned: number;
}

/**
 * A manager's manual adjustment as a decider: (what the program has, the customer's open lots of
 * the asset, the command) -> ledger entries of kind 'adjust'. Adding makes a new lot (and, on a
 * stamp card, converts every full card into its reward, as a stamp does); removing takes the oldest
 * lots first and is refused when the lots do not hold that much, so a balance never goes below zero.
 */
export function decideAdjust(
  assets: AdjustableAssets,
  lots: readonly Lot[],
  command: AdjustCommand,
  now: number,
  newId: NewId,
): Result<AdjustDecision, AppError> {
  const { asset, change, reason } = command;
  const card = asset.startsWith('stamps:') ? assets.stampCards.find((c) => `stamps:${c.id}` === asset) : undefined;
  const known =
    card !== undefined || (asset === pointsAsset && assets.points) || (asset.startsWith('reward:') && assets.rewardIds.includes(asset.slice('reward:'.length)));
  if (!known) return err({ code: 'ledger.asset_unknown', params: { asset } });
  if (!Number.isInteger(change) || change === 0) return err({ code: 'input.invalid', params: { field: 'change' } });
  const base = { asset, kind: 'adjust' as const, rule: null, explanation: { key: 'ledger.adjusted', params: { reason } } };
  if (change < 0) {
    const uses = takeOldestFirst(lots, -change);
    if (!uses) return err({ code: 'ledger.adjust_exceeds_balance', params: { asset, balance: lots.reduce((sum, l) => sum + Math.max(0, l.remaining), 0) } });
    return ok({ entries: [{ ...base, id: newId(), delta: change, uses }], rewardsEarned: 0 });
  }
  const added: PlannedEntry = { ...base, id: newId(), delta: change };
  if (!card) return ok({ entries: [added], rewardsEarned: 0 });
  const conversions = decideConversions(card, [...lots, { entryId: added.id, asset, remaining: change, createdAt: now, expiresAt: null }], newId);
  return ok({ entries: [added, ...conversions.entries], rewardsEarned: conversions.rewardsEarned });
}
