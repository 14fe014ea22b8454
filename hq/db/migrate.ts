import type { Sql } from './sql';
import { migrations } from './migrations';

export class FutureSchemaError extends Error {}

const MIGRATION_LOCK = 7_114_001;

/**
 * Brings the database to the newest schema: each migration in its own transaction that also
 * records it in schema_migrations. A database written by a newer HQ is refused, never touched.
 * Several HQ processes starting on one PostgreSQL serialise on an advisory lock.
 */
export async function migrate(sql: Sql, list: readonly { name: string; up: string }[] = migrations): Promise<number> {
  // Under the lock: two HQ processes creating the table at once would otherwise collide.
  await sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
  });
  const latest = list.length;
  for (;;) {
    const done = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const [row] = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = row?.v ?? 0;
      if (current > latest) {
        throw new FutureSchemaError(
          `This HQ database has schema version ${current}, newer than this HQ (${latest}). Run the newer HQ, or restore a backup made by this version.`,
        );
      }
      if (current === latest) return true;
      const next = list[current]!;
      for (const statement of splitStatements(next.up)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [current + 1, next.name, Date.now()]);
      return false;
    });
    if (done) return latest;
  }
}

/** Splits a migration on `;` at line ends (migrations hold no functions with bodies). */
function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
