import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';
import { demoCafeProgram } from '../../../shared/loyalty';

let t: TestTerminal;
let cashier: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
  t.must('shift.open', { floatMinor: 10000, idempotencyKey: tapKey() }, cashier);
});
afterEach(() => t.close());

const coffee = (itemId = 'cappuccino', quantity = 1) => ({ itemId, quantity, modifierIds: [] as string[] });
const enrol = (phone = '0888 100 200') => t.must('customer.enroll', { name: 'Anna', phone, language: 'en' }, cashier).customer.id;

describe('a sale', () => {
  it('writes the sale, its tenders, the stamps it earns and its outbox events in one go, once', () => {
    const customerId = enrol();
    const key = tapKey();
    const input = { lines: [coffee('cappuccino', 2), coffee('croissant')], customerId, tenders: [{ kind: 'cash' as const, amountMinor: 1000 }], idempotencyKey: key };
    const sale = t.must('sale.complete', input, cashier);
    expect(sale).toMatchObject({ number: 1, changeMinor: 70, openDrawer: true, order: { totalMinor: 930 } });
    expect(sale.customer!.stampCards[0]!.filled).toBe(2);
    expect(t.must('sale.complete', input, cashier).saleId).toBe(sale.saleId);
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM sales').get()).toEqual({ n: 1 });
    const events = (t.terminal.db.prepare('SELECT type FROM outbox ORDER BY seq').all() as { type: string }[]).map((e) => e.type);
    expect(events.slice(-2)).toEqual(['ledger.recorded', 'sale.completed']);
  });

  it('applies a free drink with one tap and refuses to sell without an open shift', () => {
    const customerId = enrol();
    t.must('stamp.add', { customerId, count: 10, visitId: 'visit-1234', idempotencyKey: tapKey() }, cashier);
    const sale = t.must('sale.complete', { lines: [coffee('latte')], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'cash', amountMinor: 0 }], idempotencyKey: tapKey() }, cashier);
    expect(sale.order.totalMinor).toBe(0);
    expect(sale.customer!.rewards).toEqual([]);
    expect(sale.customer!.stampCards[0]!.filled).toBe(0);
    t.must('shift.close', { counted: { '5000': 2 }, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    expect(t.call('sale.complete', { lines: [coffee()], tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: tapKey() }, cashier)).toEqual({
      ok: false,
      error: { code: 'shift.none_open' },
    });
  });

  it('refunds with a manager PIN and a reason, taking back exactly the stamps and giving back the reward it used', () => {
    const customerId = enrol();
    t.must('stamp.add', { customerId, count: 10, visitId: 'visit-1234', idempotencyKey: tapKey() }, cashier);
    const sale = t.must('sale.complete', { lines: [coffee('latte'), coffee('cappuccino', 3)], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'card', amountMinor: 1020, reference: 'T-77' }], idempotencyKey: tapKey() }, cashier);
    expect(sale.customer!.stampCards[0]!.filled).toBe(3);
    const input = { saleId: sale.saleId, kind: 'refund' as const, reason: 'cold coffee', idempotencyKey: tapKey() };
    expect(t.call('sale.refund', input, cashier)).toEqual({ ok: false, error: { code: 'auth.manager_pin_required' } });
    const refund = t.must('sale.refund', { ...input, managerPin: '1234' }, cashier);
    expect(refund.customer!.stampCards[0]!.filled).toBe(0);
    expect(refund.customer!.rewards).toHaveLength(1);
    expect(t.call('sale.refund', { ...input, managerPin: '1234', idempotencyKey: tapKey() }, cashier)).toEqual({ ok: false, error: { code: 'sale.already_refunded' } });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });
});

