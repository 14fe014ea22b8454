import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The one SQL interface HQ's code is written against. Two adapters: PGlite (PostgreSQL in WASM, the
 * embedded default) and a `pg` Pool on a real server. Same dialect, same migrations, same queries;
 * bigint (int8) and numeric come back as JS numbers on both (HQ's amounts and cursors stay far below
 * 2^53).
 */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Sql extends Queryable {
  readonly driver: 'pglite' | 'pg';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string): number => Number(v);

export async function openPglite(dataDir?: string): Promise<Sql> {
  const db = await PGlite.create({ dataDir, parsers: { [INT8]: toNumber, [NUMERIC]: toNumber } });
  return {
    driver: 'pglite',
    async query<T>(text: string, params?: readonly unknown[]) {
      const r = await db.query<T>(text, params ? [...params] : undefined);
      return r.rows;
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) =>
        fn({
          async query<R>(text: string, params?: readonly unknown[]) {
            const r = await tx.query<R>(text, params ? [...params] : undefined);
            return r.rows;
          },
        }),
      );
    },
    close: () => db.close(),
  };
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return toNumber;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function openPg(connectionString: string, max = 10): Sql {
  const pool = new pg.Pool({ connectionString, max, types: pgTypes as pg.CustomTypesConfig });
  // An idle client losing its server connection must not crash HQ; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    driver: 'pg',
    async query<T>(text: string, params?: readonly unknown[]) {
      const r = await pool.query(text, params ? [...params] : undefined);
      return r.rows as T[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn({
          async query<R>(text: string, params?: readonly unknown[]) {
            const r = await client.query(text, params ? [...params] : undefined);
            return r.rows as R[];
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
