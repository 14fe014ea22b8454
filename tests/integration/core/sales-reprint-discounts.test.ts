import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { demoCafeProgram } from '../../../shared/loyalty';
import { buildShiftReport } from '../../../shared/receipt/builders';
import { previewLines } from '../../../shared/receipt/layout';

let t: TestTerminal;
let cashier: string;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
  manager = t.loginAs('manager');
  t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
});
afterEach(() => t.close());

const line = (itemId: string, quantity = 1) => ({ itemId, quantity, modifierIds: [] as string[] });
const count = (table: string) => (t.terminal.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const salesDiscount = () => (t.terminal.db.prepare('SELECT COALESCE(SUM(discount_minor), 0) AS n FROM sales').get() as { n: number }).n;

/** A silver customer (10 % off) holding a free drink: the two discounts a receipt must tell apart. */
function silverWithFreeDrink(): string {
  const tiers = {
    basis: 'spend',
    windowDays: 30,
    levels: [{ id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 1000, benefits: { discountPercent: 10 } }],
    reviewEveryDays: 30,
    graceDays: 30,
  };
  expect(t.must('program.publish', { document: { ...demoCafeProgram(), tiers } }, manager).valid).toBe(true);
  const customerId = t.must('customer.enroll', { name: 'Anna Petrova', phone: '0888 100 200', language: 'en' }, cashier).customer.id;
  // 3 x 3.40 reaches silver; then a full card gives the free drink.
  t.must('sale.complete', { lines: [line('cappuccino', 3)], customerId, tenders: [{ kind: 'cash', amountMinor: 1020 }], idempotencyKey: tapKey() }, cashier);
  t.must('stamp.add', { customerId, count: 10, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
  return customerId;
}

describe('discounts told apart', () => {
  it('prints each discount with what it was on the receipt, and the report splits them by kind with sums that agree with the sales', () => {
    const customerId = silverWithFreeDrink();
    // Two lattes: one free (3.60), then 10 % off what is left (0.36).
    const sale = t.must('sale.complete', { lines: [line('latte', 2)], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: tapKey() }, cashier);
    expect(sale.order).toMatchObject({ discountMinor: 396, totalMinor: 324, tier: { discountMinor: 36 }, rewards: [{ rewardId: 'free-drink', lineNo: 1, discountMinor: 360 }] });
    // The counter's answer still carries only what the engine asked to print, not the discounts.
    expect(sale.receiptExtras.every((x) => x.type !== ('discount' as string))).toBe(true);

    const receipt = t.must('receipt.previewSale', { saleId: sale.saleId }, cashier).lines.join('\n');
    // The store prints in Bulgarian: the reward by its name, the tier by its name and percentage.
    expect(receipt).toMatch(/ {2}Безплатна напитка \(награда\)\s+-3,60/);
    expect(receipt).toMatch(/ {2}Ниво Сребро -10 %\s+-0,36/);
    expect(receipt).toMatch(/\nБезплатна напитка \(награда\)\s+-3,60/);
    expect(receipt).toMatch(/\nНиво Сребро -10 %\s+-0,36/);
    expect(receipt).not.toMatch(/Отстъпка\s+-/);

    const x = t.must('shift.xReport', {}, cashier);
    expect(x.sales.discountMinor).toBe(396);
    expect(x.sales.discountsByKind).toEqual([
      { kind: 'reward', minor: 360 },
      { kind: 'tier', minor: 36 },
    ]);
    expect(x.sales.discountsByKind!.reduce((s, k) => s + k.minor, 0)).toBe(salesDiscount());
  });

  it('keeps the names of the day: a reward renamed later still prints as it was sold', () => {
    const customerId = silverWithFreeDrink();
    const sale = t.must('sale.complete', { lines: [line('latte')], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'cash', amountMinor: 0 }], idempotencyKey: tapKey() }, cashier);
    const program = demoCafeProgram();
    const renamed = { ...program, rewards: program.rewards.map((r) => (r.id === 'free-drink' ? { ...r, name: { bg: 'Подарък', ru: 'Подарок', en: 'Gift' } } : r)) };
    expect(t.must('program.publish', { document: renamed }, manager).valid).toBe(true);
    const receipt = t.must('receipt.previewSale', { saleId: sale.saleId }, cashier).lines.join('\n');
    expect(receipt).toMatch(/\n {2}Безплатна напитка \(награда\)\s+-3,60/);
    expect(receipt).toMatch(/\nБезплатна напитка \(награда\)\s+-3,60/);
    expect(receipt).not.toContain('Подарък (награда)');
  });

  it('puts what a sale did not keep apart under "other", so the kinds still add up, and prints the split on the Z-report', () => {
    const customerId = silverWithFreeDrink();
    const kept = t.must('sale.complete', { lines: [line('latte')], customerId, tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: tapKey() }, cashier);
    expect(kept.order.discountMinor).toBe(36);
    const old = t.must('sale.complete', { lines: [line('latte', 2)], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: tapKey() }, cashier);
    // As a sale made before discounts were kept apart: its discount is stored, its kinds are not.
    t.terminal.db.prepare('DELETE FROM receipt_extras WHERE id = ?').run(old.saleId);
    const receipt = t.must('receipt.previewSale', { saleId: old.saleId }, cashier).lines.join('\n');
    expect(receipt).toMatch(/\nОтстъпка\s+-3,96/);

    const z = t.must('shift.close', { counted: {}, idempotencyKey: tapKey() }, manager);
    expect(z.sales.discountsByKind).toEqual([
      { kind: 'tier', minor: 36 },
      { kind: 'other', minor: 396 },
    ]);
    expect(z.sales.discountMinor).toBe(salesDiscount());
    // Stored as printed.
    expect(t.must('shift.zReport', { zNumber: z.shift.zNumber! }, manager).sales.discountsByKind).toEqual(z.sales.discountsByKind);
    for (const [locale, reward, tier, other] of [
      ['en', 'Rewards', 'Tier discounts', 'Other discounts'],
      ['ru', 'Награды', 'Скидки уровня', 'Другие скидки'],
      ['bg', 'Награди', 'Отстъпки за ниво', 'Други отстъпки'],
    ] as const) {
      const paper = previewLines(buildShiftReport(z, { name: 'Demo', address: [] }, 'Europe/Sofia', { locale, width: 32 })).join('\n');
      expect(paper).toMatch(new RegExp(` {2}${tier}\\s+0[,.]36`));
      expect(paper).toMatch(new RegExp(` {2}${other}\\s+3[,.]96`));
      expect(paper).not.toMatch(new RegExp(`\n {2}${reward}\\s`));
    }
  });
});

describe('finding an older sale and printing its receipt again', () => {
  it('finds a sale by its number or by the store\'s day, in any shift, newest first', () => {
    const first = t.must('sale.complete', { lines: [line('latte')], tenders: [{ kind: 'cash', amountMinor: 360 }], idempotencyKey: tapKey() }, cashier);
    t.clock.advance(60_000);
    const second = t.must('sale.complete', { lines: [line('cappuccino')], tenders: [{ kind: 'cash', amountMinor: 340 }], idempotencyKey: tapKey() }, cashier);
    t.must('shift.close', { counted: { '200': 3, '50': 2, '20': 1, '10': 1 }, idempotencyKey: tapKey() }, manager);
    // 22 Nov 2026, 22:30 UTC is already 00:30 on the 23rd in Sofia: that sale belongs to the 23rd.
    t.clock.advance(Date.UTC(2026, 10, 22, 22, 30) - t.clock.now());
    cashier = t.loginAs('cashier'); // the day's login has lapsed
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
    const late = t.must('sale.complete', { lines: [line('latte')], tenders: [{ kind: 'card', amountMinor: 360, reference: 'POS-9' }], idempotencyKey: tapKey() }, cashier);

    expect(t.must('receipt.find', { day: '2026-11-22' }, cashier).map((s) => s.number)).toEqual([second.number, first.number]);
    expect(t.must('receipt.find', { day: '2026-11-23' }, cashier).map((s) => s.number)).toEqual([late.number]);
    expect(t.must('receipt.find', { day: '2026-11-21' }, cashier)).toEqual([]);
    expect(t.must('receipt.find', { number: first.number }, cashier)).toEqual([
      { saleId: first.saleId, number: first.number, totalMinor: 360, customerName: null, staffName: expect.any(String), createdAt: Date.UTC(2026, 10, 22, 9, 0), refunded: null },
    ]);
    expect(t.must('receipt.find', { number: 99 }, cashier)).toEqual([]);
    // One or the other, never both or neither.
    expect(t.call('receipt.find', { number: 1, day: '2026-11-22' }, cashier)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    expect(t.call('receipt.find', {}, cashier)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    expect(t.call('receipt.find', { day: '2026-13-01' }, cashier)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    // Like the shift's sales list, for the till's staff: a barista does not browse sales.
    expect(t.call('receipt.find', { number: 1 }, t.loginAs('barista'))).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
  });

  it('prints an older sale as a copy, marked refunded when it was, and touches neither the ledger nor the outbox', async () => {
    const customerId = silverWithFreeDrink();
    const sale = t.must('sale.complete', { lines: [line('latte', 2)], customerId, rewardIds: ['free-drink'], tenders: [{ kind: 'cash', amountMinor: 500 }], idempotencyKey: tapKey() }, cashier);
    t.must('sale.refund', { saleId: sale.saleId, kind: 'refund', reason: 'wrong milk', idempotencyKey: tapKey() }, manager);
    t.must('shift.close', { counted: {}, idempotencyKey: tapKey() }, manager);
    t.clock.advance(7 * 86_400_000);
    cashier = t.loginAs('cashier');
    manager = t.loginAs('manager');
    const configured = await t.callAsync('printer.configure', { printer: { transport: 'simulator', profileId: 'epson-cp866', width: 48 } }, manager);
    expect(configured.ok).toBe(true);

    const before = { ledger: count('ledger'), outbox: count('outbox'), sales: count('sales'), refunds: count('refunds'), lots: count('lots') };
    const found = t.must('receipt.find', { day: '2026-11-22' }, cashier).find((s) => s.number === sale.number)!;
    expect(found.refunded).toBe('refund');
    t.must('receipt.printSale', { saleId: found.saleId }, cashier);
    await expect.poll(async () => {
      const out = await t.callAsync('printer.simulatorOutput', { limit: 1 }, cashier);
      return out.ok ? (out.value[0]?.lines.join('\n') ?? '') : '';
    }, { timeout: 5000 }).toContain('КОПИЕ');
    const out = await t.callAsync('printer.simulatorOutput', { limit: 1 }, cashier);
    const paper = out.ok ? out.value[0]!.lines.join('\n') : '';
    expect(paper).toContain('ВЪЗСТАНОВЕНА');
    expect(paper).toMatch(/Безплатна напитка \(награда\)\s+-3,60/);
    expect(paper).toMatch(/Ниво Сребро -10 %\s+-0,36/);
    expect({ ledger: count('ledger'), outbox: count('outbox'), sales: count('sales'), refunds: count('refunds'), lots: count('lots') }).toEqual(before);
  });
});
