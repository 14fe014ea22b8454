import type { AssetId, Lot, PlannedEntry } from '../domain/ledger';

/**
 * What the engine knows about one customer. Balances live in `lots` (the ledger's materialised
 * view); everything else the rules need (tier, visits, "already given this year" marks, daily
 * counters) is here and changes only through StateChange values the engine returns, so the database
 * can store them next to the ledger entries and a reversal can undo exactly them.
 */
export interface TierState {
  /** The tier earned by spend or visits; null = below the first tier. */
  tierId: string | null;
  /** Local day of the next downgrade review. */
  reviewDay: number | null;
  /** Set when a review found the customer below their tier: downgrade at the first review after it. */
  graceUntilDay: number | null;
  /** Paid VIP status, if bought: the tier it gives and the last local day it holds. */
  vip: { tierId: string; untilDay: number } | null;
}

export interface VisitRecord {
  /** The operation that made the visit, so its reversal can remove it. */
  id: string;
  day: number;
  /** Amount paid, minor units (0 for a quick stamp). */
  spend: number;
}

export interface CustomerState {
  customerId: string;
  /** Epoch ms. */
  enrolledAt: number;
  /** 'YYYY-MM-DD' or 'MM-DD'; null when not given. */
  birthday: string | null;
  /** For name days; matched against the program's calendar. */
  firstName: string | null;
  phone: string | null;
  /** Open lots of every asset; for a reversal also the exhausted lots the operation touched. */
  lots: Lot[];
  tier: TierState;
  /** Visits within the longest window any rule looks at (pruned by the 'day' event). */
  visits: VisitRecord[];
  /** Lifetime and per-day counters ('visits', 'sales', 'day:<n>:stamps' ...). */
  counters: Record<string, number>;
  /** "Done" marks: 'birthday' -> '2025', 'welcome' -> 'done', 'challenge:<id>' -> '<day>' ... */
  marks: Record<string, string>;
  /** Referral of this customer by someone else, if any. */
  referral: { referrerId: string; status: 'pending' | 'rewarded' } | null;
  /**
   * What the customer still owes per asset beyond their open lots (a refund of points already
   * spent, issue 6). New earnings repay it first, as the database's settleDeficits does, so the
   * engine never converts or spends what is owed. Absent = nothing owed.
   */
  owed?: Record<AssetId, number>;
}

export const emptyTier: TierState = { tierId: null, reviewDay: null, graceUntilDay: null, vip: null };

export function newCustomerState(customerId: string, enrolledAt: number, extra: Partial<CustomerState> = {}): CustomerState {
  return {
    customerId,
    enrolledAt,
    birthday: null,
    firstName: null,
    phone: null,
    lots: [],
    tier: emptyTier,
    visits: [],
    counters: {},
    marks: {},
    referral: null,
    ...extra,
  };
}

/** Non-ledger effects of an evaluation. Each carries what it replaces, so it can be inverted. */
export type StateChange =
  | { type: 'visit.add'; visit: VisitRecord }
  | { type: 'visit.remove'; visit: VisitRecord }
  | { type: 'visits.prune'; beforeDay: number }
  | { type: 'counter.add'; name: string; delta: number }
  | { type: 'counters.prune'; beforeDay: number }
  | { type: 'mark.set'; key: string; from: string | null; to: string | null }
  | { type: 'tier.set'; from: TierState; to: TierState }
  | { type: 'referral.set'; from: CustomerState['referral']; to: CustomerState['referral'] };

/**
 * Pruning is each store's own housekeeping (how far back it keeps visits and day counters): it
 * needs no undoing and no other store needs to hear of it. Every other change is part of the
 * customer's story that the other stores of the chain must share.
 */
export function isHousekeeping(c: StateChange): boolean {
  return c.type === 'visits.prune' || c.type === 'counters.prune';
}

