import type { Migration } from './index';

/**
 * Shift reports count the shift's events HQ has not acknowledged by time. The outbox keeps every
 * event (it is append-only), so without an index a Z-report on a terminal that has never synced
 * reads a whole year of events: about half a second at 500 sales a day (bench/sales.ts).
 */
export const m007OutboxTime: Migration = {
  version: 7,
  name: 'outbox-time',
  up(db) {
    db.exec('CREATE INDEX outbox_created ON outbox (created_at)');
  },
};
