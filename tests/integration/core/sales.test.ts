import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';
import { demoCafeProgram } from '../../../shared/loyalty';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal } from '../../../electron/app/terminal';
import { silentLogger } from '../../../electron/app/logger';
import { demoStaff } from '../../../electron/app/demo';
import type { FiscalDevicePort } from '../../../electron/fiscal/port';
import type { SaleRecord } from '../../../shared/domain/events';

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
  it('explains its points in the history in the cashier\'s language, with the catalogue\'s category name and money', () => {
    const customerId = enrol();
    t.must('sale.complete', { lines: [coffee('croissant', 2)], customerId, tenders: [{ kind: 'cash', amountMinor: 1000 }], idempotencyKey: tapKey() }, cashier);
    const history = t.must('customer.history', { customerId, limit: 10 }, cashier);
    const points = history.find((e) => e.asset === 'points' && e.kind === 'earn')!;
    // The demo cashier reads Bulgarian: the catalogue's "Закуски", never the category id, and money as money.
    expect(points.text).toBe('+10 точки: 1 за всеки EUR от 5,00\u00a0€, Закуски ×2 върху 5,00\u00a0€');
  });

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

describe('the catalogue', () => {
  it('is edited by a manager only; an item taken off sale stays in past sales, and its barcode can move to a new item', () => {
    const manager = t.loginAs('manager');
    const before = t.must('catalogue.get', {}, cashier);
    const sold = t.must('sale.complete', { lines: [coffee('water')], tenders: [{ kind: 'cash', amountMinor: 150 }], idempotencyKey: tapKey() }, cashier);
    const water = before.items.find((i) => i.id === 'water')!;
    const edited = {
      categories: before.categories,
      items: [...before.items.filter((i) => i.id !== 'water'), { ...water, id: 'sparkling-water', name: { bg: 'Газирана вода', ru: 'Газированная вода', en: 'Sparkling water' }, priceMinor: 180 }],
      modifiers: before.modifiers,
    };
    expect(t.call('catalogue.save', edited, cashier)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    const after = t.must('catalogue.save', edited, manager);
    expect(after.items.map((i) => i.id)).not.toContain('water');
    expect(after.items.find((i) => i.barcode === water.barcode)).toMatchObject({ id: 'sparkling-water', priceMinor: 180 });
    expect(t.call('sale.quote', { lines: [coffee('water')] }, cashier)).toEqual({ ok: false, error: { code: 'sale.item_unknown', params: { itemId: 'water' } } });
    expect(t.terminal.db.prepare('SELECT item_id, name FROM sale_lines WHERE sale_id = ?').get(sold.saleId)).toEqual({ item_id: 'water', name: JSON.stringify(water.name) });
    const audit = t.terminal.db.prepare("SELECT details FROM audit_log WHERE action = 'program.change' ORDER BY seq DESC LIMIT 1").get() as { details: string };
    expect(JSON.parse(audit.details)).toMatchObject({ change: 'catalogue' });
  });
});

describe('the fiscal seam', () => {
  it('hands a committed sale and its refund to the fiscal device, and a device that fails never undoes the sale', async () => {
    const registered: SaleRecord[] = [];
    const refunded: { saleId: string; amountMinor: number; reason: string }[] = [];
    const device: FiscalDevicePort = {
      name: 'test printer',
      register: async (sale) => {
        registered.push(sale);
        throw new Error('paper out');
      },
      refund: async (saleId, amountMinor, reason) => {
        refunded.push({ saleId, amountMinor, reason });
        return { ok: false, code: 'fiscal.offline', detail: 'no link' };
      },
      status: async () => ({ online: false, pending: 0, detail: null }),
    };
    const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-fiscal-'));
    const terminal = createTerminal({ dataDir, log: silentLogger, fiscal: device });
    try {
      const call = async (name: string, input: unknown, token: string | null = null) => {
        const reply = (await terminal.dispatch(name, input, token)) as { ok: boolean; value?: unknown; error?: unknown };
        if (!reply.ok) throw new Error(`${name}: ${JSON.stringify(reply.error)}`);
        return reply.value as Record<string, unknown>;
      };
      const staff = (await call('staff.list', {})) as unknown as { id: string; role: string }[];
      const manager = staff.find((s) => s.role === 'manager')!;
      const token = (await call('staff.login', { staffId: manager.id, pin: demoStaff.find((s) => s.role === 'manager')!.pin })).token as string;
      await call('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, token);
      const sale = await call('sale.complete', { lines: [coffee('latte')], tenders: [{ kind: 'card', amountMinor: 360, reference: 'POS-9' }], idempotencyKey: tapKey() }, token);
      await call('sale.refund', { saleId: sale.saleId, kind: 'void', reason: 'rang twice', idempotencyKey: tapKey() }, token);
      await new Promise((r) => setImmediate(r));
      expect(registered).toMatchObject([{ id: sale.saleId, totalMinor: 360, tenders: [{ kind: 'card', reference: 'POS-9' }] }]);
      expect(refunded).toEqual([{ saleId: sale.saleId, amountMinor: 360, reason: 'rang twice' }]);
      expect(terminal.db.prepare('SELECT COUNT(*) AS n FROM sales').get()).toEqual({ n: 1 });
    } finally {
      terminal.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
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

describe('rewards bought with points', () => {
  it('are offered when the balance affords them, take their discount off the order, spend the points, and come back on a refund', () => {
    const manager = t.loginAs('manager');
    const customerId = enrol();
    const points = () => (t.terminal.db.prepare("SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE customer_id = ? AND asset = 'points'").get(customerId) as { n: number }).n;
    t.must('sale.complete', { lines: [coffee('flat-white', 15)], customerId, tenders: [{ kind: 'card', amountMinor: 5700 }], idempotencyKey: tapKey() }, cashier);
    expect(points()).toBe(57);

    const lines = [coffee('latte'), coffee('croissant')];
    const quote = t.must('sale.quote', { lines, customerId }, cashier);
    // 57 points afford 10 % off (50 points), not the croissant (120).
    expect(quote.offers).toEqual([{ rewardId: 'ten-off', name: expect.objectContaining({ en: '10% off' }), cost: 50, discountMinor: 61 }]);
    const withReward = t.must('sale.quote', { lines, customerId, rewardIds: ['ten-off'] }, cashier);
    expect(withReward).toMatchObject({ subtotalMinor: 610, discountMinor: 61, totalMinor: 549, pointsSpent: 50, offers: [] });
    expect(withReward.lines.reduce((sum, l) => sum + l.totalMinor, 0)).toBe(549);

    const sale = t.must('sale.complete', { lines, customerId, rewardIds: ['ten-off'], tenders: [{ kind: 'cash', amountMinor: 549 }], idempotencyKey: tapKey() }, cashier);
    expect(sale.order).toEqual(withReward);
    expect(points()).toBe(57 - 50 + sale.order.points);
    expect(t.must('shift.xReport', {}, cashier).loyalty).toMatchObject({ pointsSpent: 50, pointsEarned: 57 + sale.order.points });

    t.must('sale.refund', { saleId: sale.saleId, kind: 'refund', reason: 'wrong order', idempotencyKey: tapKey() }, manager);
    expect(points()).toBe(57);
    expect(t.call('sale.quote', { lines, customerId, rewardIds: ['croissant'] }, cashier)).toMatchObject({ ok: false, error: { code: 'loyalty.not_enough_points' } });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });
});

describe('the Z-report', () => {
  it('equals the sums over the sales and ledger tables for any sequence of sales, refunds and voids', () => {
    let manager = t.loginAs('manager');
    const tiers = { basis: 'spend', windowDays: 30, levels: [{ id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 1500, benefits: { discountPercent: 5 } }] };
    t.must('program.publish', { document: { ...demoCafeProgram(), tiers } }, manager);
    const customers = [enrol('0888 100 201'), enrol('0888 100 202')];
    t.must('shift.close', { counted: {}, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
    const sale = fc.record({
      lines: fc.array(fc.record({ itemId: fc.constantFrom('espresso', 'latte', 'croissant', 'water', 'black-tea'), quantity: fc.integer({ min: 1, max: 4 }), oat: fc.boolean() }), { minLength: 1, maxLength: 3 }),
      customer: fc.constantFrom(-1, 0, 1),
      useReward: fc.boolean(),
      pay: fc.constantFrom('cash', 'card', 'voucher', 'split'),
      undo: fc.constantFrom('none', 'none', 'refund', 'void'),
    });
    const day = fc.record({
      floatMinor: fc.integer({ min: 0, max: 20_000 }),
      cash: fc.array(fc.record({ kind: fc.constantFrom('in' as const, 'out' as const), amountMinor: fc.integer({ min: 1, max: 5000 }) }), { maxLength: 3 }),
      sales: fc.array(sale, { minLength: 1, maxLength: 8 }),
      counted: fc.dictionary(fc.constantFrom('5000', '2000', '1000', '100', '50', '10'), fc.integer({ min: 0, max: 5 })),
    });
    const db = t.terminal.db;
    fc.assert(
      fc.property(day, (d) => {
        // An hour on: staff log in again (sessions time out), and a run that failed left its shift
        // open, so shrinking starts from a closed drawer.
        t.clock.advance(3_600_000);
        cashier = t.loginAs('cashier');
        manager = t.loginAs('manager');
        if (t.must('shift.current', {}, cashier)) t.must('shift.close', { counted: {}, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
        t.clock.advance(60_000);
        const shift = t.must('shift.open', { floatMinor: d.floatMinor, idempotencyKey: tapKey() }, cashier);
        for (const m of d.cash) t.must('shift.cash', { ...m, reason: 'property test', idempotencyKey: tapKey() }, cashier);
        let points = 0;
        let stamps = 0;
        let rewardOff = 0;
        let tierOff = 0;
        for (const s of d.sales) {
          t.clock.advance(60_000);
          const customerId = s.customer < 0 ? undefined : customers[s.customer]!;
          const lines = s.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, modifierIds: l.oat && l.itemId === 'latte' ? ['oat-milk'] : [] }));
          const wallet = customerId ? t.must('customer.get', { customerId }, cashier).rewards : [];
          const freeDrink = s.useReward && wallet.length > 0 && lines.some((l) => l.itemId === 'latte' || l.itemId === 'espresso');
          const offered = customerId && s.useReward && !freeDrink ? t.must('sale.quote', { lines, customerId }, cashier).offers.find((o) => o.rewardId === 'ten-off') : undefined;
          const rewardIds = freeDrink ? ['free-drink'] : offered ? ['ten-off'] : [];
          const quote = t.must('sale.quote', { lines, rewardIds, ...(customerId ? { customerId } : {}) }, cashier);
          const half = Math.floor(quote.totalMinor / 2);
          const tenders =
            s.pay === 'cash'
              ? [{ kind: 'cash' as const, amountMinor: quote.totalMinor + 100 }]
              : s.pay === 'card'
                ? [{ kind: 'card' as const, amountMinor: quote.totalMinor, reference: 'POS' }]
                : s.pay === 'voucher'
                  ? [{ kind: 'voucher' as const, amountMinor: half, reference: 'V-1' }, { kind: 'cash' as const, amountMinor: quote.totalMinor - half }]
                  : [{ kind: 'card' as const, amountMinor: half }, { kind: 'cash' as const, amountMinor: quote.totalMinor }];
          const done = t.must('sale.complete', { lines, rewardIds, tenders, idempotencyKey: tapKey(), ...(customerId ? { customerId } : {}) }, cashier);
          // The sale is what the till showed; only the part paid by voucher earns no points.
          expect({ ...done.order, points: 0 }).toEqual({ ...quote, points: 0, offers: [] });
          if (s.pay === 'voucher') expect(done.order.points).toBeLessThanOrEqual(quote.points);
          else expect(done.order.points).toBe(quote.points);
          points += done.order.points;
          stamps += customerId ? done.order.stamps.reduce((a, b) => a + b.count, 0) : 0;
          rewardOff += done.order.rewards.reduce((a, r) => a + r.discountMinor, 0);
          tierOff += done.order.tier?.discountMinor ?? 0;
          if (s.undo !== 'none') {
            const undone = t.call('sale.refund', { saleId: done.saleId, kind: s.undo, reason: 'property test', idempotencyKey: tapKey() }, manager);
            // A sale whose stamps filled a card, or whose points were spent since, cannot be undone
            // once that reward or those points have been used.
            if (!undone.ok) expect(['ledger.reward_already_used', 'ledger.not_reversible']).toContain(undone.error.code);
          }
        }
        t.clock.advance(60_000);
        const z = t.must('shift.close', { counted: d.counted, managerPin: '1234', idempotencyKey: tapKey() }, cashier);
        const row = db.prepare('SELECT opened_at, closed_at FROM shifts WHERE id = ?').get(shift.id) as { opened_at: number; closed_at: number };
        const one = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { v: number }).v;
        const inShift = (sql: string) => one(`SELECT COALESCE(SUM(delta), 0) AS v FROM ledger WHERE created_at BETWEEN ? AND ? AND ${sql}`, row.opened_at, row.closed_at);

        expect(z.sales.count).toBe(d.sales.length);
        expect(z.sales.totalMinor).toBe(one('SELECT COALESCE(SUM(total_minor), 0) AS v FROM sales WHERE shift_id = ?', shift.id));
        expect(z.sales.discountMinor).toBe(one('SELECT COALESCE(SUM(discount_minor), 0) AS v FROM sales WHERE shift_id = ?', shift.id));
        // Told apart by kind as each sale priced them, adding up to the total, with nothing left as "other".
        expect(z.sales.discountsByKind).toEqual(
          [
            { kind: 'reward', minor: rewardOff },
            { kind: 'tier', minor: tierOff },
          ].filter((k) => k.minor > 0),
        );
        expect(rewardOff + tierOff).toBe(z.sales.discountMinor);
        for (const kind of ['cash', 'card', 'voucher']) {
          const minor = one('SELECT COALESCE(SUM(t.applied_minor), 0) AS v FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE s.shift_id = ? AND t.kind = ?', shift.id, kind);
          expect(z.sales.byTender.find((x) => x.kind === kind)?.minor ?? 0, kind).toBe(minor);
        }
        expect(z.sales.byCategory.reduce((a, b) => a + b.minor, 0)).toBe(z.sales.totalMinor);
        expect(z.sales.byCategory.reduce((a, b) => a + b.quantity, 0)).toBe(one('SELECT SUM(l.quantity) AS v FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.shift_id = ?', shift.id));
        expect(z.sales.byStaff).toEqual([{ staffName: 'Иван Георгиев', count: d.sales.length, minor: z.sales.totalMinor }]);
        for (const kind of ['refund', 'void'] as const) {
          const r = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(amount_minor), 0) AS minor FROM refunds WHERE shift_id = ? AND kind = ?').get(shift.id, kind);
          expect({ n: z.sales[kind === 'refund' ? 'refunds' : 'voids'].count, minor: z.sales[kind === 'refund' ? 'refunds' : 'voids'].minor }).toEqual(r);
        }
        const cashTaken = one("SELECT COALESCE(SUM(t.applied_minor), 0) AS v FROM tenders t JOIN sales s ON s.id = t.sale_id WHERE s.shift_id = ? AND t.kind = 'cash'", shift.id);
        const cashBack = one('SELECT COALESCE(SUM(cash_minor), 0) AS v FROM refunds WHERE shift_id = ?', shift.id);
        const moved = d.cash.reduce((a, m) => a + (m.kind === 'in' ? m.amountMinor : -m.amountMinor), 0);
        const counted = Object.entries(d.counted).reduce((a, [v, n]) => a + Number(v) * n, 0);
        expect(z.cash).toMatchObject({ expectedMinor: d.floatMinor + moved + cashTaken - cashBack, countedMinor: counted, differenceMinor: counted - (d.floatMinor + moved + cashTaken - cashBack) });

        expect(z.loyalty).toEqual({
          stampsGiven: inShift("asset LIKE 'stamps:%' AND kind = 'earn'"),
          stampsReversed: 0 - inShift("asset LIKE 'stamps:%' AND kind = 'reverse' AND delta < 0"),
          rewardsEarned: inShift("asset LIKE 'reward:%' AND kind = 'earn'"),
          rewardsRedeemed: 0 - inShift("asset LIKE 'reward:%' AND kind = 'redeem'"),
          pointsEarned: inShift("asset = 'points' AND delta > 0 AND kind <> 'reverse'"),
          pointsSpent: 0 - inShift("asset = 'points' AND delta < 0 AND kind <> 'reverse'"),
          newMembers: 0,
        });
        // What the sales said they earned is what the ledger holds.
        expect(z.loyalty.stampsGiven).toBe(stamps);
        expect(z.loyalty.pointsEarned).toBe(points);
        expect(z.eventsWaiting).toBe(one('SELECT COUNT(*) AS v FROM outbox WHERE created_at BETWEEN ? AND ?', row.opened_at, row.closed_at));
        expect(t.must('shift.zReport', { zNumber: z.shift.zNumber! }, manager)).toEqual(z);
        expect(verifyBalances(db)).toEqual([]);
      }),
      { numRuns: 25 },
    );
    // The days above did buy rewards with points (customers keep their points from day to day).
    expect((db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE asset = 'points' AND kind = 'redeem'").get() as { n: number }).n).toBeGreaterThan(0);
  });
});
