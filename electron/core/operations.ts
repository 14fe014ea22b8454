import { prepared, type Db } from '../db/connection';
import type { CoreDeps } from './context';
import { loyaltyStateOf } from './program';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { decideConversions, lotsAfter } from '../../shared/domain/counter';
import { stampAsset, type Explanation, type LedgerEntry, type Lot, type PlannedEntry } from '../../shared/domain/ledger';
import {
  applyChanges,
  evaluate,
  isHousekeeping,
  localDay,
  newCustomerState,
  type CustomerState,
  type EngineContext,
  type EngineOutput,
  type LoyaltyEvent,
  type OtherCustomerEffect,
  type Program,
  type Shortfall,
  type StateChange,
  type TierState,
  type VelocityFlag,
} from '../../shared/loyalty';
import { appendEntries, openLots, openLotsOfCustomer, operationEntries, toLot, type LotRow } from '../db/stores/ledger';
import { appendOutbox, nextOutboxSeq } from '../db/stores/outbox';
import { appendOwingEntry, outstandingDeficits, settleDeficits } from '../sync/apply';
import { localText } from '../../shared/domain/program';
import type { Locale } from '../../shared/i18n/locale';
import type { VelocityFlagView } from '../../shared/contract/program';

/**
 * Where loyalty operations are written (issue 3): the ledger entries, the outbox event, and beside
 * them what the engine needs next time: the customer's state (tier, visits, counters, marks,
 * referral; migration 011), the operation's state changes and effects on other customers (so a
 * reversal is planned from the operation as recorded), and velocity flags. All in the caller's
 * transaction.
 */

/** What the engine decided for an operation, besides its entries. */
export interface EngineEffects {
  /** The state the engine read (before this operation), to which `changes` apply. */
  state: CustomerState;
  changes: StateChange[];
  others: OtherCustomerEffect[];
  flags: VelocityFlag[];
  shortfalls: Shortfall[];
}

export interface Operation {
  customerId: string;
  command: string;
  visitId: string | null;
  reason: string | null;
  staffId: string;
  planned: PlannedEntry[];
  /** The id the engine was given; a new one when not set. */
  operationId?: string;
  engine?: EngineEffects;
}

/**
 * An engine run at the counter or in the daily job, recorded. It is an operation (writeOperation:
 * the outbox, so the other stores hear of it, and loyalty_operations, so a refund can undo it) when
 * it wrote entries, touched another customer, or changed the customer's state in a way the chain
 * shares: a visit from a sale that earned nothing, a referral claimed at enrolment, a tier review.
 * Pruning alone is this store's housekeeping and is only saved. Returns the operation's id, or null
 * when no operation was recorded.
 */
export function recordEngineRun(deps: CoreDeps, op: Operation & { engine: EngineEffects }): string | null {
  const { planned, engine } = op;
  if (planned.length > 0 || engine.others.length > 0 || engine.changes.some((c) => !isHousekeeping(c))) return writeOperation(deps, op);
  if (engine.changes.length > 0) saveState(deps.db, applyChanges(engine.state, engine.changes), deps.clock.now(), deps.programDocument().document);
  return null;
}

