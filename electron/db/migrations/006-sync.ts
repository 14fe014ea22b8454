import type { Migration } from './index';

/**
 * Sync with HQ: enrolment and cursors, the signed offline allowance and what was redeemed under it,
 * and what the change feed brought (foreign customers, programs, ledger operations).
 *
 * HQ's truth can take a balance below zero (two offline tills spent the same reward). Local spends
 * must still never overdraw, so the CHECK on `balances.amount` becomes a trigger that refuses a
 * balance going below zero unless the sync worker is applying HQ's entries (`sync_guard.applying`,
 * set and cleared inside that one transaction). The part of a foreign spend that no lot could cover
 * is kept in `ledger_deficits` and repaid by the next earnings (see electron/sync/apply.ts).
 */
export const m006Sync: Migration = {
  version: 6,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hq_url TEXT,
        organisation_id TEXT,
        store_id TEXT,
        -- Ed25519 public key (SPKI, base64) that signs offline allowances; the secret is not here.
        allowance_key TEXT,
        enrolled_at INTEGER,
        revoked INTEGER NOT NULL DEFAULT 0,
        -- Highest outbox seq HQ has acknowledged: the push resumes after it.
        push_ack_seq INTEGER NOT NULL DEFAULT 0,
        feed_cursor TEXT NOT NULL DEFAULT '0',
        last_contact_at INTEGER,
        last_sync_at INTEGER,
        last_push_failed INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_allowance (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        grant_json TEXT NOT NULL,
        signature TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        stored_at INTEGER NOT NULL
      ) STRICT;

      -- Redemptions made while offline, counted against the allowance they were made under.
      CREATE TABLE offline_redemptions (
        grant_issued_at INTEGER NOT NULL,
        day TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        rewards INTEGER NOT NULL DEFAULT 0 CHECK (rewards >= 0),
        points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
        PRIMARY KEY (grant_issued_at, day, customer_id)
      ) STRICT;

      -- Customers that arrived from HQ (enrolled at another store or terminal).
      CREATE TABLE sync_customers (
        customer_id TEXT PRIMARY KEY REFERENCES customers (id),
        home_store_id TEXT NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;

      -- Ledger operations applied from the feed: a page read twice applies nothing twice.
      CREATE TABLE sync_operations (
        operation_id TEXT PRIMARY KEY,
        origin_terminal_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      ) STRICT;

      -- Program versions published at HQ and the local version each became.
      CREATE TABLE sync_programs (
        hq_version INTEGER PRIMARY KEY,
        local_version INTEGER NOT NULL REFERENCES programs (version)
      ) STRICT;

      -- What a foreign spend could not take from lots: repaid by the next earnings of that asset.
      CREATE TABLE ledger_deficits (
        entry_id TEXT PRIMARY KEY REFERENCES ledger (id),
        customer_id TEXT NOT NULL,
        asset TEXT NOT NULL,
        outstanding INTEGER NOT NULL CHECK (outstanding >= 0),
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledger_deficits_open ON ledger_deficits (customer_id, asset, created_at) WHERE outstanding > 0;

      CREATE TABLE sync_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        applying INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO sync_guard (id, applying) VALUES (1, 0);

      CREATE TABLE balances_v6 (
        customer_id TEXT NOT NULL REFERENCES customers (id),
        asset TEXT NOT NULL,
        amount INTEGER NOT NULL,
        PRIMARY KEY (customer_id, asset)
      ) STRICT;
      INSERT INTO balances_v6 (customer_id, asset, amount) SELECT customer_id, asset, amount FROM balances;
      DROP TABLE balances;
      ALTER TABLE balances_v6 RENAME TO balances;
      CREATE TRIGGER balances_no_overdraft_insert BEFORE INSERT ON balances
        WHEN NEW.amount < 0 AND (SELECT applying FROM sync_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: balance below zero'); END;
      CREATE TRIGGER balances_no_overdraft_update BEFORE UPDATE ON balances
        WHEN NEW.amount < 0 AND NEW.amount < OLD.amount AND (SELECT applying FROM sync_guard WHERE id = 1) = 0
        BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: balance below zero'); END;
    `);
  },
};
