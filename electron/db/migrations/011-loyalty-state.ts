import type { Migration } from './index';

/**
 * The loyalty engine's own state beside the ledger (issue 3). Balances stay in `lots`; what else
 * the engine's rules read (CustomerState: tier with its review and grace, visits in the longest
 * window, counters, "given this year" marks, a pending referral) is kept per customer in
 * `loyalty_state`, changed only by the StateChange values an evaluation returns, in the same
 * transaction as its ledger entries.
 *
 * - `loyalty_state`: one row per customer, JSON columns as the engine's types; `due_day` is the
 *   local day of the next tier review or grace end, so the daily job finds who is due by index.
 *   A customer without a row (every customer of a database upgraded to 11) is seeded on first use
 *   from what the ledger and sales show (electron/core/program.ts loyaltyStateOf): no data is
 *   guessed here, in a migration that cannot see the program in force.
 * - `loyalty_operations`: per operation, the StateChanges and the effects on other customers (a
 *   referrer's gift) it made, so a reversal is planned from the operation as recorded.
 * - `velocity_flags`: days above a velocity limit, for a manager, with the staff member.
 * - `loyalty_days`: the store days the daily job (expiry, tier reviews) has run for, so a restart
 *   or a second run the same day writes nothing twice.
 */
export const m011LoyaltyState: Migration = {
  version: 11,
  name: 'loyalty-state',
  up(db) {
    db.exec(`
      CREATE TABLE loyalty_state (
        customer_id TEXT PRIMARY KEY REFERENCES customers (id),
        tier TEXT NOT NULL,
        visits TEXT NOT NULL,
        counters TEXT NOT NULL,
        marks TEXT NOT NULL,
        referral TEXT,
        due_day INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX loyalty_state_due ON loyalty_state (due_day) WHERE due_day IS NOT NULL;

      CREATE TABLE loyalty_operations (
        operation_id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        changes TEXT NOT NULL,
        others TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE velocity_flags (
        id TEXT PRIMARY KEY,
        operation_id TEXT NOT NULL,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        rule_id TEXT NOT NULL,
        metric TEXT NOT NULL,
        count INTEGER NOT NULL,
        max INTEGER NOT NULL,
        day INTEGER NOT NULL,
        staff_id TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX velocity_flags_day ON velocity_flags (day);
      CREATE INDEX velocity_flags_customer ON velocity_flags (customer_id, day);

      CREATE TABLE loyalty_days (
        day TEXT PRIMARY KEY,
        ran_at INTEGER NOT NULL,
        customers INTEGER NOT NULL,
        entries INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
