import { afterEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, testClock, type TestTerminal } from '../../support/terminal';

let t: TestTerminal;
afterEach(() => t.close());

const MINUTE = 60_000;

/** Sells a cappuccino now, paid cash; returns what it came to. */
const sell = (cashier: string): number =>
  t.must('sale.complete', { lines: [{ itemId: 'cappuccino', quantity: 1, modifierIds: [] }], tenders: [{ kind: 'cash', amountMinor: 1000 }], idempotencyKey: tapKey() }, cashier).order.totalMinor;

describe("the report's sales by hour", () => {
  it('counts each sale in the hour of the store clock it was made in', () => {
    // 06:50 in Sofia (UTC+2 in November).
    t = startTestTerminal({ clock: testClock(Date.UTC(2026, 10, 23, 4, 50)) });
    const cashier = t.loginAs('cashier');
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    const sold: Record<number, number[]> = { 6: [], 7: [], 9: [] };
    sold[6]!.push(sell(cashier)); // 06:50
    t.clock.advance(20 * MINUTE);
    sold[7]!.push(sell(cashier)); // 07:10
    t.clock.advance(45 * MINUTE);
    sold[7]!.push(sell(cashier)); // 07:55
    t.clock.advance(2 * 60 * MINUTE);
    sold[9]!.push(sell(cashier)); // 09:55: nothing sold at 08

    const x = t.must('shift.xReport', {}, cashier);
    expect(x.sales.byHour).toEqual(
      Object.entries(sold).map(([hour, totals]) => ({ hour: Number(hour), count: totals.length, minor: totals.reduce((a, b) => a + b, 0) })),
    );
    expect(x.sales.byHour!.reduce((n, h) => n + h.minor, 0)).toBe(x.sales.totalMinor);
  });

  it('keeps to the store clock across the night the clocks go forward', () => {
    // 29 March 2026: Sofia goes from UTC+2 to UTC+3 at 01:00 UTC (03:00 local becomes 04:00).
    t = startTestTerminal({ clock: testClock(Date.UTC(2026, 2, 29, 0, 30)) });
    const cashier = t.loginAs('cashier');
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    sell(cashier); // 02:30 local, summer time not yet
    t.clock.advance(60 * MINUTE);
    sell(cashier); // 01:30 UTC = 04:30 local
    expect(t.must('shift.xReport', {}, cashier).sales.byHour!.map((h) => h.hour)).toEqual([2, 4]);
  });
});
