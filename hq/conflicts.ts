import type { LedgerEntry } from '../shared/domain/ledger';
import type { ConflictResolution } from '../shared/sync/wire';
import { HQ_TERMINAL_ID, type HqDeps } from './deps';
import { HqError } from './errors';
import { lockCustomers, lockStoreFeeds, storesKnowing } from './sync/feed';

export interface Conflict {
  id: string;
  organisationId: string;
  kind: 'double_spend' | 'velocity';
  customerId: string;
  customerName: string | null;
  asset: string;
  operationId: string;
  terminalId: string;
  otherOperationId: string | null;
  otherTerminalId: string | null;
  /** How far the spend went below zero (units of the asset). */
  shortfall: number;
  createdAt: number;
  resolvedAt: number | null;
  resolution: HqResolution | null;
  managerName: string | null;
  /** The HQ ledger entry a write-off made. */
  adjustEntryId: string | null;
  /** HQ's balance of the asset now. */
  balance: number;
  /** Velocity flags: the staff member and store of the operation that went above the rule, the rule, the local day (YYYY-MM-DD), the day's total and the rule's limit. */
  staffId: string | null;
  storeId: string | null;
  ruleId: string | null;
  day: string | null;
  dayTotal: number | null;
  maxPerDay: number | null;
}

/** A double spend is written off or carried; a velocity flag is only ever marked reviewed. */
export type HqResolution = ConflictResolution | 'reviewed';

interface ConflictRow {
  id: string;
  organisation_id: string;
  kind: Conflict['kind'];
  customer_id: string;
  customer_name: string | null;
  asset: string;
  operation_id: string;
  terminal_id: string;
  other_operation_id: string | null;
  other_terminal_id: string | null;
  shortfall: number;
  created_at: number;
  resolved_at: number | null;
  resolution: HqResolution | null;
  manager_name: string | null;
  adjust_entry_id: string | null;
  balance: number | null;
  staff_id: string | null;
  store_id: string | null;
  rule_id: string | null;
  day: string | null;
  day_total: number | null;
  max_per_day: number | null;
}

const toConflict = (r: ConflictRow): Conflict => ({
  id: r.id,
  organisationId: r.organisation_id,
  kind: r.kind,
  customerId: r.customer_id,
  customerName: r.customer_name,
  asset: r.asset,
  operationId: r.operation_id,
  terminalId: r.terminal_id,
  otherOperationId: r.other_operation_id,
  otherTerminalId: r.other_terminal_id,
  shortfall: r.shortfall,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  resolution: r.resolution,
  managerName: r.manager_name,
  adjustEntryId: r.adjust_entry_id,
  balance: r.balance ?? 0,
  staffId: r.staff_id,
  storeId: r.store_id,
  ruleId: r.rule_id,
  day: r.day,
  dayTotal: r.day_total,
  maxPerDay: r.max_per_day,
});

export async function listConflicts(deps: HqDeps, organisationId: string, opts: { open?: boolean } = {}): Promise<Conflict[]> {
  const rows = await deps.sql.query<ConflictRow>(
    `SELECT k.id::text, k.organisation_id::text, k.kind, k.customer_id::text, c.name AS customer_name, k.asset, k.operation_id::text, k.terminal_id::text,
            k.other_operation_id::text, k.other_terminal_id::text, k.shortfall, k.created_at, k.resolved_at, k.resolution, k.manager_name,
            k.adjust_entry_id::text, b.amount AS balance, k.staff_id, k.store_id::text, k.rule_id, to_char(k.day, 'YYYY-MM-DD') AS day, k.day_total, k.max_per_day
       FROM conflicts k
       LEFT JOIN customers c ON c.organisation_id = k.organisation_id AND c.id = k.customer_id
       LEFT JOIN balances b ON b.organisation_id = k.organisation_id AND b.customer_id = k.customer_id AND b.asset = k.asset
      WHERE k.organisation_id = $1 AND ($2::boolean IS NULL OR (k.resolved_at IS NULL) = $2::boolean)
      ORDER BY k.created_at, k.id`,
    [organisationId, opts.open ?? null],
  );
  return rows.map(toConflict);
}

/**
 * A manager's decision on a conflict. 'write_off' adds an HQ ledger entry (kind 'adjust', HQ's own
 * terminal id) that brings the balance back up to zero, at most by the shortfall; 'carry_negative'
 * leaves the balance below zero for later earnings to repay. Either way every store that knows the
 * customer gets `conflict.resolved` in its feed, and the write-off's entry as a ledger item.
 * A velocity flag changes nothing but itself: 'reviewed' (and only that) records who looked at it.
 */
