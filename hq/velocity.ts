import { velocitySchema } from '../shared/loyalty/program';
import { isoOfDay, localDay, startOfDay } from '../shared/loyalty/time';
import type { Queryable } from './db/sql';
import type { HqDeps } from './deps';
import type { TerminalIdentity } from './tenancy';

/** The metrics HQ can total from the ledger alone (a sale count needs the sales, which stay at the till). */
type Metric = 'stamps' | 'points' | 'redemptions';
const METRICS: readonly Metric[] = ['stamps', 'points', 'redemptions'];

/** A batch's ledger entry, as storeBatch has it. */
export interface VelocityEntry {
  customer_id: string;
  operation_id: string;
  asset: string;
  delta: number;
  kind: string;
  created_at: number;
  entry: unknown;
}

/** What an entry adds to a metric's day total, as the till's engine counts it (shared/loyalty velocity). */
function adds(metric: Metric, e: VelocityEntry): number {
  if (metric === 'stamps') return e.kind === 'earn' && e.asset.startsWith('stamps:') ? e.delta : 0;
  if (metric === 'points') return e.kind === 'earn' && e.asset === 'points' ? e.delta : 0;
  return e.kind === 'redeem' ? 1 : 0;
}

/**
 * HQ sees every store's events, so it catches what no single till can: a customer whose stamps,
 * points or redemptions across all stores in one day go above a velocity rule of the organisation's
 * newest program. The day is the entry's own time (a till offline for a week does not lump its week
 * into the day it reconnects) in the pushing store's time zone. One flag per customer, rule and day,
 * when the day's total first goes above the rule, with the terminal and staff member whose operation
 * took it there. Runs inside the push transaction, under the customers' row locks, so two batches
 * for one customer never both see the total below the limit. Returns the flags recorded.
 */
export async function flagVelocity(deps: HqDeps, tx: Queryable, who: TerminalIdentity, entries: readonly VelocityEntry[], now: number): Promise<number> {
  if (entries.length === 0) return 0;
  // Only the newest program's velocity rules are read (HQ validated the whole document when it was published).
  const [program] = await tx.query<{ velocity: unknown }>("SELECT document->'velocity' AS velocity FROM programs WHERE organisation_id = $1 ORDER BY version DESC LIMIT 1", [
    who.organisationId,
  ]);
  const parsed = velocitySchema.array().safeParse(program?.velocity ?? []);
  if (!parsed.success) return 0;
  const rules = parsed.data.filter((r): r is typeof r & { metric: Metric } => (METRICS as readonly string[]).includes(r.metric));
  if (rules.length === 0) return 0;
  const [store] = await tx.query<{ time_zone: string }>('SELECT time_zone FROM stores WHERE id = $1', [who.storeId]);
  const timeZone = store?.time_zone ?? 'UTC';

  // The batch's part of each (customer, day, metric) total, and the operation that added to it last.
  const groups = new Map<string, { customerId: string; day: number; metric: Metric; added: number; operationId: string; staffId: string | null }>();
  for (const e of entries) {
    for (const metric of new Set(rules.map((r) => r.metric))) {
      const n = adds(metric, e);
      if (n <= 0) continue;
      const day = localDay(e.created_at, timeZone);
      const key = `${e.customer_id}|${day}|${metric}`;
      const g = groups.get(key) ?? { customerId: e.customer_id, day, metric, added: 0, operationId: e.operation_id, staffId: null };
      g.added += n;
      g.operationId = e.operation_id;
      const staffId = (e.entry as { staffId?: unknown }).staffId;
      g.staffId = typeof staffId === 'string' ? staffId : null;
      groups.set(key, g);
    }
  }
  if (groups.size === 0) return 0;
  const list = [...groups.values()];
  // HQ's whole day for each, this batch included (its entries are already stored).
  const totals = await tx.query<{ i: number; total: number }>(
    `SELECT q.i, COALESCE(CASE q.metric
              WHEN 'stamps' THEN sum(l.delta) FILTER (WHERE l.kind = 'earn' AND l.asset LIKE 'stamps:%')
              WHEN 'points' THEN sum(l.delta) FILTER (WHERE l.kind = 'earn' AND l.asset = 'points')
              ELSE count(DISTINCT l.operation_id) FILTER (WHERE l.kind = 'redeem') END, 0) AS total
       FROM ROWS FROM (unnest($2::int[]), unnest($3::uuid[]), unnest($4::bigint[]), unnest($5::bigint[]), unnest($6::text[])) AS q(i, customer_id, from_ms, to_ms, metric)
       LEFT JOIN ledger_entries l ON l.organisation_id = $1 AND l.customer_id = q.customer_id AND l.created_at >= q.from_ms AND l.created_at < q.to_ms
      GROUP BY q.i, q.metric`,
    [
      who.organisationId,
      list.map((_, i) => i),
      list.map((g) => g.customerId),
      list.map((g) => startOfDay(g.day, timeZone)),
      list.map((g) => startOfDay(g.day + 1, timeZone)),
      list.map((g) => g.metric),
    ],
  );
  let flagged = 0;
  for (const { i, total } of totals) {
    const g = list[i]!;
    const before = total - g.added;
    for (const rule of rules) {
      if (rule.metric !== g.metric || total <= rule.maxPerDay || before > rule.maxPerDay) continue;
      const stored = await tx.query(
        `INSERT INTO conflicts (id, organisation_id, kind, customer_id, asset, operation_id, terminal_id, shortfall, created_at,
                                staff_id, store_id, rule_id, day, day_total, max_per_day)
         VALUES ($1, $2, 'velocity', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13, $14)
         ON CONFLICT (organisation_id, customer_id, rule_id, day) WHERE kind = 'velocity' DO NOTHING RETURNING 1`,
        [deps.newId(), who.organisationId, g.customerId, g.metric, g.operationId, who.terminalId, total - rule.maxPerDay, now, g.staffId, who.storeId, rule.id, isoOfDay(g.day), total, rule.maxPerDay],
      );
      flagged += stored.length;
    }
  }
  return flagged;
}
