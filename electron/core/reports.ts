import { prepared, type Db } from '../db/connection';
import type { ShiftReport } from '../../shared/contract/shiftViews';
import { computeReport } from '../db/stores/shifts';
import { storeTimeZone } from '../db/stores/settings';
import { zoneOffset } from '../../shared/loyalty';

type DiscountKind = NonNullable<ShiftReport['sales']['discountsByKind']>[number]['kind'];

/**
 * A shift's X- or Z-report (db/stores/shifts.ts computeReport) with its discounts told apart by
 * kind: rewards and tier discounts as each sale kept them (receipt_extras, shared/receipt/extras.ts
 * KeptDiscount), and whatever the kept ones do not account for (sales kept before discounts were
 * told apart) as "other". The kinds always add up to the report's discount total.
 */
export function shiftReport(db: Db, shift: Parameters<typeof computeReport>[1], until: number, kind: 'X' | 'Z'): ShiftReport {
  const report = computeReport(db, shift, until, kind);
  const timeZone = storeTimeZone(db);
  return {
    ...report,
    sales: { ...report.sales, discountsByKind: discountsByKind(db, shift.id, until, report.sales.discountMinor), byHour: salesByHour(db, shift.id, until, timeZone) },
  };
}

const HOUR_MS = 3_600_000;

/**
 * The shift's sales by hour of the store's day (0-23), the hours without sales left out: when the
 * rush comes. Summed per UTC hour in SQL (the covering index sales_shift_report), then each hour
 * is put on the store's clock with the offset in force at that hour, so a shift across the change
 * to summer time is still right. A zone offset by half an hour would count each half hour with the
 * hour it starts in; the stores this is made for are on whole hours.
 */
export function salesByHour(db: Db, shiftId: string, until: number, timeZone: string): { hour: number; count: number; minor: number }[] {
  const rows = prepared(
    db,
    `SELECT created_at / ${HOUR_MS} AS bucket, COUNT(*) AS count, SUM(total_minor) AS minor FROM sales WHERE shift_id = ? AND created_at < ? GROUP BY bucket`,
  ).all(shiftId, until) as { bucket: number; count: number; minor: number }[];
  const byHour = new Map<number, { hour: number; count: number; minor: number }>();
  for (const r of rows) {
    const start = r.bucket * HOUR_MS;
    const hour = Math.floor((start + zoneOffset(start, timeZone)) / HOUR_MS) % 24;
    const h = byHour.get(hour) ?? { hour, count: 0, minor: 0 };
    h.count += r.count;
    h.minor += r.minor;
    byHour.set(hour, h);
  }
  return [...byHour.values()].sort((a, b) => a.hour - b.hour);
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
