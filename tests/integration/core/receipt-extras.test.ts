import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { startSimulatedPrinter, type SimulatedPrinter } from '../../../electron/printing/simulator/server';
import { setSetting } from '../../../electron/db/stores/settings';
import { demoCafeProgram, type ProgramInput } from '../../../shared/loyalty';

/**
 * Issue 3 at the till: what the loyalty engine chooses for the receipt reaches the customer. A
 * partner's coupon by rule (every sale over 10 EUR) and the advance warning of points about to
 * expire are printed on the sale receipt in the store's language, kept with the sale so a reprint
 * prints the same code, and carried by the sale's answer for the counter.
 */
const DAY = 86_400_000;
let t: TestTerminal;
let printer: SimulatedPrinter;
let cashier: string;
let manager: string;
beforeEach(async () => {
  t = startTestTerminal();
  printer = await startSimulatedPrinter({ width: 48 });
  manager = t.loginAs('manager');
  cashier = t.loginAs('cashier');
  const configured = await t.callAsync('printer.configure', { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, profileId: 'epson-cp866', width: 48 } }, manager);
  expect(configured.ok).toBe(true);
  t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, cashier);
});
afterEach(async () => {
  t.close();
  await printer.close();
});

/** The n-th receipt the printer printed, as text (a cash sale's drawer kick prints no text). */
const printed = async (n: number) => {
  const receipts = () => printer.printed.filter((p) => p.lines.some((l) => l.trim() !== ''));
  await expect.poll(() => receipts().length, { timeout: 5000 }).toBe(n);
  return receipts()[n - 1]!.lines.join('\n');
};

const cinema: NonNullable<ProgramInput['partnerOffers']>[number] = {
  id: 'cinema',
  partner: 'Cinema City',
  text: { bg: 'Два билета на цената на един', ru: 'Два билета по цене одного', en: 'Two tickets for the price of one' },
  code: 'CC-2FOR1',
  when: { minAmount: 1000 },
};

function publish(extra: Partial<ProgramInput>): void {
  const r = t.must('program.publish', { document: { ...demoCafeProgram(), ...extra } }, manager);
  if (!r.valid) throw new Error(JSON.stringify(r.issues));
  cashier = t.loginAs('cashier');
}

const sell = (customerId: string, itemId: string, quantity: number) =>
  t.must('sale.complete', { lines: [{ itemId, quantity, modifierIds: [] }], customerId, tenders: [{ kind: 'cash', amountMinor: 100_000 }], idempotencyKey: tapKey() }, cashier);

