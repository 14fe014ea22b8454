import { pointsAsset, rewardAsset, stampAsset, type AssetId, type Explanation, type Lot, type LotUse, type PlannedEntry } from '../domain/ledger';
import { currencyDecimals, type Gift, type Program, type Reward, type StampCard, type Tier } from './program';
import { applyChange, type CustomerState, type StateChange, type TierState } from './state';
import { localDay, startOfDay } from './time';
import type { EngineInput, OtherCustomerEffect, ReceiptExtra, RewardOffer, Shortfall, VelocityFlag } from './types';

/** Lookups made once per program version (memoised by document identity; programs are immutable). */
export interface CompiledProgram {
  program: Program;
  /** Cards with their asset id ('stamps:<id>') and rule name made once (building these strings per sale was a hot spot). */
  cards: Map<string, StampCard & { itemSet: Set<string>; categorySet: Set<string>; asset: AssetId; rule: string }>;
  rewards: Map<string, Reward>;
  /**
   * Rewards in catalogue order with their asset id and the asset their price is paid in, and the
   * slots (assetSlot) of both: -1 when there is none or the program does not know it.
   */
  catalogue: { reward: Reward; asset: AssetId; costAsset: AssetId | null; slot: number; costSlot: number }[];
  /** Every asset the program knows (points, each card, each reward), numbered for summing balances. */
  assetSlot: Map<AssetId, number>;
  /** 'challenge:<id>' per challenge: its mark and its rule name. */
  challengeKeys: Map<string, string>;
  tierRank: Map<string, number>;
  tiers: Tier[];
  categoryMultipliers: Map<string, number>;
  /** Minor units per `rate.per`. */
  pointsPer: number;
  /** Days of visit history any rule looks back. */
  horizonDays: number;
  velocityMetrics: Set<string>;
}

const compiledMemo = new WeakMap<Program, CompiledProgram>();

export function compile(program: Program): CompiledProgram {
  const memo = compiledMemo.get(program);
  if (memo) return memo;
  const windows = [
    program.tiers?.windowDays ?? 0,
    ...program.surprises.map((s) => s.regularDays),
    ...program.challenges.map((c) => c.withinDays),
    program.feedback?.oncePerDays ?? 0,
  ];
  const assetSlot = new Map([pointsAsset, ...program.stampCards.map((c) => stampAsset(c.id)), ...program.rewards.map((r) => rewardAsset(r.id))].map((a, i) => [a, i]));
  const slotOf = (asset: AssetId | null): number => (asset === null ? -1 : (assetSlot.get(asset) ?? -1));
  const compiled: CompiledProgram = {
    program,
    cards: new Map(
      program.stampCards.map((c) => [
        c.id,
        { ...c, itemSet: new Set(c.earn.per === 'item' ? c.earn.items : []), categorySet: new Set(c.earn.per === 'item' ? c.earn.categories : []), asset: stampAsset(c.id), rule: `stamp-card:${c.id}` },
      ]),
    ),
    rewards: new Map(program.rewards.map((r) => [r.id, r])),
    challengeKeys: new Map(program.challenges.map((c) => [c.id, `challenge:${c.id}`])),
    assetSlot,
    catalogue: program.rewards.map((r) => {
      const asset = rewardAsset(r.id);
      const costAsset = r.cost === null ? null : r.cost.asset === 'points' ? pointsAsset : stampAsset(r.cost.cardId);
      return { reward: r, asset, costAsset, slot: slotOf(asset), costSlot: slotOf(costAsset) };
    }),
    tierRank: new Map((program.tiers?.levels ?? []).map((t, i) => [t.id, i])),
    tiers: program.tiers?.levels ?? [],
    categoryMultipliers: new Map(Object.entries(program.points?.categoryMultipliers ?? {})),
    pointsPer: Math.round((program.points?.rate.per ?? 1) * 10 ** currencyDecimals(program.currency)),
    horizonDays: Math.max(1, ...windows),
    velocityMetrics: new Set(program.velocity.map((v) => v.metric)),
  };
  compiledMemo.set(program, compiled);
  return compiled;
}