/** Appends one operation's entries and its outbox event; the caller holds the transaction. */
export function writeOperation(deps: CoreDeps, op: Operation): string {
  const { db, clock, ids } = deps;
  const operationId = op.operationId ?? ids.newId();
  const now = clock.now();
  const seq = nextOutboxSeq(db);
  const programVersion = deps.program().version;
  const entries: LedgerEntry[] = op.planned.map((p) => ({
    ...p,
    customerId: op.customerId,
    operationId,
    visitId: op.visitId,
    staffId: op.staffId,
    terminalId: deps.terminalId,
    terminalSeq: seq,
    programVersion,
    reason: op.reason,
    createdAt: now,
  }));
  const short = new Set((op.engine?.shortfalls ?? []).map((s) => s.entryId));
  const owing = outstandingDeficits(db, op.customerId);
  for (const e of entries) {
    // Entries that leave a deficit, forgive one, or take from an asset already owed go the way the
    // feed's entries go; every other entry through the ledger store, which refuses an overdraft.
    const moved = (e.uses ?? e.restores ?? []).reduce((sum, u) => sum + u.amount, 0);
    const uneven = short.has(e.id) || ((e.uses !== undefined || e.restores !== undefined) && moved !== Math.abs(e.delta)) || (e.delta < 0 && owing.has(e.asset));
    if (uneven) appendOwingEntry(db, e);
    else appendEntries(db, [e]);
  }
  // New lots first repay what is still owed (spends made elsewhere, refunds of spent earnings).
  if (entries.some((e) => e.delta > 0)) settleDeficits(db, op.customerId);
  appendOutbox(db, {
    seq,
    id: ids.newId(),
    hlc: deps.nextHlc(),
    createdAt: now,
    payload: { type: 'ledger.recorded', operationId, customerId: op.customerId, command: op.command, entries },
  });
  if (op.engine) recordEffects(deps, op, operationId, op.engine, now);
  return operationId;
}

