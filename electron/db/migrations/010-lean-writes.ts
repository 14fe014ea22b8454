import type { Migration } from './index';

/**
 * Fewer pages per stamp. A durable write costs, on the disks tills have, about what the pages it
 * carries cost: a stamp touched 16 b-trees (18 WAL pages at the median, bench/counter.ts), a bare
 * commit one. Four tables kept a rowid b-tree beside the b-tree of their real key, and the outbox's
 * AUTOINCREMENT rewrote sqlite_sequence on every event:
 *
 * - balances, lots and idempotency become WITHOUT ROWID: the row lives in its key's b-tree, so an
 *   insert or update writes one b-tree instead of two;
 * - the outbox keeps `seq` as its rowid without AUTOINCREMENT (it is append-only and never
 *   deleted, so MAX(seq) + 1 never reuses a number; a delete trigger now guarantees that) and
 *   drops the UNIQUE index on its event id, which nothing looks up (HQ de-duplicates by id).
 *
 * Tables are rebuilt as SQLite documents it (create, copy, drop, rename), with foreign keys off for
 * the duration (migrate() does that and checks them before committing); triggers are recreated.
 */
export const m010LeanWrites: Migration = {
  version: 10,
  name: 'lean-writes',
  up(db) {
    db.exec(`
      CREATE TABLE balances_v10 (
        customer_id TEXT NOT NULL REFERENCES customers (id),
        asset TEXT NOT NULL,
        amount INTEGER NOT NULL,
        PRIMARY KEY (customer_id, asset)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO balances_v10 (customer_id, asset, amount) SELECT customer_id, asset, amount FROM balances;
      DROP TABLE balances;
      ALTER TABLE balances_v10 RENAME TO balances;
      CREATE TRIGGER balances_no_overdraft_insert BEFORE INSERT ON balances
        WHEN NEW.amount < 0 AND (SELECT applying FROM sync_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: balance below zero'); END;
      CREATE TRIGGER balances_no_overdraft_update BEFORE UPDATE ON balances
        WHEN NEW.amount < 0 AND NEW.amount < OLD.amount AND (SELECT applying FROM sync_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: balance below zero'); END;

      CREATE TABLE lots_v10 (
        entry_id TEXT PRIMARY KEY REFERENCES ledger (id),
        customer_id TEXT NOT NULL,
        asset TEXT NOT NULL,
        remaining INTEGER NOT NULL CHECK (remaining >= 0),
        created_at INTEGER NOT NULL,
        expires_at INTEGER
      ) STRICT, WITHOUT ROWID;
      INSERT INTO lots_v10 (entry_id, customer_id, asset, remaining, created_at, expires_at)
        SELECT entry_id, customer_id, asset, remaining, created_at, expires_at FROM lots ORDER BY entry_id;
      DROP TABLE lots;
      ALTER TABLE lots_v10 RENAME TO lots;
      CREATE INDEX lots_open ON lots (customer_id, asset, created_at) WHERE remaining > 0;

      CREATE TABLE idempotency_v10 (
        key TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO idempotency_v10 (key, command, result, created_at) SELECT key, command, result, created_at FROM idempotency;
      DROP TABLE idempotency;
      ALTER TABLE idempotency_v10 RENAME TO idempotency;

      CREATE TABLE outbox_v10 (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        hlc TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      INSERT INTO outbox_v10 (seq, id, type, payload, hlc, created_at) SELECT seq, id, type, payload, hlc, created_at FROM outbox ORDER BY seq;
      DROP TABLE outbox;
      ALTER TABLE outbox_v10 RENAME TO outbox;
      CREATE INDEX outbox_created ON outbox (created_at);
      CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
        BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;
      CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
        BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;
    `);
  },
};
