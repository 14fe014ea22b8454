import { prepared, type Db } from '../connection';
import type { AssetId, Explanation, LedgerEntry, Lot, LotUse } from '../../../shared/domain/ledger';
import type { ReversibleEntry } from '../../../shared/domain/counter';
import type { HistoryEntryView } from '../../../shared/contract/views';

/** An entry as the feed may carry it: the optional fields are stored as NULL. */
type LedgerRowInput = Omit<LedgerEntry, 'rule' | 'reason' | 'visitId'> & { rule?: string | null; reason?: string | null; visitId?: string | null };

/**
 * The ledger row of an entry, and nothing else: lots, balances and deficits are the caller's (the
 * local path below, and the feed's and owing entries' paths in electron/sync/apply.ts).
 * `reverses` is the entry it undoes as this database records it (null when already undone here).
 */
export function insertLedgerRow(db: Db, e: LedgerRowInput, reverses: string | null = e.reverses ?? null): void {
  prepared(
    db,
    `INSERT INTO ledger (id, customer_id, asset, delta, kind, rule, explanation, reverses_id, reason, operation_id,
                         visit_id, staff_id, terminal_id, terminal_seq, program_version, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    e.id,
    e.customerId,
    e.asset,
    e.delta,
    e.kind,
    e.rule ?? null,
    JSON.stringify(e.explanation),
    reverses,
    e.reason ?? null,
    e.operationId,
    e.visitId ?? null,
    e.staffId,
    e.terminalId,
    e.terminalSeq,
    e.programVersion,
    e.createdAt,
  );
}

/**
 * The ledger and its materialised views (lots, balances). `appendEntries` must run inside the
 * caller's transaction together with the outbox row; the CHECK constraints on lots and balances
 * make an overdraft abort the whole transaction rather than commit a negative balance.
 */
export function appendEntries(db: Db, entries: readonly LedgerEntry[]): void {
  const newLot = prepared(db, 
    'INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const changeLot = prepared(db, 'UPDATE lots SET remaining = remaining + ? WHERE entry_id = ? AND customer_id = ? AND asset = ?');
  const recordUse = prepared(db, 'INSERT INTO lot_uses (entry_id, lot_id, amount) VALUES (?, ?, ?)');
  // UPDATE first: an upsert would check amount >= 0 on the candidate row before merging it.
  const addToBalance = prepared(db, 'UPDATE balances SET amount = amount + ? WHERE customer_id = ? AND asset = ?');
  const newBalance = prepared(db, 'INSERT INTO balances (customer_id, asset, amount) VALUES (?, ?, ?)');

  for (const e of entries) {
    insertLedgerRow(db, e);
    if (e.delta > 0 && !e.restores) {
      newLot.run(e.id, e.customerId, e.asset, e.delta, e.createdAt, e.expiresAt ?? null);
    }
    const moves: { uses: readonly LotUse[]; sign: number } | null =
      e.uses ? { uses: e.uses, sign: -1 } : e.restores ? { uses: e.restores, sign: 1 } : null;
    if (moves) {
      const total = moves.uses.reduce((sum, u) => sum + u.amount, 0);
      if (total !== Math.abs(e.delta)) throw new Error(`entry ${e.id}: lot moves (${total}) do not match delta (${e.delta})`);
      for (const use of moves.uses) {
        const changed = changeLot.run(moves.sign * use.amount, use.lotId, e.customerId, e.asset).changes;
        if (changed !== 1) throw new Error(`entry ${e.id}: lot ${use.lotId} not found for this customer and asset`);
        if (moves.sign < 0) recordUse.run(e.id, use.lotId, use.amount);
      }
    } else if (e.delta < 0) {
      throw new Error(`entry ${e.id}: a negative entry must say which lots it takes from`);
    }
    if (addToBalance.run(e.delta, e.customerId, e.asset).changes === 0) newBalance.run(e.customerId, e.asset, e.delta);
  }
}

export function openLots(db: Db, customerId: string, asset: AssetId): Lot[] {
  const rows = prepared(db, 
      `SELECT entry_id, asset, remaining, created_at, expires_at FROM lots
       WHERE customer_id = ? AND asset = ? AND remaining > 0 ORDER BY created_at, entry_id`,
    )
    .all(customerId, asset) as LotRow[];
  return rows.map(toLot);
}

/** Every open lot of a customer, of every asset, oldest first: the balances the engine reads. */
export function openLotsOfCustomer(db: Db, customerId: string): Lot[] {
  const rows = prepared(
    db,
    'SELECT entry_id, asset, remaining, created_at, expires_at FROM lots WHERE customer_id = ? AND remaining > 0 ORDER BY created_at, entry_id',
  ).all(customerId) as LotRow[];
  return rows.map(toLot);
}

export function lotsById(db: Db, ids: readonly string[]): Map<string, Lot> {
  const get = prepared(db, 'SELECT entry_id, asset, remaining, created_at, expires_at FROM lots WHERE entry_id = ?');
  const lots = new Map<string, Lot>();
  for (const id of ids) {
    const row = get.get(id) as LotRow | undefined;
    if (row) lots.set(id, toLot(row));
  }
  return lots;
}

export interface OperationEntry extends ReversibleEntry {
  customerId: string;
  visitId: string | null;
  createdAt: number;
}

/** The entries of one operation in the order they were written, each with what it took from lots. */
export function operationEntries(db: Db, operationId: string): OperationEntry[] {
  const rows = prepared(db, 
      `SELECT l.id, l.customer_id, l.asset, l.delta, l.kind, l.visit_id, l.created_at,
              (SELECT r.id FROM ledger r WHERE r.reverses_id = l.id) AS reversed_by
       FROM ledger l WHERE l.operation_id = ? ORDER BY l.rowid`,
    )
    .all(operationId) as {
    id: string;
    customer_id: string;
    asset: string;
    delta: number;
    kind: string;
    visit_id: string | null;
    created_at: number;
    reversed_by: string | null;
  }[];
  const uses = prepared(db, 'SELECT lot_id, amount FROM lot_uses WHERE entry_id = ? ORDER BY rowid');
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    asset: r.asset,
    delta: r.delta,
    kind: r.kind,
    visitId: r.visit_id,
    createdAt: r.created_at,
    reversedBy: r.reversed_by,
    uses: (uses.all(r.id) as { lot_id: string; amount: number }[]).map((u) => ({ lotId: u.lot_id, amount: u.amount })),
  }));
}

export function balances(db: Db, customerId: string): Map<AssetId, number> {
  const rows = prepared(db, 'SELECT asset, amount FROM balances WHERE customer_id = ?').all(customerId) as { asset: string; amount: number }[];
  return new Map(rows.map((r) => [r.asset, r.amount]));
}

/** A customer's entries, newest first, as the history view shows them (who, when, why). */
// The text in the reader's language is added by the use case (electron/core/customers.ts), which knows the names.
export function history(db: Db, customerId: string, limit: number): Omit<HistoryEntryView, 'text'>[] {
  const rows = prepared(db, 
      `SELECT l.id, l.operation_id, l.asset, l.delta, l.kind, l.explanation, l.reason, l.created_at, l.reverses_id, l.visit_id,
              COALESCE(s.name, l.staff_id) AS staff_name,
              (SELECT r.id FROM ledger r WHERE r.reverses_id = l.id) AS reversed_by
       FROM ledger l LEFT JOIN staff s ON s.id = l.staff_id
       WHERE l.customer_id = ? ORDER BY l.created_at DESC, l.rowid DESC LIMIT ?`,
    )
    .all(customerId, limit) as {
    id: string;
    operation_id: string;
    asset: string;
    delta: number;
    kind: string;
    explanation: string;
    reason: string | null;
    created_at: number;
    reverses_id: string | null;
    visit_id: string | null;
    staff_name: string;
    reversed_by: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    operationId: r.operation_id,
    asset: r.asset,
    delta: r.delta,
    kind: r.kind,
    explanation: JSON.parse(r.explanation) as Explanation,
    reason: r.reason,
    staffName: r.staff_name,
    createdAt: r.created_at,
    reversedBy: r.reversed_by,
    reverses: r.reverses_id,
    visitId: r.visit_id,
  }));
}

/**
 * Recomputes every balance and lot from the ledger alone and lists where the materialised views
 * disagree. Empty means the views are right.
 */
export function verifyBalances(db: Db): string[] {
  const problems: string[] = [];
  // One grouped pass over both tables: a FULL OUTER JOIN against the grouped ledger is planned as a
  // nested loop over the materialised groups, quadratic in the number of customers.
  const balanceDiff = prepared(db,
      `SELECT customer_id, asset, SUM(stored) AS stored, SUM(computed) AS computed
       FROM (SELECT customer_id, asset, amount AS stored, 0 AS computed FROM balances
             UNION ALL
             SELECT customer_id, asset, 0, delta FROM ledger)
       GROUP BY customer_id, asset
       HAVING SUM(stored) <> SUM(computed)`,
    )
    .all() as { customer_id: string; asset: string; stored: number; computed: number }[];
  for (const d of balanceDiff) problems.push(`balance ${d.customer_id}/${d.asset}: stored ${d.stored}, ledger ${d.computed}`);
  // Aggregated once and joined, not a subquery per lot: lot_uses is keyed by the spending entry, so a
  // per-lot lookup scans it and a store with years of history would take hours to check.
  const lotDiff = prepared(db,
      `WITH used AS (SELECT lot_id, SUM(amount) AS n FROM lot_uses GROUP BY lot_id),
            given_back AS (SELECT u.lot_id, SUM(u.amount) AS n FROM lot_uses u JOIN ledger r ON r.reverses_id = u.entry_id GROUP BY u.lot_id)
       SELECT lots.entry_id, lots.remaining, ledger.delta - COALESCE(used.n, 0) + COALESCE(given_back.n, 0) AS computed
       FROM lots
       JOIN ledger ON ledger.id = lots.entry_id
       LEFT JOIN used ON used.lot_id = lots.entry_id
       LEFT JOIN given_back ON given_back.lot_id = lots.entry_id
       WHERE lots.remaining <> computed`,
    )
    .all() as { entry_id: string; remaining: number; computed: number }[];
  for (const d of lotDiff) problems.push(`lot ${d.entry_id}: stored ${d.remaining}, ledger ${d.computed}`);
  return problems;
}

export interface LotRow {
  entry_id: string;
  asset: string;
  remaining: number;
  created_at: number;
  expires_at: number | null;
}

export const toLot = (r: LotRow): Lot => ({ entryId: r.entry_id, asset: r.asset, remaining: r.remaining, createdAt: r.created_at, expiresAt: r.expires_at });