/** The working state of one evaluation: what has been planned so far, and the state as it now reads. */
export interface Run {
  input: EngineInput;
  c: CompiledProgram;
  program: Program;
  now: number;
  today: number;
  /**
   * The state as it now reads. Copied on the first change that needs it (with its visits or marks
   * copied on the first change to them), then changed in place: the input state is never mutated,
   * and a sale no longer copies the whole state once per change.
   */
  state: CustomerState;
  owned: { state: boolean; visits: boolean; marks: boolean };
  /** The customer's lots as this evaluation changes them (copies; the input state is never mutated). */
  lots: Lot[];
  /** Position of each lot by entry id, built only when a lookup by id meets many lots. */
  lotIndex: Map<string, number> | null;
  entries: PlannedEntry[];
  changes: StateChange[];
  notes: Explanation[];
  flags: VelocityFlag[];
  receipt: ReceiptExtra[];
  others: OtherCustomerEffect[];
  offers: RewardOffer[];
  discount: number;
  shortfalls: Shortfall[];
  /** What is still owed per asset; new lots repay it first (state.owed as this evaluation changes it). */
  owedLeft: Record<AssetId, number> | null;
  /** Counter changes so far, read through `counter` (copying the counters object per change was the hot spot). */
  counterDeltas: Record<string, number>;
  /** Today's totals this operation adds, for velocity rules. */
  added: { stamps: number; redemptions: number; points: number; sales: number };
}

export function startRun(input: EngineInput): Run {
  const c = compile(input.program);
  // An array, not a Map: building a Map of every lot per evaluation was the largest single cost.
  const lots = input.state.lots.slice();
  return {
    input,
    c,
    program: input.program,
    now: input.now,
    today: localDay(input.now, input.timeZone),
    state: input.state,
    owned: { state: false, visits: false, marks: false },
    lots,
    lotIndex: null,
    entries: [],
    changes: [],
    notes: [],
    flags: [],
    receipt: [],
    others: [],
    offers: [],
    discount: 0,
    shortfalls: [],
    owedLeft: input.state.owed ? { ...input.state.owed } : null,
    counterDeltas: {},
    added: { stamps: 0, redemptions: 0, points: 0, sales: 0 },
  };
}

export function emit(run: Run, entry: PlannedEntry): void {
  run.entries.push(entry);
  if (entry.delta > 0 && !entry.restores) {
    // A new lot first repays what the customer owes of its asset: that part is never theirs to spend.
    const due = run.owedLeft?.[entry.asset] ?? 0;
    const repay = Math.min(due, entry.delta);
    if (repay > 0 && run.owedLeft) run.owedLeft[entry.asset] = due - repay;
    run.lots.push({ entryId: entry.id, asset: entry.asset, remaining: entry.delta - repay, createdAt: run.now, expiresAt: entry.expiresAt ?? null });
    run.lotIndex?.set(entry.id, run.lots.length - 1);
  }
  for (const u of entry.uses ?? []) adjustLot(run, u.lotId, -u.amount);
  for (const u of entry.restores ?? []) adjustLot(run, u.lotId, u.amount);
}

function adjustLot(run: Run, lotId: string, by: number): void {
  const at = lotPosition(run, lotId);
  const lot = run.lots[at];
  if (lot) run.lots[at] = { ...lot, remaining: lot.remaining + by };
}

const INDEX_FROM = 16;

/** Where the lot made by `entryId` is in `run.lots`; -1 when there is none. */
function lotPosition(run: Run, entryId: string): number {
  if (run.lotIndex === null && run.lots.length > INDEX_FROM) {
    run.lotIndex = new Map();
    run.lots.forEach((l, i) => run.lotIndex?.set(l.entryId, i));
  }
  if (run.lotIndex !== null) return run.lotIndex.get(entryId) ?? -1;
  for (let i = run.lots.length - 1; i >= 0; i--) if (run.lots[i]!.entryId === entryId) return i;
  return -1;
}

/** The lot made by `entryId`, as it reads after the entries planned so far. */
export function lotOf(run: Run, entryId: string): Lot | undefined {
  return run.lots[lotPosition(run, entryId)];
}