describe('loyalty pricing', () => {
  it("gives a customer their tier's discount once their spend reaches it, earns points on what they paid, and takes the points back on a refund", () => {
    const manager = t.loginAs('manager');
    const tiers = {
      basis: 'spend',
      windowDays: 30,
      levels: [{ id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 1000, benefits: { pointsMultiplier: 2, discountPercent: 10 } }],
      reviewEveryDays: 30,
      graceDays: 30,
    };
    expect(t.must('program.publish', { document: { ...demoCafeProgram(), tiers } }, manager).valid).toBe(true);
    const customerId = enrol();
    const points = () => (t.terminal.db.prepare("SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE customer_id = ? AND asset = 'points'").get(customerId) as { n: number }).n;

    // 3 × 3.40 = 10.20: no tier yet, 1 point per euro, rounded down.
    const first = t.must('sale.complete', { lines: [coffee('cappuccino', 3)], customerId, tenders: [{ kind: 'cash', amountMinor: 1020 }], idempotencyKey: tapKey() }, cashier);
    expect(first.order).toMatchObject({ totalMinor: 1020, discountMinor: 0, tier: null, points: 10 });
    expect(points()).toBe(10);

    // Now silver: 10 % off a latte (3.60 - 0.36), and points at twice the rate on the 3.24 paid.
    const quote = t.must('sale.quote', { lines: [coffee('latte')], customerId }, cashier);
    expect(quote).toMatchObject({ totalMinor: 324, discountMinor: 36, tier: { tierId: 'silver', percent: 10, discountMinor: 36 }, points: 6 });
    expect(t.must('sale.quote', { lines: [coffee('latte')] }, cashier)).toMatchObject({ totalMinor: 360, tier: null, points: 0 });
    const second = t.must('sale.complete', { lines: [coffee('latte')], customerId, tenders: [{ kind: 'card', amountMinor: 324, reference: 'POS-1' }], idempotencyKey: tapKey() }, cashier);
    expect(second.order).toEqual(quote);
    expect(points()).toBe(16);

    t.must('sale.refund', { saleId: second.saleId, kind: 'refund', reason: 'wrong milk', idempotencyKey: tapKey() }, manager);
    expect(points()).toBe(10);
    const x = t.must('shift.xReport', {}, cashier);
    expect(x.sales).toMatchObject({ count: 2, totalMinor: 1344, discountMinor: 36, refunds: { count: 1, minor: 324 } });
    expect(x.loyalty).toMatchObject({ pointsEarned: 16, stampsGiven: 4, stampsReversed: 1 });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });
});

describe('the Z-report', () => {
  it('agrees with the sales, tenders and refunds tables for any mix of sales, refunds and voids', () => {
    const manager = t.loginAs('manager');
    const customerId = enrol();
    const sale = fc.record({
      lines: fc.array(fc.record({ itemId: fc.constantFrom('espresso', 'latte', 'croissant', 'water'), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
      withCustomer: fc.boolean(),
      pay: fc.constantFrom('cash', 'card', 'split'),
      undo: fc.constantFrom('none', 'none', 'refund', 'void'),
    });
    fc.assert(
      fc.property(fc.array(sale, { minLength: 1, maxLength: 8 }), (sales) => {
        for (const s of sales) {
          const lines = s.lines.map((l) => ({ ...l, modifierIds: [] }));
          const quote = t.must('sale.quote', { lines }, cashier);
          const tenders =
            s.pay === 'cash'
              ? [{ kind: 'cash' as const, amountMinor: quote.totalMinor + 100 }]
              : s.pay === 'card'
                ? [{ kind: 'card' as const, amountMinor: quote.totalMinor }]
                : [{ kind: 'card' as const, amountMinor: Math.floor(quote.totalMinor / 2) }, { kind: 'cash' as const, amountMinor: quote.totalMinor }];
          const done = t.must('sale.complete', { lines, tenders, idempotencyKey: tapKey(), ...(s.withCustomer ? { customerId } : {}) }, cashier);
          if (s.undo !== 'none') t.must('sale.refund', { saleId: done.saleId, kind: s.undo, reason: 'property test', idempotencyKey: tapKey() }, manager);
        }
        const x = t.must('shift.xReport', {}, cashier);
        const shiftId = x.shift.id;
        const db = t.terminal.db;
        const sum = (sql: string) => (db.prepare(sql).get(shiftId) as { v: number }).v;
        expect(x.sales.totalMinor).toBe(sum('SELECT COALESCE(SUM(total_minor), 0) AS v FROM sales WHERE shift_id = ?'));
        expect(x.sales.byTender.reduce((a, b) => a + b.minor, 0)).toBe(x.sales.totalMinor);
        expect(x.sales.byCategory.reduce((a, b) => a + b.minor, 0)).toBe(x.sales.totalMinor);
        expect(x.sales.refunds.minor + x.sales.voids.minor).toBe(sum('SELECT COALESCE(SUM(amount_minor), 0) AS v FROM refunds WHERE shift_id = ?'));
        const cashIn = sum("SELECT COALESCE(SUM(t.applied_minor), 0) AS v FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE s.shift_id = ? AND t.kind = 'cash'");
        const cashBack = sum('SELECT COALESCE(SUM(cash_minor), 0) AS v FROM refunds WHERE shift_id = ?');
        expect(x.cash.expectedMinor).toBe(10000 + cashIn - cashBack);
        const stamps = sum("SELECT COALESCE(SUM(delta), 0) AS v FROM ledger WHERE asset = 'stamps:coffee' AND kind = 'earn' AND ? IS NOT NULL");
        expect(x.loyalty.stampsGiven).toBe(stamps);
        expect(verifyBalances(db)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