describe('receipt extras at the till (issue 3)', () => {
  it('prints the partner coupon on a sale over X, not under it, and a reprint shows the same code', async () => {
    publish({ partnerOffers: [cinema] });
    const anna = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 343 434', language: 'bg' }, cashier);

    // 2 x 3.60 EUR: under 10 EUR, no coupon.
    const small = sell(anna.customer.id, 'latte', 2);
    expect(small.receiptExtras).toEqual([]);
    const first = await printed(1);
    expect(first).not.toContain('CC-2FOR1');

    // 3 x 3.60 EUR = 10.80 EUR: over 10 EUR, the coupon.
    const big = sell(anna.customer.id, 'latte', 3);
    expect(big.receiptExtras).toEqual([expect.objectContaining({ type: 'partner-offer', partner: 'Cinema City', code: 'CC-2FOR1' })]);
    const receipt = await printed(2);
    expect(receipt).toContain('От нашия партньор Cinema City');
    expect(receipt).toContain('Два билета на цената на един');
    expect(receipt).toContain('Код: CC-2FOR1');

    // The partner changes the code; the reprint of that sale still prints the code it was given.
    publish({ partnerOffers: [{ ...cinema, code: 'CC-NEW', text: { bg: 'Друго', ru: 'Другое', en: 'Other' } }] });
    t.must('receipt.printSale', { saleId: big.saleId }, cashier);
    const copy = await printed(3);
    expect(copy).toContain('КОПИЕ');
    expect(copy).toContain('Код: CC-2FOR1');
    expect(copy).toContain('Два билета на цената на един');
    expect(copy).not.toContain('CC-NEW');
    // And the first sale, which had none, still has none.
    expect(t.must('receipt.previewSale', { saleId: small.saleId }, cashier).lines.join('\n')).not.toContain('Cinema City');
  });

  it('counts "every Nth sale" over the store’s sales, not the customer’s own', async () => {
    publish({ partnerOffers: [{ ...cinema, when: { minAmount: 0, everyNthSale: 2 } }] });
    const anna = t.must('customer.enroll', { name: 'Anna Petrova', phone: '0888 343 435', language: 'en' }, cashier);
    const boris = t.must('customer.enroll', { name: 'Boris Petrov', phone: '0888 343 436', language: 'en' }, cashier);
    // Store sale 1 (Anna's first): no coupon; store sale 2 (Boris's first): the coupon.
    expect(sell(anna.customer.id, 'croissant', 1).receiptExtras).toEqual([]);
    const second = sell(boris.customer.id, 'croissant', 1);
    expect(second.number).toBe(2);
    expect(second.receiptExtras).toEqual([expect.objectContaining({ type: 'partner-offer', code: 'CC-2FOR1' })]);
    expect(await printed(2)).toContain('CC-2FOR1');
  });

  it('warns on the receipt, and at the counter, of points that expire within the warning window, in the store’s language', async () => {
    publish({ expiry: { enabled: true, afterDays: 30, warnDays: 7 } });
    setSetting(t.terminal.db, 'store.language', 'en');
    const boris = t.must('customer.enroll', { name: 'Boris Petrov', phone: '0888 111 222', language: 'en' }, cashier);
    const earned = sell(boris.customer.id, 'latte', 3);
    expect(earned.order.points).toBeGreaterThan(0);
    const noWarning = await printed(1);
    expect(noWarning).not.toContain('Expiring soon');
    expect(t.must('loyalty.summary', { customerId: boris.customer.id }, cashier).summary.expiring).toEqual([]);

    // 25 days on, the first points expire in 5 days: inside the 7-day window.
    t.clock.advance(25 * DAY);
    cashier = t.loginAs('cashier');
    const later = sell(boris.customer.id, 'croissant', 1);
    // The three lattes earned 10 points and 3 coffee stamps on 22 November: both expire on 22 December.
    expect(earned.order.points).toBe(10);
    expect(later.receiptExtras).toEqual([
      expect.objectContaining({ type: 'expiry-warning', asset: 'points', amount: 10 }),
      expect.objectContaining({ type: 'expiry-warning', asset: 'stamps:coffee', amount: 3 }),
    ]);
    const expiresAt = (later.receiptExtras[0] as { expiresAt: number }).expiresAt;
    const receipt = await printed(2);
    expect(receipt).toContain('Expiring soon');
    expect(receipt).toContain('! 10 points expire on 22/12/2026');
    // Wrapped at the paper's width.
    expect(receipt).toMatch(/! 3 stamps on the Coffee card expire on\s+22\/12\/2026/);

    // The counter shows the same warning (LoyaltyPrompts lists loyalty.summary's `expiring`).
    const summary = t.must('loyalty.summary', { customerId: boris.customer.id }, cashier).summary;
    expect(summary.expiring).toEqual(expect.arrayContaining([expect.objectContaining({ asset: 'points', amount: 10, expiresAt })]));
  });

  it('prints the warning on a quick stamp’s receipt, kept with the stamp, in the customer’s language', async () => {
    publish({ expiry: { enabled: true, afterDays: 30, warnDays: 7 } });
    const vera = t.must('customer.enroll', { name: 'Вера Смирнова', phone: '0888 777 888', language: 'ru' }, cashier);
    t.must('stamp.add', { customerId: vera.customer.id, count: 2, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
    t.clock.advance(26 * DAY);
    cashier = t.loginAs('cashier');
    const stamp = t.must('stamp.add', { customerId: vera.customer.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
    t.must('receipt.print', { customerId: vera.customer.id, operationId: stamp.operationId }, cashier);
    const receipt = await printed(1);
    expect(receipt).toContain('Скоро сгорят');
    // The code page has no « », so the printer prints "; the two stamps of 22 November expire 30 days on.
    expect(receipt).toContain('! 2 штампа на карте "Кофе" сгорят 22.12.2026');
  });
});
