import type { Migration } from './index';

/**
 * Covering indexes for shift reports: a month-long shift of a busy café is 15,000 sales and 45,000
 * lines, and reading them through the tables' own rows doubled the Z-report's time (bench/sales.ts).
 * The new sales index starts with shift_id, so the older one-column index is dropped.
 */
export const m008ReportIndexes: Migration = {
  version: 8,
  name: 'report-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX sales_shift_report ON sales (shift_id, created_at, staff_id, total_minor, discount_minor, id);
      DROP INDEX sales_shift;
      CREATE INDEX sale_lines_report ON sale_lines (sale_id, category_id, quantity, total_minor);
      CREATE INDEX tenders_report ON tenders (sale_id, kind, applied_minor);
    `);
  },
};
