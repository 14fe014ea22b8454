import type { Migration } from './index';

/**
 * A referrer's gift earned at a till that does not hold the referrer (issue 5): a referee enrolled
 * at one store makes the first purchase at another. The gift is kept here, in the purchase's
 * transaction, and written as this till's own operation once the referrer is held (the sync worker
 * asks HQ for them), so it is neither lost nor given twice: only the till of the purchase writes it.
 * A refund of the purchase before then drops it.
 *
 * The partial index finds the referrers that pending referrals name, for the worker to fetch,
 * without reading every customer's state each round.
 */
export const m013DeferredGifts: Migration = {
  version: 13,
  name: 'deferred-gifts',
  up(db) {
    db.exec(`
      CREATE TABLE deferred_gifts (
        operation_id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        entries TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX deferred_gifts_by_customer ON deferred_gifts (customer_id);
      CREATE INDEX loyalty_state_pending_referral ON loyalty_state (json_extract(referral, '$.referrerId'))
        WHERE json_extract(referral, '$.status') = 'pending';
    `);
  },
};