export function change(run: Run, c: StateChange): void {
  run.changes.push(c);
  switch (c.type) {
    case 'counter.add':
      run.counterDeltas[c.name] = (run.counterDeltas[c.name] ?? 0) + c.delta;
      return;
    // The common changes, as applyChange makes them, on this run's own copies.
    case 'visit.add': {
      const s = ownState(run);
      if (!run.owned.visits) {
        s.visits = s.visits.slice();
        run.owned.visits = true;
      }
      s.visits.push(c.visit);
      return;
    }
    case 'mark.set': {
      const s = ownState(run);
      if (!run.owned.marks) {
        s.marks = { ...s.marks };
        run.owned.marks = true;
      }
      if (c.to === null) delete s.marks[c.key];
      else s.marks[c.key] = c.to;
      return;
    }
    case 'tier.set':
      ownState(run).tier = c.to;
      return;
    case 'referral.set':
      ownState(run).referral = c.to;
      return;
    default:
      run.state = applyChange(run.state, c);
      // A new object whose parts may still be shared with the input: copy again before changing them.
      run.owned = { state: false, visits: false, marks: false };
  }
}

function ownState(run: Run): CustomerState {
  if (!run.owned.state) {
    run.state = { ...run.state };
    run.owned.state = true;
  }
  return run.state;
}

/** A counter as it reads after the changes planned so far. */
export const counter = (run: Run, name: string): number => (run.state.counters[name] ?? 0) + (run.counterDeltas[name] ?? 0);

export const note = (run: Run, key: string, params: Explanation['params'] = {}): void => {
  run.notes.push({ key, params });
};

export function setTier(run: Run, to: TierState): void {
  change(run, { type: 'tier.set', from: run.state.tier, to });
}

export function setMark(run: Run, key: string, to: string | null): void {
  change(run, { type: 'mark.set', key, from: run.state.marks[key] ?? null, to });
}

export function balance(run: Run, asset: AssetId): number {
  let sum = 0;
  for (const l of run.lots) if (l.asset === asset && l.remaining > 0) sum += l.remaining;
  return sum;
}

const oldestFirst = (a: Lot, b: Lot): number => a.createdAt - b.createdAt || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0);

/** Takes `amount` from the oldest open lots of `asset` (ties by id); null if they hold too little. */
export function takeOldest(run: Run, asset: AssetId, amount: number): LotUse[] | null {
  // Count first: most calls (is a card full yet?) find too little, and then nothing is allocated.
  let held = 0;
  for (const l of run.lots) if (l.asset === asset && l.remaining > 0) held += l.remaining;
  if (held < amount) return null;
  const open: Lot[] = [];
  for (const l of run.lots) if (l.asset === asset && l.remaining > 0) open.push(l);
  return takeFromOldest(open, amount);
}

/** Takes up to `amount` from the oldest open lots of `asset`, skipping `except`: what it found, maybe less. */
export function takeOldestUpTo(run: Run, asset: AssetId, amount: number, except: string): LotUse[] {
  const open: Lot[] = [];
  for (const l of run.lots) if (l.asset === asset && l.remaining > 0 && l.entryId !== except) open.push(l);
  return takeFromOldest(open, amount);
}

/** Up to `amount` from `open` (sorted here, oldest first, ties by id). */
function takeFromOldest(open: Lot[], amount: number): LotUse[] {
  if (open.length > 1) open.sort(oldestFirst);
  const uses: LotUse[] = [];
  let left = amount;
  for (const lot of open) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    uses.push({ lotId: lot.entryId, amount: take });
    left -= take;
  }
  return uses;
}

/** When a lot earned now expires: the end of the local day `afterDays` from today; null when expiry is off. */
export function expiryOfNewLot(run: Run): number | null {
  const e = run.program.expiry;
  return e.enabled ? startOfDay(run.today + e.afterDays + 1, run.input.timeZone) - 1 : null;
}

function earnEntry(run: Run, asset: AssetId, delta: number, rule: string, explanation: Explanation): PlannedEntry {
  const expiresAt = expiryOfNewLot(run);
  const entry: PlannedEntry = { id: run.input.newId(), asset, delta, kind: 'earn', rule, explanation };
  if (expiresAt !== null) entry.expiresAt = expiresAt;
  return entry;
}

export function earnPoints(run: Run, amount: number, rule: string, explanation: Explanation): void {
  if (amount <= 0) return;
  emit(run, earnEntry(run, pointsAsset, amount, rule, explanation));
  run.added.points += amount;
}