export async function resolveConflict(deps: HqDeps, input: { conflictId: string; resolution: HqResolution; managerName: string }): Promise<void> {
  const managerName = input.managerName.trim();
  if (!managerName || managerName.length > 100) throw new HqError('admin.invalid', { field: 'managerName' });
  if (input.resolution !== 'write_off' && input.resolution !== 'carry_negative' && input.resolution !== 'reviewed') throw new HqError('admin.invalid', { field: 'resolution' });
  await deps.sql.transaction(async (tx) => {
    const [k] = await tx.query<{ organisation_id: string; kind: Conflict['kind']; customer_id: string; asset: string; shortfall: number; resolved_at: number | null }>(
      'SELECT organisation_id::text, kind, customer_id::text, asset, shortfall, resolved_at FROM conflicts WHERE id = $1 FOR UPDATE',
      [input.conflictId],
    );
    if (!k) throw new HqError('admin.not_found', { what: 'conflict' });
    if (k.resolved_at !== null) throw new HqError('admin.invalid', { reason: 'already_resolved' });
    if ((k.kind === 'velocity') !== (input.resolution === 'reviewed')) throw new HqError('admin.invalid', { field: 'resolution' });
    if (k.kind === 'velocity') {
      await tx.query("UPDATE conflicts SET resolved_at = $2, resolution = 'reviewed', manager_name = $3 WHERE id = $1", [input.conflictId, deps.now(), managerName]);
      return;
    }
    const resolution: ConflictResolution = input.resolution === 'write_off' ? 'write_off' : 'carry_negative';
    const now = deps.now();
    const org = k.organisation_id;
    await lockCustomers(tx, org, [k.customer_id]);
    let adjust: LedgerEntry | null = null;
    if (resolution === 'write_off') {
      const [b] = await tx.query<{ amount: number }>('SELECT amount FROM balances WHERE organisation_id = $1 AND customer_id = $2 AND asset = $3 FOR UPDATE', [
        org,
        k.customer_id,
        k.asset,
      ]);
      const delta = b && b.amount < 0 ? Math.min(k.shortfall, -b.amount) : 0;
      if (delta > 0) {
        const [seq] = await tx.query<{ n: number }>('SELECT count(*) + 1 AS n FROM ledger_entries WHERE organisation_id = $1 AND terminal_id = $2', [org, HQ_TERMINAL_ID]);
        const [program] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM programs WHERE organisation_id = $1', [org]);
        adjust = {
          id: deps.newId(),
          asset: k.asset,
          delta,
          kind: 'adjust',
          rule: null,
          explanation: { key: 'hq.conflict.write_off', params: { shortfall: delta, manager: managerName } },
          customerId: k.customer_id,
          operationId: deps.newId(),
          visitId: null,
          staffId: 'hq',
          terminalId: HQ_TERMINAL_ID,
          terminalSeq: seq?.n ?? 1,
          programVersion: program?.v ?? 0,
          reason: `conflict ${input.conflictId} written off by ${managerName}`,
          createdAt: now,
        };
        await tx.query(
          `INSERT INTO ledger_entries (organisation_id, id, customer_id, operation_id, command, asset, delta, kind, terminal_id, terminal_seq, store_id, created_at, received_at, entry)
           VALUES ($1, $2, $3, $4, 'conflict.write_off', $5, $6, 'adjust', $7, $8, NULL, $9, $9, $10)`,
          [org, adjust.id, k.customer_id, adjust.operationId, k.asset, delta, HQ_TERMINAL_ID, adjust.terminalSeq, now, JSON.stringify(adjust)],
        );
        await tx.query('UPDATE balances SET amount = amount + $4 WHERE organisation_id = $1 AND customer_id = $2 AND asset = $3', [org, k.customer_id, k.asset, delta]);
      }
    }
    await tx.query('UPDATE conflicts SET resolved_at = $2, resolution = $3, manager_name = $4, adjust_entry_id = $5 WHERE id = $1', [
      input.conflictId,
      now,
      resolution,
      managerName,
      adjust?.id ?? null,
    ]);
    await lockStoreFeeds(tx, org, await storesKnowing(tx, org, [k.customer_id]));
    if (adjust) {
      await tx.query(
        `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
         SELECT $1, sc.store_id, $2, 'ledger', $3::jsonb, $4 FROM store_customers sc WHERE sc.organisation_id = $1 AND sc.customer_id = $5 ORDER BY sc.store_id`,
        [
          org,
          HQ_TERMINAL_ID,
          JSON.stringify({ kind: 'ledger', originTerminalId: HQ_TERMINAL_ID, operationId: adjust.operationId, customerId: k.customer_id, command: 'conflict.write_off', entries: [adjust] }),
          now,
          k.customer_id,
        ],
      );
    }
    await tx.query(
      `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
       SELECT $1, sc.store_id, NULL, 'conflict.resolved', $2::jsonb, $3 FROM store_customers sc WHERE sc.organisation_id = $1 AND sc.customer_id = $4 ORDER BY sc.store_id`,
      [org, JSON.stringify({ kind: 'conflict.resolved', conflictId: input.conflictId, customerId: k.customer_id, resolution, at: now }), now, k.customer_id],
    );
  });
}
