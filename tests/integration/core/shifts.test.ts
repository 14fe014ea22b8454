import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { inStoreCardCode } from '../../../shared/codes/ean';

let t: TestTerminal;
let cashier: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
});
afterEach(() => t.close());

const eur = (notes: Record<number, number>) => Object.fromEntries(Object.entries(notes).map(([k, v]) => [k, v]));

describe('a shift', () => {
  it('opens with a float, records cash in and out, and closes 0.50 short with a numbered Z-report', () => {
    t.must('shift.open', { floatMinor: 10000, idempotencyKey: tapKey() }, cashier);
    expect(t.call('shift.open', { floatMinor: 5000, idempotencyKey: tapKey() }, cashier)).toEqual({ ok: false, error: { code: 'shift.already_open' } });
    t.must('shift.cash', { kind: 'in', amountMinor: 2000, reason: 'change from the bank', idempotencyKey: tapKey() }, cashier);
    const x = t.must('shift.cash', { kind: 'out', amountMinor: 1500, reason: 'milk delivery', idempotencyKey: tapKey() }, cashier);
    expect(x.cash).toMatchObject({ floatMinor: 10000, cashInMinor: 2000, cashOutMinor: 1500, expectedMinor: 10500 });

    const anna = t.must('customer.enroll', { name: 'Anna', phone: '0888 333 222', language: 'en', cardCode: inStoreCardCode(3) }, cashier);
    t.must('stamp.add', { customerId: anna.customer.id, count: 12, visitId: 'visit-shift', idempotencyKey: tapKey() }, cashier);
    t.must('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: 'visit-shift', idempotencyKey: tapKey() }, cashier);

    // 100 + 5 EUR counted, minus 50 cents: 104.50 against 105.00 expected.
    const counted = eur({ 5000: 2, 200: 2, 50: 1 });
    expect(t.call('shift.close', { counted, idempotencyKey: tapKey() }, cashier)).toEqual({ ok: false, error: { code: 'auth.manager_pin_required' } });
    const key = tapKey();
    const z = t.must('shift.close', { counted, managerPin: '1234', idempotencyKey: key }, cashier);
    expect(z.kind).toBe('Z');
    expect(z.shift.zNumber).toBe(1);
    expect(z.closedBy).toBe('Мария Петрова');
    expect(z.cash).toMatchObject({ expectedMinor: 10500, countedMinor: 10450, differenceMinor: -50 });
    expect(z.loyalty).toEqual({ stampsGiven: 12, stampsReversed: 0, rewardsEarned: 1, rewardsRedeemed: 1, pointsEarned: 0, pointsSpent: 0, newMembers: 1 });
    expect(z.eventsWaiting).toBe(5); // four of the day's, and the Z-report's own audit anchor
    expect(t.must('shift.close', { counted, managerPin: '1234', idempotencyKey: key }, cashier)).toEqual(z);
    expect(t.must('shift.zReport', { zNumber: 1 }, t.loginAs('manager'))).toEqual(z);
  });

  it('never changes once closed: a later correction goes into the next shift', () => {
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    const shiftId = t.must('shift.current', {}, cashier)!.id;
    t.must('shift.close', { counted: {}, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    expect(() => t.terminal.db.prepare('UPDATE shifts SET counted_minor = 999 WHERE id = ?').run(shiftId)).toThrow(/never changes/);
    expect(() =>
      t.terminal.db.prepare("INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, staff_id, at) VALUES ('m', ?, 'in', 1, 'late', 's', 1)").run(shiftId),
    ).toThrow(/never changes/);
    expect(t.call('shift.cash', { kind: 'in', amountMinor: 100, reason: 'late correction', idempotencyKey: tapKey() }, cashier)).toEqual({
      ok: false,
      error: { code: 'shift.none_open' },
    });
    const next = t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    t.must('shift.cash', { kind: 'in', amountMinor: 100, reason: 'late correction', idempotencyKey: tapKey() }, cashier);
    const z2 = t.must('shift.close', { counted: { '100': 1 }, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    expect(z2.shift.id).toBe(next.id);
    expect(z2.shift.zNumber).toBe(2);
  });

  it('puts the refund of a sale from a closed shift into the next shift, leaving the closed Z-report as it was', () => {
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    const sale = t.must('sale.complete', { lines: [{ itemId: 'latte', quantity: 1, modifierIds: [] }], tenders: [{ kind: 'cash', amountMinor: 360 }], idempotencyKey: tapKey() }, cashier);
    const z1 = t.must('shift.close', { counted: { '200': 1, '100': 1, '50': 1, '10': 1 }, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    t.clock.advance(60_000);
    t.must('shift.open', { floatMinor: 1000, idempotencyKey: tapKey() }, cashier);
    t.must('sale.refund', { saleId: sale.saleId, kind: 'refund', reason: 'spilt next morning', managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    const x = t.must('shift.xReport', {}, cashier);
    expect(x.sales).toMatchObject({ count: 0, totalMinor: 0, refunds: { count: 1, minor: 360 } });
    expect(x.cash.expectedMinor).toBe(1000 - 360);
    const manager = t.loginAs('manager');
    expect(t.must('shift.zReport', { zNumber: 1 }, manager)).toEqual(z1);
    expect(z1.sales.refunds).toEqual({ count: 0, minor: 0 });
  });

  it('carries on after a crash: the open shift is still the one, with no rescue shift', () => {
    const opened = t.must('shift.open', { floatMinor: 5000, idempotencyKey: tapKey() }, cashier);
    const dataDir = t.dataDir;
    t.terminal.close();
    t = startTestTerminal({ dataDir, clock: t.clock });
    const again = t.loginAs('cashier');
    expect(t.must('shift.current', {}, again)).toEqual(opened);
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM shifts').get()).toEqual({ n: 1 });
  });

  it('closes whether or not sync has caught up, stating how many of the shift\'s events HQ had not acknowledged', () => {
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    const customerId = t.must('customer.enroll', { name: 'Boris', phone: '0888 444 111', language: 'en' }, cashier).customer.id;
    for (let i = 0; i < 3; i++) t.must('stamp.add', { customerId, count: 1, visitId: `visit-${i}-abcd`, idempotencyKey: tapKey() }, cashier);
    const seqs = (t.terminal.db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
    expect(t.must('shift.xReport', {}, cashier).eventsWaiting).toBe(4);
    // HQ acknowledged up to the second stamp: two of the shift's events are still waiting.
    t.terminal.db.prepare('UPDATE sync_state SET push_ack_seq = ? WHERE id = 1').run(seqs[seqs.length - 3]);
    const z = t.must('shift.close', { counted: {}, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    expect(z.eventsWaiting).toBe(3); // the last two stamps, and the Z-report's own audit anchor
  });

  it('finds the shift\'s events in the outbox by time (migration 7), not by reading every event ever made', () => {
    const plan = t.terminal.db.prepare('EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM outbox WHERE created_at >= ? AND created_at < ? AND seq > ?').all(0, 1, 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX outbox_created/);
  });

  it('refuses a count with a note that does not exist, changing nothing', () => {
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    expect(t.call('shift.close', { counted: { '300': 1 }, managerPin: '1234', idempotencyKey: tapKey() }, cashier)).toEqual({
      ok: false,
      error: { code: 'shift.count_invalid', params: { currency: 'EUR' } },
    });
    expect(t.must('shift.current', {}, cashier)).not.toBeNull();
  });
});
