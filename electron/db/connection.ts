import Database from 'better-sqlite3';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens the terminal's database and brings its schema up to date.
 *
 * WAL lets the counter read while a write commits; synchronous=FULL because an acknowledged stamp
 * must survive a power cut, not only an app crash. Foreign keys are off by default in SQLite.
 *
 * The page cache is 64 MiB instead of SQLite's 2 MiB: a stamp walks a dozen b-trees (the ledger's
 * indexes, lots, balances, the engine's state), and after a few years a store's file is over a
 * gigabyte, so with the default cache even their interior pages were read again from the OS on
 * every stamp (on the 2 000 000-entry bench store the open-lots read took 0.19 ms instead of 0.05).
 * One connection, so one cache: a till has the memory.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  applyPragmas(db);
  if (!options.readonly) migrate(db);
  return db;
}

export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection. The counter's commands run the same dozen
 * statements over and over; preparing them each time was a measurable part of a stamp.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
