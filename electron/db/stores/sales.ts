import { prepared, type Db } from '../connection';
import type { SaleSummary } from '../../../shared/contract/sales';

interface SummaryRow {
  id: string;
  number: number;
  total_minor: number;
  created_at: number;
  customer_name: string | null;
  staff_name: string;
  refunded: 'refund' | 'void' | null;
}

/**
 * Sales as the lists show them (the shift's recent sales, "find a sale"): number, total, customer,
 * staff and whether refunded or voided. `where` picks and orders them, with `params` for its `?`s.
 */
export function saleSummaries(db: Db, where: string, ...params: unknown[]): SaleSummary[] {
  const rows = prepared(
    db,
    `SELECT s.id, s.number, s.total_minor, s.created_at, c.name AS customer_name, COALESCE(st.name, s.staff_id) AS staff_name, r.kind AS refunded
     FROM sales s LEFT JOIN customers c ON c.id = s.customer_id LEFT JOIN staff st ON st.id = s.staff_id LEFT JOIN refunds r ON r.sale_id = s.id
     ${where}`,
  ).all(...params) as SummaryRow[];
  return rows.map((r) => ({ saleId: r.id, number: r.number, totalMinor: r.total_minor, customerName: r.customer_name, staffName: r.staff_name, createdAt: r.created_at, refunded: r.refunded }));
}