/** The change that undoes `c`; null for housekeeping (pruning) that nothing needs undone. */
export function invertChange(c: StateChange): StateChange | null {
  switch (c.type) {
    case 'visit.add':
      return { type: 'visit.remove', visit: c.visit };
    case 'visit.remove':
      return { type: 'visit.add', visit: c.visit };
    case 'counter.add':
      return { type: 'counter.add', name: c.name, delta: -c.delta };
    case 'mark.set':
      return { type: 'mark.set', key: c.key, from: c.to, to: c.from };
    case 'tier.set':
      return { type: 'tier.set', from: c.to, to: c.from };
    case 'referral.set':
      return { type: 'referral.set', from: c.to, to: c.from };
    case 'visits.prune':
    case 'counters.prune':
      return null;
    default: {
      const never: never = c;
      return never;
    }
  }
}

export const dayCounter = (day: number, metric: string): string => `day:${day}:${metric}`;

/** Applies changes to a state (pure). */
export function applyChanges(state: CustomerState, changes: readonly StateChange[]): CustomerState {
  let s = state;
  for (const c of changes) s = applyChange(s, c);
  return s;
}

/** Applies one change to a state (pure). */
export function applyChange(s: CustomerState, c: StateChange): CustomerState {
  switch (c.type) {
    case 'visit.add':
      return { ...s, visits: [...s.visits, c.visit] };
    case 'visit.remove': {
      const i = s.visits.findIndex((v) => v.id === c.visit.id);
      return i >= 0 ? { ...s, visits: [...s.visits.slice(0, i), ...s.visits.slice(i + 1)] } : s;
    }
    case 'visits.prune':
      return { ...s, visits: s.visits.filter((v) => v.day >= c.beforeDay) };
    case 'counter.add': {
      const next = (s.counters[c.name] ?? 0) + c.delta;
      const counters = { ...s.counters };
      if (next === 0) delete counters[c.name];
      else counters[c.name] = next;
      return { ...s, counters };
    }
    case 'counters.prune': {
      const counters: Record<string, number> = {};
      for (const [k, v] of Object.entries(s.counters)) {
        const m = /^day:(-?\d+):/.exec(k);
        if (!m || Number(m[1]) >= c.beforeDay) counters[k] = v;
      }
      return { ...s, counters };
    }
    case 'mark.set': {
      const marks = { ...s.marks };
      if (c.to === null) delete marks[c.key];
      else marks[c.key] = c.to;
      return { ...s, marks };
    }
    case 'tier.set':
      return { ...s, tier: c.to };
    case 'referral.set':
      return { ...s, referral: c.to };
    default: {
      const never: never = c;
      return never;
    }
  }
}

/**
 * The lots after planned entries: new lots for earnings, uses and restores applied. Exhausted lots
 * are kept (remaining 0) so a later reversal can restore them, as the database's lots table does.
 */
export function applyEntries(lots: readonly Lot[], entries: readonly PlannedEntry[], now: number): Lot[] {
  const byId = new Map(lots.map((l) => [l.entryId, { ...l }]));
  for (const e of entries) {
    if (e.delta > 0 && !e.restores) {
      byId.set(e.id, { entryId: e.id, asset: e.asset, remaining: e.delta, createdAt: now, expiresAt: e.expiresAt ?? null });
    }
    for (const u of e.uses ?? []) {
      const lot = byId.get(u.lotId);
      if (lot) lot.remaining -= u.amount;
    }
    for (const u of e.restores ?? []) {
      const lot = byId.get(u.lotId);
      if (lot) lot.remaining += u.amount;
    }
  }
  return [...byId.values()];
}

export function balanceOf(lots: readonly Lot[], asset: AssetId): number {
  let sum = 0;
  for (const l of lots) if (l.asset === asset) sum += l.remaining;
  return sum;
}

export function balances(lots: readonly Lot[]): Record<AssetId, number> {
  const out: Record<AssetId, number> = {};
  for (const l of lots) if (l.remaining !== 0) out[l.asset] = (out[l.asset] ?? 0) + l.remaining;
  return out;
}

/** The state after an evaluation's entries and changes, as the database will hold it (pure). */
export function evolve(state: CustomerState, output: { entries: readonly PlannedEntry[]; changes: readonly StateChange[] }, now: number): CustomerState {
  return { ...applyChanges(state, output.changes), lots: applyEntries(state.lots, output.entries, now) };
}