export function earnReward(run: Run, rewardId: string, rule: string, explanation: Explanation): void {
  emit(run, earnEntry(run, rewardAsset(rewardId), 1, rule, explanation));
}

/** +count stamps on a card, then every full card's worth of the oldest stamps becomes its reward. */
export function earnStamps(run: Run, card: StampCard, count: number, rule: string, explanation: Explanation): void {
  if (count <= 0) return;
  emit(run, earnEntry(run, run.c.cards.get(card.id)?.asset ?? stampAsset(card.id), count, rule, explanation));
  run.added.stamps += count;
  convertFullCards(run, card);
}

export function convertFullCards(run: Run, card: StampCard): void {
  const compiled = run.c.cards.get(card.id);
  const asset = compiled?.asset ?? stampAsset(card.id);
  const rule = compiled?.rule ?? `stamp-card:${card.id}`;
  for (;;) {
    const uses = takeOldest(run, asset, card.size);
    if (!uses) return;
    emit(run, {
      id: run.input.newId(),
      asset,
      delta: -card.size,
      kind: 'convert',
      rule,
      explanation: { key: 'ledger.card.filled', params: { cardId: card.id, size: card.size } },
      uses,
    });
    earnReward(run, card.rewardId, rule, { key: 'ledger.reward.earned', params: { rewardId: card.rewardId } });
  }
}

type Params = Explanation['params'];

/**
 * `{ ...params, [key]: value, [key2]: value2, reason }`, the same keys in the same order, without
 * object spread: each caller passes params of another shape, and the spread at this one site went
 * through V8's slow generic path (it was the hottest line of a gift).
 */
function giftParams(params: Params, key: string, value: string | number, reason: string, key2?: string, value2?: string | number): Params {
  const out: Params = {};
  for (const k of Object.keys(params)) out[k] = params[k]!;
  out[key] = value;
  if (key2 !== undefined && value2 !== undefined) out[key2] = value2;
  out.reason = reason;
  return out;
}

/**
 * Gives a gift. The explanation names the gift (key loyalty.gift.<kind>) and the reason
 * (`reason` is itself a key under loyalty.reason.*, rendered with the same parameters).
 */
export function grantGift(run: Run, gift: Gift, rule: string, reason: string, params: Explanation['params'] = {}): void {
  switch (gift.kind) {
    case 'points':
      earnPoints(run, gift.amount, rule, { key: 'loyalty.gift.points', params: giftParams(params, 'count', gift.amount, reason) });
      return;
    case 'reward':
      earnReward(run, gift.rewardId, rule, { key: 'loyalty.gift.reward', params: giftParams(params, 'rewardId', gift.rewardId, reason) });
      return;
    case 'stamps': {
      const card = run.c.cards.get(gift.cardId);
      if (card) earnStamps(run, card, gift.count, rule, { key: 'loyalty.gift.stamps', params: giftParams(params, 'count', gift.count, reason, 'cardId', card.id) });
      return;
    }
    default: {
      const never: never = gift;
      return never;
    }
  }
}

/** Gift entries for another customer (the referrer): same shapes, their own ids, no lots of theirs needed. */
export function giftEntriesForOther(run: Run, gift: Gift, rule: string, reason: string, params: Explanation['params']): PlannedEntry[] {
  const expiresAt = expiryOfNewLot(run);
  const make = (asset: AssetId, delta: number, explanation: Explanation): PlannedEntry => {
    const entry: PlannedEntry = { id: run.input.newId(), asset, delta, kind: 'earn', rule, explanation };
    if (expiresAt !== null) entry.expiresAt = expiresAt;
    return entry;
  };
  switch (gift.kind) {
    case 'points':
      return [make(pointsAsset, gift.amount, { key: 'loyalty.gift.points', params: giftParams(params, 'count', gift.amount, reason) })];
    case 'reward':
      return [make(rewardAsset(gift.rewardId), 1, { key: 'loyalty.gift.reward', params: giftParams(params, 'rewardId', gift.rewardId, reason) })];
    case 'stamps':
      // Their card may fill with these; the database runs the card conversion (decideConversions) for them.
      return [make(stampAsset(gift.cardId), gift.count, { key: 'loyalty.gift.stamps', params: giftParams(params, 'count', gift.count, reason, 'cardId', gift.cardId) })];
    default: {
      const never: never = gift;
      return never;
    }
  }
}