function recordEffects(deps: CoreDeps, op: Operation, operationId: string, effects: EngineEffects, now: number): void {
  const { db } = deps;
  prepared(db, 'INSERT INTO loyalty_operations (operation_id, customer_id, changes, others) VALUES (?, ?, ?, ?)').run(
    operationId,
    op.customerId,
    JSON.stringify(effects.changes),
    JSON.stringify(effects.others),
  );
  saveState(db, applyChanges(effects.state, effects.changes), now, deps.programDocument().document);
  const flag = prepared(
    db,
    'INSERT INTO velocity_flags (id, operation_id, customer_id, rule_id, metric, count, max, day, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const f of effects.flags) flag.run(deps.ids.newId(), operationId, op.customerId, f.ruleId, f.metric, f.count, f.max, f.day, f.staffId, now);
  for (const other of effects.others) {
    if (other.entries.length > 0) writeOtherGift(deps, other, op.staffId, operationId, now);
    dropDeferredGift(db, other.customerId, other.reverseEntryIds);
    for (const reversedOperation of operationsOf(db, other.reverseEntryIds)) {
      const undone = reverseRecorded(deps, { staffId: op.staffId, operationId: reversedOperation, reason: op.reason ?? 'reversal', command: 'ledger.reverse', visitId: null });
      // Already undone (by hand, before this reversal) is fine; anything else must roll back the whole.
      if (!undone.ok && undone.error.code !== 'ledger.already_reversed') throw new Error(`reversal of ${reversedOperation} for ${other.customerId}: ${undone.error.code}`);
    }
  }
}

/**
 * A referrer's gift, written as that customer's own operation (their card may fill with it). A
 * referrer this till does not hold yet (the referee enrolled at another store) gets it later: it is
 * kept in `deferred_gifts` with the operation that earned it (migration 013), and written by
 * releaseDeferredGifts once the sync worker has fetched them from HQ.
 */
function writeOtherGift(deps: CoreDeps, other: Pick<OtherCustomerEffect, 'customerId' | 'entries'>, staffId: string, earnedBy: string, now: number): void {
  const { db } = deps;
  if (!prepared(db, 'SELECT 1 FROM customers WHERE id = ?').get(other.customerId)) {
    prepared(db, 'INSERT INTO deferred_gifts (operation_id, customer_id, entries, staff_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
      earnedBy,
      other.customerId,
      JSON.stringify(other.entries),
      staffId,
      now,
    );
    return;
  }
  const planned = [...other.entries];
  for (const card of deps.program().stampCards) {
    const asset = stampAsset(card.id);
    if (!planned.some((e) => e.asset === asset)) continue;
    const lots = lotsAfter(openLots(db, other.customerId, asset), planned, asset, now);
    planned.push(...decideConversions(card, lots, () => deps.ids.newId()).entries);
  }
  writeOperation(deps, { customerId: other.customerId, command: 'loyalty.referral', visitId: null, reason: null, staffId, planned });
}

/** A gift still waiting for its customer is dropped when what earned it is undone (its entries never existed here). */
function dropDeferredGift(db: Db, customerId: string, entryIds: readonly string[]): void {
  if (entryIds.length === 0) return;
  const undone = new Set(entryIds);
  for (const row of prepared(db, 'SELECT operation_id, entries FROM deferred_gifts WHERE customer_id = ?').all(customerId) as { operation_id: string; entries: string }[]) {
    if ((JSON.parse(row.entries) as PlannedEntry[]).some((e) => undone.has(e.id))) prepared(db, 'DELETE FROM deferred_gifts WHERE operation_id = ?').run(row.operation_id);
  }
}

/** Writes the deferred gifts whose customer this till now holds, each as their own operation, oldest first. Returns how many. */
export function releaseDeferredGifts(deps: CoreDeps): number {
  const { db } = deps;
  const due = prepared(db, 'SELECT d.operation_id, d.customer_id, d.entries, d.staff_id FROM deferred_gifts d JOIN customers c ON c.id = d.customer_id ORDER BY d.created_at, d.operation_id').all() as {
    operation_id: string;
    customer_id: string;
    entries: string;
    staff_id: string;
  }[];
  let written = 0;
  for (const gift of due) {
    // One transaction per gift: one that cannot be written (a damaged row) is logged and kept, and holds neither the others nor sync up.
    try {
      db.transaction(() => {
        writeOtherGift(deps, { customerId: gift.customer_id, entries: JSON.parse(gift.entries) as PlannedEntry[] }, gift.staff_id, gift.operation_id, deps.clock.now());
        prepared(db, 'DELETE FROM deferred_gifts WHERE operation_id = ?').run(gift.operation_id);
      })();
      written++;
    } catch (cause) {
      deps.log.error('deferred gift not written', { operationId: gift.operation_id, error: cause instanceof Error ? cause.message : String(cause) });
    }
  }
  return written;
}

/**
 * Customers this till needs from HQ and does not hold: referrers named by pending referrals of its
 * customers (a first purchase here will pay them a gift), and those whose gift is waiting.
 */
export function customersWanted(db: Db, limit: number): string[] {
  const rows = prepared(
    db,
    `SELECT id FROM (
       SELECT json_extract(referral, '$.referrerId') AS id FROM loyalty_state WHERE json_extract(referral, '$.status') = 'pending'
       UNION SELECT customer_id FROM deferred_gifts)
     WHERE id IS NOT NULL AND id NOT IN (SELECT id FROM customers) ORDER BY id LIMIT ?`,
  ).all(limit) as { id: string }[];
  return rows.map((r) => r.id);
}

function operationsOf(db: Db, entryIds: readonly string[]): string[] {
  const found = new Set<string>();
  for (const id of entryIds) {
    const row = prepared(db, 'SELECT operation_id FROM ledger WHERE id = ?').get(id) as { operation_id: string } | undefined;
    if (row) found.add(row.operation_id);
  }
  return [...found];
}

interface StateRow {
  tier: string;
  visits: string;
  counters: string;
  marks: string;
  referral: string | null;
}

/**
 * A customer's loyalty state as the engine reads it: the stored state (migration 011) and their
 * open lots, less what they still owe (a deficit is repaid before anything can be spent). A
 * customer with no stored state yet (enrolled before 011, or arrived from another store) is
 * seeded from what the ledger and sales show (loyaltyStateOf), with a tier review due.
 * `touched` adds lots by id even when used up: a reversal gives back to them.
 */
export function readState(deps: CoreDeps, customerId: string, program: Program, now: number, touched: readonly string[] = []): CustomerState | null {
  const { db } = deps;
  const customer = prepared(db, 'SELECT name, phone, birthday, enrolled_at FROM customers WHERE id = ?').get(customerId) as
    | { name: string; phone: string | null; birthday: string | null; enrolled_at: number }
    | undefined;
  if (!customer) return null;
  const row = prepared(db, 'SELECT tier, visits, counters, marks, referral FROM loyalty_state WHERE customer_id = ?').get(customerId) as StateRow | undefined;
  let base: CustomerState;
  if (row) {
    base = newCustomerState(customerId, customer.enrolled_at, {
      birthday: customer.birthday,
      firstName: customer.name.trim().split(/\s+/)[0] ?? null,
      phone: customer.phone,
      tier: JSON.parse(row.tier) as TierState,
      visits: JSON.parse(row.visits) as CustomerState['visits'],
      counters: JSON.parse(row.counters) as CustomerState['counters'],
      marks: JSON.parse(row.marks) as CustomerState['marks'],
      referral: row.referral === null ? null : (JSON.parse(row.referral) as CustomerState['referral']),
    });
  } else {
    const derived = loyaltyStateOf(deps, customerId, program, now);
    if (!derived) return null;
    const reviewDay = derived.tier.tierId !== null && program.tiers ? localDay(now, program.timeZone) + program.tiers.reviewEveryDays : null;
    base = { ...derived, tier: { ...derived.tier, reviewDay } };
  }
  const open = openLotsOfCustomer(db, customerId);
  // What is owed comes off the oldest open lots, as settleDeficits will take it.
  const owed = outstandingDeficits(db, customerId);
  const lots: Lot[] = [];
  for (const lot of open) {
    const due = owed.get(lot.asset) ?? 0;
    const take = Math.min(due, lot.remaining);
    if (take > 0) owed.set(lot.asset, due - take);
    lots.push(take > 0 ? { ...lot, remaining: lot.remaining - take } : lot);
  }
  const stillOwed: Record<string, number> = {};
  for (const [asset, amount] of owed) if (amount > 0) stillOwed[asset] = amount;
  const have = new Set(lots.map((l) => l.entryId));
  const byId = prepared(db, 'SELECT entry_id, asset, remaining, created_at, expires_at FROM lots WHERE entry_id = ? AND customer_id = ?');
  for (const id of touched) {
    if (have.has(id)) continue;
    const r = byId.get(id, customerId) as LotRow | undefined;
    if (r) {
      lots.push(toLot(r));
      have.add(id);
    }
  }
  return Object.keys(stillOwed).length > 0 ? { ...base, lots, owed: stillOwed } : { ...base, lots };
}

/**
 * Stores a customer's state apart from lots; `due_day` is their next tier review or grace end.
 * Visits older than any rule looks back and day counters before yesterday are dropped on the way,
 * as the engine's `day` event prunes them (which runs only for customers with something due), so
 * a regular's stored state stays as small as the program needs.
 */
export function saveState(db: Db, stateIn: CustomerState, now: number, program: Program): void {
  const today = localDay(now, program.timeZone);
  const horizon = Math.max(1, program.tiers?.windowDays ?? 0, ...program.surprises.map((x) => x.regularDays), ...program.challenges.map((c) => c.withinDays), program.feedback?.oncePerDays ?? 0);
  const counters: Record<string, number> = {};
  for (const [k, v] of Object.entries(stateIn.counters)) {
    const m = /^day:(-?\d+):/.exec(k);
    if (!m || Number(m[1]) >= today - 1) counters[k] = v;
  }
  const state = { ...stateIn, visits: stateIn.visits.filter((v) => v.day >= today - horizon), counters };
  // Below the first tier there is nothing to review: such a customer is never due.
  const due = state.tier.tierId === null ? [] : [state.tier.reviewDay, state.tier.graceUntilDay].filter((d): d is number => d !== null);
  prepared(
    db,
    `INSERT INTO loyalty_state (customer_id, tier, visits, counters, marks, referral, due_day, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (customer_id) DO UPDATE SET tier = excluded.tier, visits = excluded.visits, counters = excluded.counters, marks = excluded.marks,
       referral = excluded.referral, due_day = excluded.due_day, updated_at = excluded.updated_at`,
  ).run(
    state.customerId,
    JSON.stringify(state.tier),
    JSON.stringify(state.visits),
    JSON.stringify(state.counters),
    JSON.stringify(state.marks),
    state.referral === null ? null : JSON.stringify(state.referral),
    due.length === 0 ? null : Math.min(...due),
    now,
  );
}

export interface EngineCall {
  operationId: string;
  visitId?: string | null;
  staffId?: string;
  context?: EngineContext;
}

/** Runs the engine for one customer at the till: the program in force, the store's zone, the clock. */
export function runEngine(deps: CoreDeps, state: CustomerState, event: LoyaltyEvent, call: EngineCall): Result<EngineOutput, AppError> {
  const { document: program } = deps.programDocument();
  return evaluate({
    program,
    state,
    event,
    now: deps.clock.now(),
    timeZone: program.timeZone,
    operationId: call.operationId,
    visitId: call.visitId ?? null,
    newId: () => deps.ids.newId(),
    ...(call.staffId !== undefined ? { staffId: call.staffId } : {}),
    ...(call.context !== undefined ? { context: call.context } : {}),
  });
}

/** How many referrals this referrer was already rewarded for (and not undone). */
export function referrerRewardedCount(db: Db, referrerId: string): number {
  return (
    prepared(
      db,
      `SELECT COUNT(*) AS n FROM ledger l WHERE l.customer_id = ? AND l.rule = 'referral:referrer' AND l.delta > 0 AND l.kind = 'earn'
       AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses_id = l.id)`,
    ).get(referrerId) as { n: number }
  ).n;
}

/** Engine effects for an operation the engine decided, from its output and the state it read. */
export const effectsOf = (state: CustomerState, out: Pick<EngineOutput, 'changes' | 'others' | 'flags' | 'shortfalls'>): EngineEffects => ({
  state,
  changes: out.changes,
  others: out.others,
  flags: out.flags,
  shortfalls: out.shortfalls,
});

export interface Reversal {
  staffId: string;
  operationId: string;
  reason: string;
  command: string;
  visitId: string | null;
}

export interface ReversalDone {
  operationId: string;
  customerId: string;
  /** What the customer owes because it was already spent, per asset. */
  owed: { asset: string; amount: number }[];
  /** The engine's notes for the cashier (owed points, a reward already used ...). */
  notes: Explanation[];
}

/**
 * Undoes a recorded operation through the engine's `reverse` event (issue 6): its entries, its state
 * changes, and a referrer's gift it made. Earnings since spent are taken from the customer's other
 * lots, and what they do not hold is written as a deficit their next earnings repay, so a refund is
 * never refused for that. The caller holds the transaction.
 */
export function reverseRecorded(deps: CoreDeps, r: Reversal): Result<ReversalDone, AppError> {
  const { db } = deps;
  const entries = operationEntries(db, r.operationId);
  const recorded = prepared(db, 'SELECT customer_id, changes, others FROM loyalty_operations WHERE operation_id = ?').get(r.operationId) as
    | { customer_id: string; changes: string; others: string }
    | undefined;
  // An operation without entries (a visit from a sale that earned nothing) is undone by its state changes alone.
  if (entries.length === 0 && !recorded) return err({ code: 'ledger.entry_not_found' });
  if (entries.some((e) => e.kind === 'reverse')) return err({ code: 'ledger.not_reversible' });
  if (entries.some((e) => e.reversedBy !== null)) return err({ code: 'ledger.already_reversed' });
  const customerId = entries[0]?.customerId ?? recorded!.customer_id;
  const detail = new Map(
    (prepared(db, 'SELECT id, rule, explanation, expires_at FROM ledger l LEFT JOIN lots ON lots.entry_id = l.id WHERE l.operation_id = ?').all(r.operationId) as {
      id: string;
      rule: string | null;
      explanation: string;
      expires_at: number | null;
    }[]).map((d) => [d.id, d]),
  );
  const planned: PlannedEntry[] = entries.map((e) => ({
    id: e.id,
    asset: e.asset,
    delta: e.delta,
    kind: e.kind as PlannedEntry['kind'],
    rule: detail.get(e.id)?.rule ?? null,
    explanation: JSON.parse(detail.get(e.id)?.explanation ?? '{"key":"","params":{}}') as Explanation,
    ...(e.delta < 0 ? { uses: e.uses } : {}),
  }));
  const touched = new Set<string>();
  for (const e of entries) {
    touched.add(e.id);
    for (const u of e.uses) touched.add(u.lotId);
  }
  const { document: program } = deps.programDocument();
  const state = readState(deps, customerId, program, deps.clock.now(), [...touched]);
  if (!state) return err({ code: 'customer.not_found' });
  const operationId = deps.ids.newId();
  const out = runEngine(
    deps,
    state,
    {
      type: 'reverse',
      operation: {
        operationId: r.operationId,
        entries: planned,
        changes: recorded ? (JSON.parse(recorded.changes) as StateChange[]) : [],
        others: recorded ? (JSON.parse(recorded.others) as OtherCustomerEffect[]) : [],
        reversed: false,
      },
      reason: r.reason,
    },
    { operationId, staffId: r.staffId },
  );
  if (!out.ok) return out;
  writeOperation(deps, {
    customerId,
    command: r.command,
    visitId: r.visitId,
    reason: r.reason,
    staffId: r.staffId,
    planned: out.value.entries,
    operationId,
    engine: effectsOf(state, out.value),
  });
  const owed = new Map<string, number>();
  for (const s of out.value.shortfalls) owed.set(s.asset, (owed.get(s.asset) ?? 0) + s.amount);
  return ok({
    operationId,
    customerId,
    owed: [...owed].map(([asset, amount]) => ({ asset, amount })),
    notes: out.value.explanations.filter((x) => x.key.startsWith('loyalty.reverse.')),
  });
}

/** Velocity flags for a manager: a customer's, or the store's of the last `days` days. */
export function velocityFlags(db: Db, filter: { customerId?: string; fromDay: number }): VelocityFlagView[] {
  const rows = (
    filter.customerId !== undefined
      ? prepared(
          db,
          `SELECT f.*, c.name AS customer_name, COALESCE(s.name, f.staff_id) AS staff_name FROM velocity_flags f JOIN customers c ON c.id = f.customer_id
           LEFT JOIN staff s ON s.id = f.staff_id WHERE f.customer_id = ? AND f.day >= ? ORDER BY f.created_at DESC LIMIT 200`,
        ).all(filter.customerId, filter.fromDay)
      : prepared(
          db,
          `SELECT f.*, c.name AS customer_name, COALESCE(s.name, f.staff_id) AS staff_name FROM velocity_flags f JOIN customers c ON c.id = f.customer_id
           LEFT JOIN staff s ON s.id = f.staff_id WHERE f.day >= ? ORDER BY f.created_at DESC LIMIT 200`,
        ).all(filter.fromDay)
  ) as {
    id: string;
    operation_id: string;
    customer_id: string;
    customer_name: string;
    rule_id: string;
    metric: string;
    count: number;
    max: number;
    day: number;
    staff_id: string | null;
    staff_name: string | null;
    created_at: number;
  }[];
  return rows.map((f) => ({
    id: f.id,
    operationId: f.operation_id,
    customerId: f.customer_id,
    customerName: f.customer_name,
    ruleId: f.rule_id,
    metric: f.metric,
    count: f.count,
    max: f.max,
    day: f.day,
    staffId: f.staff_id,
    staffName: f.staff_name,
    createdAt: f.created_at,
  }));
}


/** The engine's notes as the counter shows them: card and reward names filled in the reader's language. */
export function notesFor(deps: CoreDeps, notes: readonly Explanation[], language: Locale): Explanation[] {
  const program = deps.program();
  return notes.map((n) => {
    const params = { ...n.params };
    if (typeof params.cardId === 'string') {
      const card = program.stampCards.find((c) => c.id === params.cardId);
      params.card = card ? localText(card.name, language) : params.cardId;
    }
    if (typeof params.rewardId === 'string') {
      const reward = program.rewards.find((r) => r.id === params.rewardId);
      params.reward = reward ? localText(reward.name, language) : params.rewardId;
    }
    return { key: n.key, params };
  });
}
