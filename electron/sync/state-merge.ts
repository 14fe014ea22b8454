import type { CustomerState, StateChange, TierState } from '../../shared/loyalty/state';

/**
 * Folding another store's loyalty state changes into this terminal's copy of the customer's state
 * (issue 5; docs/architecture.md, "Loyalty state across stores"). Pure.
 *
 * A StateChange carries what it replaced. Where this store's value is still what the other store
 * started from, the change applies as made. Where this store has moved on (both stores served the
 * customer offline), each kind of change has a rule, chosen so that no store can give twice what
 * the program gives once, and nothing this store did itself is undone by a change that did not
 * know of it:
 * - visits are keyed by id: added once, removed if held;
 * - counters add (lifetime counters never below zero);
 * - a mark that both stores moved keeps the later period (marks are years or days: 'birthday' ->
 *   '2026'); a removal only removes the value it set; a value set where this store has none stands;
 * - a tier that both moved keeps the higher tier (an upgrade counts at once anywhere, a downgrade
 *   only at this store's own review); paid VIP status keeps the later end;
 * - a referral that both moved keeps the further status ('rewarded' over 'pending'), so a referral
 *   is never rewarded twice;
 * - pruning is housekeeping and stays local.
 * `applied` is what actually changed here, each with the value it replaced here, so a reversal made
 * at this store later undoes exactly that.
 */
export interface MergeResult {
  state: CustomerState;
  applied: StateChange[];
}

export function mergeForeignChanges(state: CustomerState, changes: readonly StateChange[], tierOrder: readonly string[]): MergeResult {
  let s = state;
  const applied: StateChange[] = [];
  for (const c of changes) {
    switch (c.type) {
      case 'visit.add': {
        if (s.visits.some((v) => v.id === c.visit.id)) break;
        s = { ...s, visits: [...s.visits, c.visit] };
        applied.push(c);
        break;
      }
      case 'visit.remove': {
        const held = s.visits.find((v) => v.id === c.visit.id);
        if (!held) break;
        s = { ...s, visits: s.visits.filter((v) => v !== held) };
        applied.push({ type: 'visit.remove', visit: held });
        break;
      }
      case 'counter.add': {
        const current = s.counters[c.name] ?? 0;
        const next = c.name.startsWith('day:') ? current + c.delta : Math.max(0, current + c.delta);
        if (next === current) break;
        const counters = { ...s.counters };
        if (next === 0) delete counters[c.name];
        else counters[c.name] = next;
        s = { ...s, counters };
        applied.push({ type: 'counter.add', name: c.name, delta: next - current });
        break;
      }
      case 'mark.set': {
        const local = s.marks[c.key] ?? null;
        const to = mergeMark(local, c.from, c.to);
        if (to === local) break;
        const marks = { ...s.marks };
        if (to === null) delete marks[c.key];
        else marks[c.key] = to;
        s = { ...s, marks };
        applied.push({ type: 'mark.set', key: c.key, from: local, to });
        break;
      }
      case 'tier.set': {
        const to = mergeTier(s.tier, c.from, c.to, tierOrder);
        if (sameJson(to, s.tier)) break;
        applied.push({ type: 'tier.set', from: s.tier, to });
        s = { ...s, tier: to };
        break;
      }
      case 'referral.set': {
        const to = mergeReferral(s.referral, c.from, c.to);
        if (sameJson(to, s.referral)) break;
        applied.push({ type: 'referral.set', from: s.referral, to });
        s = { ...s, referral: to };
        break;
      }
      case 'visits.prune':
      case 'counters.prune':
        break;
      default: {
        const never: never = c;
        return never;
      }
    }
  }
  return { state: s, applied };
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const PERIOD = /^-?\d{1,15}$/;

/** The mark's value here after another store moved it from `from` to `to`. */
export function mergeMark(local: string | null, from: string | null, to: string | null): string | null {
  if (local === from || local === to) return to;
  // Both stores moved it. A removal removes only what it set; a value where this store has none stands.
  if (to === null) return local;
  if (local === null) return to;
  // Both hold a value: the later period ('2026' over '2025', a later day), so a once-a-period gift is not given again.
  if (PERIOD.test(local) && PERIOD.test(to)) return Number(to) > Number(local) ? to : local;
  return to;
}

function tierRank(tierId: string | null, order: readonly string[]): number {
  return tierId === null ? -1 : order.indexOf(tierId);
}

/** Three-way per field: what the other store changed, unless this store changed the same field too. */
export function mergeTier(local: TierState, from: TierState, to: TierState, order: readonly string[]): TierState {
  if (sameJson(local, from)) return to;
  const moved = <K extends keyof TierState>(k: K): boolean => !sameJson(from[k], to[k]);
  const out: TierState = { ...local };
  let tookTier = false;
  if (moved('tierId') && !sameJson(local.tierId, to.tierId)) {
    // Either this store still had what the other started from, or both moved: the higher tier stands.
    if (sameJson(local.tierId, from.tierId) || tierRank(to.tierId, order) > tierRank(local.tierId, order)) {
      out.tierId = to.tierId;
      tookTier = true;
    }
  }
  if (tookTier) {
    // The review and grace go with the tier they belong to.
    out.reviewDay = to.reviewDay;
    out.graceUntilDay = to.graceUntilDay;
  } else {
    if (moved('reviewDay') && sameJson(local.reviewDay, from.reviewDay)) out.reviewDay = to.reviewDay;
    if (moved('graceUntilDay') && sameJson(local.graceUntilDay, from.graceUntilDay)) out.graceUntilDay = to.graceUntilDay;
  }
  if (moved('vip') && !sameJson(local.vip, to.vip)) {
    if (sameJson(local.vip, from.vip)) out.vip = to.vip;
    else if (to.vip !== null && (local.vip === null || to.vip.untilDay > local.vip.untilDay)) out.vip = to.vip;
  }
  return out;
}

const referralRank = (r: CustomerState['referral']): number => (r === null ? 0 : r.status === 'pending' ? 1 : 2);

export function mergeReferral(local: CustomerState['referral'], from: CustomerState['referral'], to: CustomerState['referral']): CustomerState['referral'] {
  if (sameJson(local, from) || sameJson(local, to)) return to;
  if (to === null) return local;
  if (local === null) return to;
  // Both moved: the first referrer this store knows stays; of the same referral the further status.
  if (local.referrerId !== to.referrerId) return local;
  return referralRank(to) > referralRank(local) ? to : local;
}
