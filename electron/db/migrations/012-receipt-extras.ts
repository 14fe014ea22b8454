import type { Migration } from './index';

/**
 * What the loyalty engine asked to print with an operation (issue 3): a partner's coupon chosen by
 * rule, warnings of points or stamps about to expire. Kept as the evaluation produced them, in the
 * operation's transaction, so a reprint shows the same coupon code even after the program changed.
 *
 * Keyed by what the receipt is printed for: a sale's id (a sale may earn nothing and so have no
 * ledger operation, yet still carry a warning), a quick stamp's operation id. A row is written only
 * when there is something to print, so an ordinary stamp writes no extra page.
 */
export const m012ReceiptExtras: Migration = {
  version: 12,
  name: 'receipt-extras',
  up(db) {
    db.exec(`
      CREATE TABLE receipt_extras (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers (id),
        extras TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
