import type { AppError } from '../errors';
import { err, ok, type Result } from '../result';
import { rewardAsset, stampAsset, type AssetId, type Lot, type LotUse, type PlannedEntry } from './ledger';
import type { StampCardRule } from './program';

/**
 * The quick-stamp flow as deciders: pure functions from (rule, the customer's open lots, command)
 * to the ledger entries to append. Ids come from the caller; nothing here reads a clock.
 *
 * Since issue 3 the till decides through the loyalty engine (shared/loyalty `evaluate`, called by
 * electron/core/operations.ts); of these, only `decideConversions` and `lotsAfter` still run at the
 * till (a referrer's gift of stamps filling their card). `decideReverse` refuses what the engine now
 * reverses with a deficit (issue 6); the others stay as the reference the benchmarks measure.
 */

export type NewId = () => string;

/** Takes `amount` from the oldest lots first. Returns null when the lots do not hold enough. */
export function takeOldestFirst(lots: readonly Lot[], amount: number): LotUse[] | null {
  const uses: LotUse[] = [];
  let left = amount;
  const ordered = [...lots].filter((l) => l.remaining > 0).sort((a, b) => a.createdAt - b.createdAt || a.entryId.localeCompare(b.entryId));
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    uses.push({ lotId: lot.entryId, amount: take });
    left -= take;
  }
  return left === 0 ? uses : null;
}

export interface StampDecision {
  entries: PlannedEntry[];
  rewardsEarned: number;
}

/** +count stamps; every time the card holds `size`, those stamps become one reward. */
export function decideStamp(card: StampCardRule, stampLots: readonly Lot[], count: number, now: number, newId: NewId): StampDecision {
  const asset = stampAsset(card.id);
  const earnId = newId();
  const entries: PlannedEntry[] = [
    {
      id: earnId,
      asset,
      delta: count,
      kind: 'earn',
      rule: `stamp-card:${card.id}`,
      explanation: { key: 'ledger.stamp.earned', params: { count, cardId: card.id } },
    },
  ];
  const conversions = decideConversions(card, [...stampLots, { entryId: earnId, asset, remaining: count, createdAt: now, expiresAt: null }], newId);
  return { entries: [...entries, ...conversions.entries], rewardsEarned: conversions.rewardsEarned };
}

/**
 * Turns every full card's worth of stamps into a reward, oldest stamps first. Used after a stamp,
 * and after a reversal that gave stamps back to a card (undoing a later stamp can leave a full card).
 */
export function decideConversions(card: StampCardRule, stampLots: readonly Lot[], newId: NewId): StampDecision {
  const asset = stampAsset(card.id);
  const entries: PlannedEntry[] = [];
  let lots: Lot[] = [...stampLots];
  let rewardsEarned = 0;
  for (;;) {
    const uses = takeOldestFirst(lots, card.size);
    if (!uses) break;
    lots = applyUses(lots, uses);
    entries.push({
      id: newId(),
      asset,
      delta: -card.size,
      kind: 'convert',
      rule: `stamp-card:${card.id}`,
      explanation: { key: 'ledger.card.filled', params: { cardId: card.id, size: card.size } },
      uses,
    });
    entries.push({
      id: newId(),
      asset: rewardAsset(card.rewardId),
      delta: 1,
      kind: 'earn',
      rule: `stamp-card:${card.id}`,
      explanation: { key: 'ledger.reward.earned', params: { rewardId: card.rewardId } },
    });
    rewardsEarned++;
  }
  return { entries, rewardsEarned };
}

/** The lots of one asset after planned entries are applied: what a decider that follows them sees. */
export function lotsAfter(lots: readonly Lot[], planned: readonly PlannedEntry[], asset: AssetId, now: number): Lot[] {
  const byId = new Map(lots.map((l) => [l.entryId, { ...l }]));
  for (const e of planned) {
    if (e.asset !== asset) continue;
    if (e.delta > 0 && !e.restores) byId.set(e.id, { entryId: e.id, asset, remaining: e.delta, createdAt: now, expiresAt: e.expiresAt ?? null });
    for (const u of e.uses ?? []) {
      const lot = byId.get(u.lotId);
      if (lot) lot.remaining -= u.amount;
    }
    for (const u of e.restores ?? []) {
      const lot = byId.get(u.lotId);
      if (lot) lot.remaining += u.amount;
    }
  }
  return [...byId.values()].filter((l) => l.remaining > 0);
}

/** Uses the oldest reward of this kind in the wallet. */
export function decideRedeem(rewardId: string, rewardLots: readonly Lot[], newId: NewId): Result<PlannedEntry[], AppError> {
  const uses = takeOldestFirst(rewardLots, 1);
  if (!uses) return err({ code: 'reward.not_available', params: { rewardId } });
  return ok([
    {
      id: newId(),
      asset: rewardAsset(rewardId),
      delta: -1,
      kind: 'redeem',
      rule: `reward:${rewardId}`,
      explanation: { key: 'ledger.reward.redeemed', params: { rewardId } },
      uses,
    },
  ]);
}

/** An entry of the operation being undone, with what it did to lots. */
export interface ReversibleEntry {
  id: string;
  asset: AssetId;
  delta: number;
  kind: string;
  uses: LotUse[];
  reversedBy: string | null;
}

/**
 * Compensating entries for a whole operation, newest entry first, so a stamp that filled a card
 * first takes back the reward, then gives the stamps back to their lots, then removes its own stamps.
 * `lots` is the current state of every lot the operation touched.
 */
export function decideReverse(
  operation: readonly ReversibleEntry[],
  lots: ReadonlyMap<string, Lot>,
  reason: string,
  newId: NewId,
): Result<PlannedEntry[], AppError> {
  if (operation.length === 0) return err({ code: 'ledger.entry_not_found' });
  if (operation.some((e) => e.kind === 'reverse')) return err({ code: 'ledger.not_reversible' });
  if (operation.some((e) => e.reversedBy !== null)) return err({ code: 'ledger.already_reversed' });
  const remaining = new Map([...lots].map(([id, lot]) => [id, lot.remaining]));
  const entries: PlannedEntry[] = [];
  for (const entry of [...operation].reverse()) {
    const base = {
      id: newId(),
      asset: entry.asset,
      delta: -entry.delta,
      kind: 'reverse' as const,
      rule: null,
      explanation: { key: 'ledger.reversal', params: { reason } },
      reverses: entry.id,
    };
    if (entry.delta > 0) {
      // Take back exactly this entry's lot; if part of it was already spent, the spend must go first.
      const left = remaining.get(entry.id) ?? 0;
      if (left < entry.delta) {
        return err({ code: entry.asset.startsWith('reward:') ? 'ledger.reward_already_used' : 'ledger.not_reversible' });
      }
      remaining.set(entry.id, left - entry.delta);
      entries.push({ ...base, uses: [{ lotId: entry.id, amount: entry.delta }] });
    } else {
      for (const use of entry.uses) remaining.set(use.lotId, (remaining.get(use.lotId) ?? 0) + use.amount);
      entries.push({ ...base, restores: entry.uses });
    }
  }
  return ok(entries);
}

function applyUses(lots: Lot[], uses: readonly LotUse[]): Lot[] {
  const taken = new Map(uses.map((u) => [u.lotId, u.amount]));
  return lots.map((l) => (taken.has(l.entryId) ? { ...l, remaining: l.remaining - (taken.get(l.entryId) ?? 0) } : l));
}
