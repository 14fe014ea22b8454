import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHq } from '../../hq/app';
import { migrate } from '../../hq/db/migrate';
import { migrations } from '../../hq/db/migrations';
import { partitionName } from '../../hq/db/partitions';
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
