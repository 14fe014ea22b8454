import type { Migration } from './index';

/** The counter flow: staff, customers and cards, the append-only ledger with its lots, and the outbox. */
export const m001Counter: Migration = {
  version: 1,
  name: 'counter',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('cashier', 'barista', 'manager')),
        pin_hash TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT 'bg' CHECK (language IN ('bg', 'ru', 'en')),
        active INTEGER NOT NULL DEFAULT 1,
        failed_pins INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE programs (
        version INTEGER PRIMARY KEY,
        document TEXT NOT NULL,
        published_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_search TEXT NOT NULL,
        phone TEXT UNIQUE,
        -- The phone's digits reversed, so "the last digits" is an indexed prefix search.
        phone_rev TEXT,
        email TEXT,
        birthday TEXT,
        language TEXT NOT NULL CHECK (language IN ('bg', 'ru', 'en')),
        marketing_consent INTEGER NOT NULL DEFAULT 0,
        marketing_consent_at INTEGER,
        enrolled_at INTEGER NOT NULL,
        enrolled_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX customers_name_search ON customers (name_search);
      CREATE INDEX customers_phone_rev ON customers (phone_rev);

      CREATE TABLE cards (
        code TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        linked_at INTEGER NOT NULL,
        blocked INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX cards_customer ON cards (customer_id);

      -- Append-only: stamps, points and rewards are entries, never counters. Mistakes are undone by
      -- a compensating entry that names the one it reverses.
      CREATE TABLE ledger (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        asset TEXT NOT NULL,
        delta INTEGER NOT NULL CHECK (delta <> 0),
        kind TEXT NOT NULL,
        rule TEXT,
        explanation TEXT NOT NULL,
        reverses_id TEXT REFERENCES ledger (id),
        reason TEXT,
        operation_id TEXT NOT NULL,
        visit_id TEXT,
        staff_id TEXT NOT NULL,
        terminal_id TEXT NOT NULL,
        terminal_seq INTEGER NOT NULL,
        program_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ledger_customer ON ledger (customer_id, created_at);
      CREATE INDEX ledger_operation ON ledger (operation_id);
      CREATE UNIQUE INDEX ledger_reversed_once ON ledger (reverses_id) WHERE reverses_id IS NOT NULL;
      CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
        BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
      CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
        BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

      -- What is left of each earning. A materialised view of the ledger, kept in the same transaction.
      CREATE TABLE lots (
        entry_id TEXT PRIMARY KEY REFERENCES ledger (id),
        customer_id TEXT NOT NULL,
        asset TEXT NOT NULL,
        remaining INTEGER NOT NULL CHECK (remaining >= 0),
        created_at INTEGER NOT NULL,
        expires_at INTEGER
      ) STRICT;
      CREATE INDEX lots_open ON lots (customer_id, asset, created_at) WHERE remaining > 0;

      -- Which lots each spending entry took from, so a reversal restores exactly those lots.
      CREATE TABLE lot_uses (
        entry_id TEXT NOT NULL REFERENCES ledger (id),
        lot_id TEXT NOT NULL REFERENCES lots (entry_id),
        amount INTEGER NOT NULL CHECK (amount > 0),
        PRIMARY KEY (entry_id, lot_id)
      ) STRICT;
      CREATE TRIGGER lot_uses_no_update BEFORE UPDATE ON lot_uses
        BEGIN SELECT RAISE(ABORT, 'lot_uses is append-only'); END;
      CREATE TRIGGER lot_uses_no_delete BEFORE DELETE ON lot_uses
        BEGIN SELECT RAISE(ABORT, 'lot_uses is append-only'); END;

      CREATE TABLE balances (
        customer_id TEXT NOT NULL REFERENCES customers (id),
        asset TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (customer_id, asset)
      ) STRICT;

      -- A retried or double-tapped command returns the first answer instead of acting twice.
      CREATE TABLE idempotency (
        key TEXT PRIMARY KEY,
        command TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      -- Every business event, written in the same transaction as the change it describes; the sync
      -- worker ships it in seq order. seq is the terminal's sequence number.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        hlc TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER outbox_no_update BEFORE UPDATE ON outbox
        BEGIN SELECT RAISE(ABORT, 'outbox is append-only'); END;
    `);
  },
};
