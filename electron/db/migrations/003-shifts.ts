import type { Migration } from './index';

/** Shifts with their float, cash movements and Z-report; a closed shift never changes. */
export const m003Shifts: Migration = {
  version: 3,
  name: 'shifts',
  up(db) {
    db.exec(`
      CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        terminal_id TEXT NOT NULL,
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL,
        currency TEXT NOT NULL,
        float_minor INTEGER NOT NULL CHECK (float_minor >= 0),
        closed_at INTEGER,
        closed_by TEXT,
        z_number INTEGER UNIQUE,
        counted_minor INTEGER,
        counted_detail TEXT,
        expected_minor INTEGER,
        events_waiting INTEGER,
        report TEXT
      ) STRICT;
      -- One open shift per terminal: a crash leaves it open, and the restart carries on with it.
      CREATE UNIQUE INDEX shifts_one_open ON shifts (terminal_id) WHERE closed_at IS NULL;
      CREATE TRIGGER shifts_closed_never_change BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a closed shift never changes'); END;
      CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
        BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

      CREATE TABLE cash_movements (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts (id),
        kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        reason TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cash_movements_shift ON cash_movements (shift_id);
      CREATE TRIGGER cash_movements_open_shift BEFORE INSERT ON cash_movements
        WHEN (SELECT closed_at FROM shifts WHERE id = NEW.shift_id) IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a closed shift never changes'); END;
      CREATE TRIGGER cash_movements_no_update BEFORE UPDATE ON cash_movements
        BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;
      CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
        BEGIN SELECT RAISE(ABORT, 'cash movements are append-only'); END;

      -- Shift reports read a terminal's ledger by time.
      CREATE INDEX ledger_terminal_time ON ledger (terminal_id, created_at);
      CREATE INDEX customers_enrolled ON customers (enrolled_at);
    `);
  },
};
