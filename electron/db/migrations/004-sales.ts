import type { Migration } from './index';

/** The catalogue, sales with their lines and tenders, and refunds/voids (a sale row is never changed). */
export const m004Sales: Migration = {
  version: 4,
  name: 'sales',
  up(db) {
    db.exec(`
      CREATE TABLE categories (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        category_id TEXT NOT NULL REFERENCES categories (id),
        name TEXT NOT NULL,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
        barcode TEXT UNIQUE,
        position INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE TABLE modifiers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
        active INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE sales (
        id TEXT PRIMARY KEY,
        number INTEGER NOT NULL UNIQUE,
        shift_id TEXT NOT NULL REFERENCES shifts (id),
        terminal_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        customer_id TEXT REFERENCES customers (id),
        currency TEXT NOT NULL,
        subtotal_minor INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL,
        total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
        change_minor INTEGER NOT NULL,
        operation_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX sales_shift ON sales (shift_id);
      CREATE INDEX sales_time ON sales (created_at);
      CREATE TABLE sale_lines (
        sale_id TEXT NOT NULL REFERENCES sales (id),
        line_no INTEGER NOT NULL,
        item_id TEXT NOT NULL,
        name TEXT NOT NULL,
        category_id TEXT NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_minor INTEGER NOT NULL,
        modifiers_minor INTEGER NOT NULL,
        modifiers TEXT NOT NULL,
        discount_minor INTEGER NOT NULL,
        total_minor INTEGER NOT NULL,
        PRIMARY KEY (sale_id, line_no)
      ) STRICT;
      CREATE TABLE tenders (
        sale_id TEXT NOT NULL REFERENCES sales (id),
        line_no INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'voucher')),
        amount_minor INTEGER NOT NULL,
        applied_minor INTEGER NOT NULL,
        reference TEXT,
        PRIMARY KEY (sale_id, line_no)
      ) STRICT;
      -- A refund or void reverses a whole sale once; the sale itself stays as it was.
      CREATE TABLE refunds (
        id TEXT PRIMARY KEY,
        sale_id TEXT NOT NULL UNIQUE REFERENCES sales (id),
        kind TEXT NOT NULL CHECK (kind IN ('refund', 'void')),
        shift_id TEXT NOT NULL REFERENCES shifts (id),
        reason TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        cash_minor INTEGER NOT NULL,
        operation_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX refunds_shift ON refunds (shift_id);
      ${['sales', 'sale_lines', 'tenders', 'refunds']
        .map(
          (t) => `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} are never changed'); END;
                  CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${t} are never deleted'); END;`,
        )
        .join('\n')}
    `);
  },
};
