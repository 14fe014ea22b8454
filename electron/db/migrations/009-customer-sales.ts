import type { Migration } from './index';

/**
 * A customer's recent sales by customer: the counter's loyalty summary (loyalty.summary) reads the
 * sales in the longest rule window (a year for tiers) each time a customer is opened, and without
 * this index that was every sale of the year, through the time index.
 */
export const m009CustomerSales: Migration = {
  version: 9,
  name: 'customer-sales',
  up(db) {
    db.exec('CREATE INDEX sales_customer ON sales (customer_id, created_at) WHERE customer_id IS NOT NULL;');
  },
};
