import { prepared, type Db } from '../connection';
import type { CashMovementView, ShiftReport, ShiftView } from '../../../shared/contract/shiftViews';

interface ShiftRow {
  id: string;
  terminal_id: string;
  opened_at: number;
  opened_by: string;
  opened_by_name: string;
  currency: string;
  float_minor: number;
  closed_at: number | null;
  closed_by_name: string | null;
  z_number: number | null;
  report: string | null;
}

const shiftSelect = `
  SELECT s.*, COALESCE(o.name, s.opened_by) AS opened_by_name, c.name AS closed_by_name
  FROM shifts s LEFT JOIN staff o ON o.id = s.opened_by LEFT JOIN staff c ON c.id = s.closed_by`;

export function openShiftRow(db: Db, terminalId: string): ShiftRow | undefined {
  return prepared(db, `${shiftSelect} WHERE s.terminal_id = ? AND s.closed_at IS NULL`).get(terminalId) as ShiftRow | undefined;
}

export function shiftByZ(db: Db, zNumber: number): ShiftRow | undefined {
  return prepared(db, `${shiftSelect} WHERE s.z_number = ?`).get(zNumber) as ShiftRow | undefined;
}

export const toShiftView = (r: ShiftRow): ShiftView => ({
  id: r.id,
  currency: r.currency,
  openedAt: r.opened_at,
  openedBy: r.opened_by_name,
  floatMinor: r.float_minor,
  closedAt: r.closed_at,
  zNumber: r.z_number,
});

/** The highest outbox seq HQ has acknowledged, as the sync worker keeps it (0 until a terminal is enrolled). */
export function ackedOutboxSeq(db: Db): number {
  const row = prepared(db, 'SELECT push_ack_seq FROM sync_state WHERE id = 1').get() as { push_ack_seq: number } | undefined;
  return row?.push_ack_seq ?? 0;
}

/**
 * The report of a shift up to `until`, from the ledger, the customers and the cash movements. The
 * same function makes the X-report (open shift) and, at close, the Z-report that is then frozen.
 */
