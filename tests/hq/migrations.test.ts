import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHq } from '../../hq/app';
import { migrate } from '../../hq/db/migrate';
import { migrations } from '../../hq/db/migrations';
import { partitionName } from '../../hq/db/partitions';
import { makeDeps } from '../../hq/deps';
import { FEED_ROW_SPAN, readFeed } from '../../hq/sync/feed';
import { openPg, openPglite, type Sql } from '../../hq/db/sql';
import { backends, chain, FakeTerminal, newId, type Backend } from './support';

const connect = (options: { dataDir?: string; databaseUrl?: string }): Promise<Sql> =>
  options.databaseUrl ? Promise.resolve(openPg(options.databaseUrl)) : openPglite(options.dataDir);

describe.each(backends)('HQ schema on $name', (backend: Backend) => {
  let db: Awaited<ReturnType<Backend['open']>>;
  beforeAll(async () => {
    db = await backend.open();
  }, 180_000);
  afterAll(async () => db?.drop(), 180_000);

  it('migrates once, gives each organisation its own partitions, and routes its rows there', { timeout: 240_000 }, async () => {
    const hq = await startHq({ ...db.options, adminPassword: 'x' });
    const { organisationId, storeIds } = await chain(hq, 1);
    const t = await FakeTerminal.enrolled(hq, storeIds[0]!);
    const customer = newId();
    await t.push([t.enrolCustomer(customer), t.ledger(customer, 'stamp.add', [['stamps:coffee', 1]])]);
    await hq.close();

    const sql = await connect(db.options);
    try {
      expect(await migrate(sql)).toBe(migrations.length);
      const applied = await sql.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(applied.map((r) => r.version)).toEqual(migrations.map((_, i) => i + 1));
      const partitioned = await sql.query<{ name: string; strategy: string }>(
        `SELECT c.relname AS name, p.partstrat AS strategy FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
      );
      expect(partitioned).toEqual([
        { name: 'events', strategy: 'l' },
        { name: 'ledger_entries', strategy: 'l' },
      ]);
      for (const table of ['events', 'ledger_entries'] as const) {
        const rows = await sql.query<{ part: string }>(`SELECT tableoid::regclass::text AS part FROM ${table} WHERE organisation_id = $1`, [organisationId]);
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((r) => r.part))).toEqual(new Set([partitionName(table, organisationId)]));
      }
    } finally {
      await sql.close();
    }
  });

  it('keeps a feed written before batch rows readable at the cursors terminals already hold (migration 007)', { timeout: 240_000 }, async () => {
    const fresh = await backend.open();
    const sql = await connect(fresh.options);
    try {
      await migrate(sql, migrations.slice(0, 6));
      const [org, store, writer, reader, customer] = [newId(), newId(), newId(), newId(), newId()];
      const operations = [newId(), newId(), newId()];
      // As version 6 wrote them: a customer item, then one row per operation pointing at its event.
      await sql.query(
        `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at) VALUES ($1, $2, $3, 'customer', $4::jsonb, 1)`,
        [org, store, writer, JSON.stringify({ kind: 'customer', customer: { id: customer, name: 'Ана' } })],
      );
      for (const [i, operationId] of operations.entries()) {
        const payload = { type: 'ledger.recorded', operationId, customerId: customer, command: 'stamp.add', entries: [] };
        await sql.query(
          `INSERT INTO events (organisation_id, terminal_id, seq, id, store_id, type, hlc, created_at, received_at, customer_id, payload)
           VALUES ($1, $2, $3, $4, $5, 'ledger.recorded', $6, 1, 1, $7, $8::jsonb)`,
          [org, writer, i + 1, newId(), store, `00000000000000${i}-00000-w`, customer, JSON.stringify(payload)],
        );
        await sql.query(
          `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at, event_terminal_id, event_seq) VALUES ($1, $2, $3, 'ledger', NULL, 1, $3, $4)`,
          [org, store, writer, i + 1],
        );
      }
      const before = await sql.query<{ cursor: number }>('SELECT cursor FROM feed WHERE organisation_id = $1 ORDER BY cursor', [org]);

      await migrate(sql);
      const deps = makeDeps(sql, Date.now, () => undefined);
      const who = { organisationId: org, storeId: store, terminalId: reader };
      const all = await readFeed(deps, who, '0', 10);
      expect(all.items.map((i) => i.cursor)).toEqual(before.map((r) => String(r.cursor)));
      expect(all.items.map((i) => (i.kind === 'ledger' ? i.operationId : i.kind))).toEqual(['customer', ...operations]);
      // A terminal that had read up to the second operation goes on from there.
      const rest = await readFeed(deps, who, String(before[2]!.cursor), 10);
      expect(rest.items.map((i) => (i.kind === 'ledger' ? i.operationId : i.kind))).toEqual([operations[2]]);

      // A row written now lists operations and takes the next span of cursors, after every older one.
      await sql.query(
        `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at, event_terminal_id, event_seqs) VALUES ($1, $2, $3, 'ledger', NULL, 1, $3, '{1,2}')`,
        [org, store, writer],
      );
      const next = await readFeed(deps, who, all.next, 10);
      const last = before[before.length - 1]!.cursor;
      expect(next.items.map((i) => i.cursor)).toEqual([String(last + FEED_ROW_SPAN), String(last + FEED_ROW_SPAN + 1)]);
      expect(next.items.map((i) => (i.kind === 'ledger' ? i.operationId : i.kind))).toEqual(operations.slice(0, 2));
    } finally {
      await sql.close();
      await fresh.drop();
    }
  });

  it('refuses a database written by a newer HQ, and leaves it as it was', { timeout: 240_000 }, async () => {
    const sql = await connect(db.options);
    try {
      await migrate(sql);
      await sql.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from the future', 0)", [migrations.length + 1]);
    } finally {
      await sql.close();
    }
    await expect(startHq({ ...db.options, adminPassword: 'x' })).rejects.toThrow(/newer than this HQ/);
    const again = await connect(db.options);
    try {
      const [row] = await again.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
      expect(row!.n).toBe(migrations.length + 1);
    } finally {
      await again.close();
    }
  });
});
