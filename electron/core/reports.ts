import { prepared, type Db } from '../db/connection';
import type { ShiftReport } from '../../shared/contract/shiftViews';
import { computeReport } from '../db/stores/shifts';

type DiscountKind = NonNullable<ShiftReport['sales']['discountsByKind']>[number]['kind'];

/**
 * A shift's X- or Z-report (db/stores/shifts.ts computeReport) with its discounts told apart by
 * kind: rewards and tier discounts as each sale kept them (receipt_extras, shared/receipt/extras.ts
 * KeptDiscount), and whatever the kept ones do not account for (sales kept before discounts were
 * told apart) as "other". The kinds always add up to the report's discount total.
 */
export function shiftReport(db: Db, shift: Parameters<typeof computeReport>[1], until: number, kind: 'X' | 'Z'): ShiftReport {
  const report = computeReport(db, shift, until, kind);
  return { ...report, sales: { ...report.sales, discountsByKind: discountsByKind(db, shift.id, until, report.sales.discountMinor) } };
}

/** Discounts of the shift's sales made before `until`, by kind; kinds with nothing left out. */
export function discountsByKind(db: Db, shiftId: string, until: number, totalMinor: number): { kind: DiscountKind; minor: number }[] {
  const kept = prepared(
    db,
    `SELECT json_extract(d.value, '$.kind') AS kind, SUM(json_extract(d.value, '$.amountMinor')) AS minor
     FROM sales s JOIN receipt_extras x ON x.id = s.id, json_each(x.extras) d
     WHERE s.shift_id = ? AND s.created_at < ? AND s.discount_minor > 0 AND json_extract(d.value, '$.type') = 'discount'
     GROUP BY kind`,
  ).all(shiftId, until) as { kind: string; minor: number }[];
  const reward = kept.find((k) => k.kind === 'reward')?.minor ?? 0;
  const tier = kept.find((k) => k.kind === 'tier')?.minor ?? 0;
  const split: { kind: DiscountKind; minor: number }[] = [
    { kind: 'reward', minor: reward },
    { kind: 'tier', minor: tier },
    { kind: 'other', minor: totalMinor - reward - tier },
  ];
  return split.filter((k) => k.minor !== 0);
}