export function computeReport(db: Db, shift: ShiftRow, until: number, kind: 'X' | 'Z'): ShiftReport {
  const from = shift.opened_at;
  const movements = (
    prepared(
      db,
      `SELECT m.kind, m.amount_minor, m.reason, m.at, COALESCE(s.name, m.staff_id) AS staff_name
       FROM cash_movements m LEFT JOIN staff s ON s.id = m.staff_id WHERE m.shift_id = ? ORDER BY m.at`,
    ).all(shift.id) as { kind: 'in' | 'out'; amount_minor: number; reason: string; at: number; staff_name: string }[]
  ).map((m): CashMovementView => ({ kind: m.kind, amountMinor: m.amount_minor, reason: m.reason, staffName: m.staff_name, at: m.at }));
  const cashIn = movements.filter((m) => m.kind === 'in').reduce((s, m) => s + m.amountMinor, 0);
  const cashOut = movements.filter((m) => m.kind === 'out').reduce((s, m) => s + m.amountMinor, 0);

  const l = prepared(
    db,
    `SELECT
       COALESCE(SUM(CASE WHEN asset LIKE 'stamps:%' AND kind = 'earn' THEN delta END), 0) AS stamps_given,
       COALESCE(-SUM(CASE WHEN asset LIKE 'stamps:%' AND kind = 'reverse' AND delta < 0 THEN delta END), 0) AS stamps_reversed,
       COALESCE(SUM(CASE WHEN asset LIKE 'reward:%' AND kind = 'earn' THEN delta END), 0) AS rewards_earned,
       COALESCE(-SUM(CASE WHEN asset LIKE 'reward:%' AND kind = 'redeem' THEN delta END), 0) AS rewards_redeemed,
       COALESCE(SUM(CASE WHEN asset = 'points' AND delta > 0 AND kind <> 'reverse' THEN delta END), 0) AS points_earned,
       COALESCE(-SUM(CASE WHEN asset = 'points' AND delta < 0 AND kind <> 'reverse' THEN delta END), 0) AS points_spent
     FROM ledger WHERE terminal_id = ? AND created_at >= ? AND created_at < ?`,
  ).get(shift.terminal_id, from, until) as Record<string, number>;
  const newMembers = (prepared(db, 'SELECT COUNT(*) AS n FROM customers WHERE enrolled_at >= ? AND enrolled_at < ?').get(from, until) as { n: number }).n;
  const waiting = (
    prepared(db, 'SELECT COUNT(*) AS n FROM outbox WHERE created_at >= ? AND created_at < ? AND seq > ?').get(from, until, ackedOutboxSeq(db)) as { n: number }
  ).n;

  // One pass over the shift's sales (covering index sales_shift_report) gives the totals and the
  // figures by staff member; lines and tenders are summed before their names are looked up.
  const staffRows = prepared(
    db,
    `SELECT x.staff_id, COALESCE(st.name, x.staff_id) AS staffName, x.count, x.minor, x.discount FROM (
       SELECT staff_id, COUNT(*) AS count, SUM(total_minor) AS minor, SUM(discount_minor) AS discount
       FROM sales WHERE shift_id = ? AND created_at < ? GROUP BY staff_id
     ) x LEFT JOIN staff st ON st.id = x.staff_id ORDER BY x.minor DESC, staffName`,
  ).all(shift.id, until) as { staff_id: string; staffName: string; count: number; minor: number; discount: number }[];
  const sales = staffRows.reduce((a, r) => ({ n: a.n + r.count, total: a.total + r.minor, discount: a.discount + r.discount }), { n: 0, total: 0, discount: 0 });
  const byStaff = staffRows.map((r) => ({ staffName: r.staffName, count: r.count, minor: r.minor }));
  const byTender = prepared(
    db,
    `SELECT t.kind, SUM(t.applied_minor) AS minor FROM sales s JOIN tenders t ON t.sale_id = s.id
     WHERE s.shift_id = ? AND s.created_at < ? GROUP BY t.kind ORDER BY t.kind`,
  ).all(shift.id, until) as { kind: string; minor: number }[];
  const byCategory = (
    prepared(
      db,
      `SELECT x.category_id, COALESCE(c.name, '{}') AS name, x.quantity, x.minor FROM (
         SELECT l.category_id, SUM(l.quantity) AS quantity, SUM(l.total_minor) AS minor
         FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.shift_id = ? AND s.created_at < ? GROUP BY l.category_id
       ) x LEFT JOIN categories c ON c.id = x.category_id ORDER BY x.minor DESC, x.category_id`,
    ).all(shift.id, until) as { category_id: string; name: string; quantity: number; minor: number }[]
  ).map((c) => ({ categoryId: c.category_id, name: JSON.parse(c.name) as Record<'bg' | 'ru' | 'en', string>, quantity: c.quantity, minor: c.minor }));
  const refundRows = prepared(
    db,
    'SELECT kind, COUNT(*) AS n, SUM(amount_minor) AS minor, SUM(cash_minor) AS cash FROM refunds WHERE shift_id = ? AND created_at < ? GROUP BY kind',
  ).all(shift.id, until) as { kind: 'refund' | 'void'; n: number; minor: number; cash: number }[];
  const refunds = refundRows.find((r) => r.kind === 'refund');
  const voids = refundRows.find((r) => r.kind === 'void');
  const cashSales = (byTender.find((t) => t.kind === 'cash')?.minor ?? 0) - refundRows.reduce((s, r) => s + r.cash, 0);

  const expected = shift.float_minor + cashIn - cashOut + cashSales;
  return {
    kind,
    shift: toShiftView(shift),
    closedBy: shift.closed_by_name,
    cash: {
      floatMinor: shift.float_minor,
      cashInMinor: cashIn,
      cashOutMinor: cashOut,
      cashSalesMinor: cashSales,
      expectedMinor: expected,
      countedMinor: null,
      differenceMinor: null,
      counted: null,
      movements,
    },
    sales: {
      count: sales.n,
      totalMinor: sales.total,
      discountMinor: sales.discount,
      byTender,
      byCategory,
      byStaff,
      refunds: { count: refunds?.n ?? 0, minor: refunds?.minor ?? 0 },
      voids: { count: voids?.n ?? 0, minor: voids?.minor ?? 0 },
    },
    loyalty: {
      stampsGiven: l.stamps_given ?? 0,
      stampsReversed: l.stamps_reversed ?? 0,
      rewardsEarned: l.rewards_earned ?? 0,
      rewardsRedeemed: l.rewards_redeemed ?? 0,
      pointsEarned: l.points_earned ?? 0,
      pointsSpent: l.points_spent ?? 0,
      newMembers,
    },
    eventsWaiting: waiting,
  };
}
