import type { Tier } from './program';
import type { CompiledProgram, Run } from './run';
import { compile, note, setTier } from './run';
import type { CustomerState, TierState } from './state';

/** Spend (minor units) or visits within the rolling window that ends today. */
export function tierMetric(c: CompiledProgram, state: CustomerState, today: number): number {
  const t = c.program.tiers;
  if (!t) return 0;
  const from = today - t.windowDays + 1;
  let total = 0;
  for (const v of state.visits) if (v.day >= from && v.day <= today) total += t.basis === 'spend' ? v.spend : 1;
  return total;
}

/** The highest tier the metric reaches; null below the first. */
export function qualifiedTier(c: CompiledProgram, metric: number): Tier | null {
  let best: Tier | null = null;
  for (const t of c.tiers) if (metric >= t.threshold) best = t;
  return best;
}

const rank = (c: CompiledProgram, id: string | null): number => (id === null ? -1 : (c.tierRank.get(id) ?? -1));

/** The tier in force: the earned one, or paid VIP while it lasts if that is higher. */
export function effectiveTier(c: CompiledProgram, tier: TierState, today: number): Tier | null {
  let id = tier.tierId;
  if (tier.vip && tier.vip.untilDay >= today && rank(c, tier.vip.tierId) > rank(c, id)) id = tier.vip.tierId;
  return id === null ? null : (c.tiers[c.tierRank.get(id) ?? -1] ?? null);
}

/** Upgrade at once when the window's total reaches a higher tier; staying at or above clears any grace. */
export function upgradeIfQualified(run: Run): void {
  const t = run.program.tiers;
  if (!t) return;
  const current = run.state.tier;
  const qualified = qualifiedTier(run.c, tierMetric(run.c, run.state, run.today));
  const q = rank(run.c, qualified?.id ?? null);
  const r = rank(run.c, current.tierId);
  if (q > r && qualified) {
    setTier(run, { ...current, tierId: qualified.id, graceUntilDay: null, reviewDay: run.today + t.reviewEveryDays });
    note(run, 'loyalty.tier.upgraded', { tierId: qualified.id });
  } else if (q >= r && current.graceUntilDay !== null) {
    setTier(run, { ...current, graceUntilDay: null });
  }
}

/**
 * Downgrade only at a review, and only after a grace period: a review that finds the customer
 * below their tier starts the grace; the first day after it, if still below, they move down to the
 * tier they qualify for.
 */
export function reviewTier(run: Run): void {
  const t = run.program.tiers;
  if (!t) return;
  const current = run.state.tier;
  if (current.tierId === null) return;
  const qualified = qualifiedTier(run.c, tierMetric(run.c, run.state, run.today));
  const below = rank(run.c, qualified?.id ?? null) < rank(run.c, current.tierId);
  if (current.graceUntilDay !== null && run.today >= current.graceUntilDay) {
    if (below) {
      setTier(run, { ...current, tierId: qualified?.id ?? null, graceUntilDay: null, reviewDay: run.today + t.reviewEveryDays });
      downgradeNote(run, current.tierId, qualified?.id ?? null);
    } else {
      setTier(run, { ...current, graceUntilDay: null, reviewDay: run.today + t.reviewEveryDays });
    }
    return;
  }
  if (current.reviewDay === null || run.today < current.reviewDay || current.graceUntilDay !== null) return;
  if (!below) {
    setTier(run, { ...current, reviewDay: run.today + t.reviewEveryDays });
  } else if (t.graceDays === 0) {
    setTier(run, { ...current, tierId: qualified?.id ?? null, reviewDay: run.today + t.reviewEveryDays });
    downgradeNote(run, current.tierId, qualified?.id ?? null);
  } else {
    setTier(run, { ...current, graceUntilDay: run.today + t.graceDays, reviewDay: run.today + t.reviewEveryDays });
    note(run, 'loyalty.tier.grace', { tierId: current.tierId, untilDay: run.today + t.graceDays });
  }
}

/** "Moved from Gold to Silver", or "Left the Silver tier" when no tier is left. */
function downgradeNote(run: Run, from: string, to: string | null): void {
  if (to === null) note(run, 'loyalty.tier.left', { tierId: from });
  else note(run, 'loyalty.tier.downgraded', { tierId: from, toTierId: to });
}

/** The tier in force for a stored tier state (earned, or paid VIP while it lasts), by program document. */
export function tierInForce(program: CompiledProgram['program'], tier: TierState, today: number): Tier | null {
  return effectiveTier(compile(program), tier, today);
}
