import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { startSimulatedPrinter, type SimulatedPrinter } from '../../../electron/printing/simulator/server';

let t: TestTerminal;
let printer: SimulatedPrinter;
let manager: string;
let cashier: string;
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

const printed = async (n: number) => {
  await expect.poll(() => printer.printed.length, { timeout: 5000 }).toBe(n);
  return printer.printed[n - 1]!;
};

const ledgerRows = () => t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get();

describe('the sale receipt', () => {
  it('prints with the sale, itemised, in the store\'s language, with the loyalty part, and not as a fiscal receipt', async () => {
    const anna = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 343 434', language: 'ru' }, cashier);
    const sale = t.must(
      'sale.complete',
      {
        lines: [{ itemId: 'latte', quantity: 2, modifierIds: ['oat-milk'] }, { itemId: 'croissant', quantity: 1 }],
        customerId: anna.customer.id,
        tenders: [{ kind: 'cash', amountMinor: 2000 }],
        idempotencyKey: tapKey(),
      },
      cashier,
    );
    // The drawer opens first (cash), then the receipt prints.
    const receipt = await printed(2);
    expect(printer.printed[0]!.drawerKicks).toBe(1);
    const text = receipt.lines.join('\n');
    expect(text).toContain('ТОВА НЕ Е ФИСКАЛЕН БОН');
    expect(text).toMatch(new RegExp(`Продажба № ${sale.number}`));
    expect(text).toContain('Обслужи ви Иван Георгиев');
    expect(text).toMatch(/Лате\s+7,20 EUR\n {2}2 x 3,60 EUR *\n {2}\+ Овесено мляко\s+0,80 EUR/);
    expect(text).toMatch(/Кроасан\s+2,50 EUR/);
    expect(text).toMatch(/ОБЩО\s+10,50 EUR/);
    expect(text).toMatch(/В брой\s+20,00 EUR/);
    expect(text).toMatch(/Ресто\s+9,50 EUR/);
    expect(text).toContain('Лоялност: Анна');
    expect(text).toMatch(/Получени печати\s+\+2/);
    const stored = t.terminal.db.prepare("SELECT amount FROM balances WHERE customer_id = ? AND asset = 'points'").get(anna.customer.id) as { amount: number };
    expect(text).toMatch(new RegExp(`Точки\\s+${stored.amount}`));
    // The preview is what prints.
    const preview = t.must('receipt.previewSale', { saleId: sale.saleId }, cashier);
    expect(receipt.lines.slice(0, preview.lines.length)).toEqual(preview.lines);
  });

  it('prints a sale that earned nothing but counted a visit without a stamp card it did not change', async () => {
    // Stamps for coffee only and no points: a croissant earns nothing; the sale is still an operation (a visit).
    const document = t.must('program.get', {}, manager).document;
    expect(t.must('program.publish', { document: { ...document, points: null, rewards: document.rewards.filter((r) => r.cost === null) } }, manager)).toMatchObject({ valid: true });
    const anna = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 343 436', language: 'bg' }, cashier);
    t.must('stamp.add', { customerId: anna.customer.id, count: 3, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
    const sale = t.must('sale.complete', { lines: [{ itemId: 'croissant', quantity: 1 }], customerId: anna.customer.id, tenders: [{ kind: 'card', amountMinor: 250 }], idempotencyKey: tapKey() }, cashier);
    expect(t.terminal.db.prepare('SELECT operation_id FROM sales WHERE id = ?').get(sale.saleId)).toEqual({ operation_id: expect.any(String) });
    const text = (await printed(1)).lines.join('\n');
    expect(text).toContain('Лоялност: Анна');
    // Her card holds 3 stamps: a sale that did not touch it does not draw it (read as of no entry, it would show as empty).
    expect(text).not.toContain('Още 10');
    expect(text).not.toContain('Получени печати');
  });

  it('prints for a sale without a customer too, with the card reference and no loyalty part', async () => {
    t.must('sale.complete', { lines: [{ itemId: 'espresso', quantity: 1 }], tenders: [{ kind: 'card', amountMinor: 220, reference: 'POS-7781' }], idempotencyKey: tapKey() }, cashier);
    const text = (await printed(1)).lines.join('\n');
    expect(text).toMatch(/Еспресо\s+2,20 EUR/);
    expect(text).toMatch(/С карта\s+2,20 EUR\n {2}реф\. POS-7781/);
    expect(text).not.toContain('Лоялност');
    expect(text).not.toContain('Ресто');
  });

  it('reprints a past sale from the sales list as a copy, as it was then, stamping nothing', async () => {
    const anna = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 343 435', language: 'bg' }, cashier);
    const first = t.must('sale.complete', { lines: [{ itemId: 'cappuccino', quantity: 1 }], customerId: anna.customer.id, tenders: [{ kind: 'card', amountMinor: 340 }], idempotencyKey: tapKey() }, cashier);
    const original = await printed(1);
    // Later sales move the card on; the reprint still shows it as it was after the first sale.
    t.must('sale.complete', { lines: [{ itemId: 'latte', quantity: 3 }], customerId: anna.customer.id, tenders: [{ kind: 'card', amountMinor: 1080 }], idempotencyKey: tapKey() }, cashier);
    await printed(2);
    const before = ledgerRows();
    t.must('receipt.printSale', { saleId: first.saleId }, cashier);
    const copy = await printed(3);
    expect(copy.lines.join('\n')).toContain('КОПИЕ');
    expect(copy.lines.filter((l) => !l.includes('КОПИЕ'))).toEqual(original.lines);
    expect(ledgerRows()).toEqual(before);

    // The program changed since (the card and its reward renamed, the card made shorter): still as it was then.
    const document = t.must('program.get', {}, manager).document;
    const renamed = {
      ...document,
      stampCards: document.stampCards.map((c) => ({ ...c, size: 8, name: { bg: 'Нова карта', ru: 'Новая карта', en: 'New card' } })),
      rewards: document.rewards.map((r) => (r.id === 'free-drink' ? { ...r, name: { bg: 'Подарък', ru: 'Подарок', en: 'A gift' } } : r)),
    };
    expect(t.must('program.publish', { document: renamed }, manager)).toMatchObject({ valid: true });
    t.must('receipt.printSale', { saleId: first.saleId }, cashier);
    const later = await printed(4);
    expect(later.lines.filter((l) => !l.includes('КОПИЕ'))).toEqual(original.lines);
    expect(later.lines.join('\n')).not.toContain('Подарък');

    t.must('sale.refund', { saleId: first.saleId, kind: 'refund', reason: 'Customer unhappy', idempotencyKey: tapKey() }, manager);
    t.must('receipt.printSale', { saleId: first.saleId }, cashier);
    expect((await printed(5)).lines.join('\n')).toContain('ВЪЗСТАНОВЕНА');
    expect(t.call('receipt.printSale', { saleId: '01900000-0000-7000-8000-000000000000' }, cashier)).toEqual({ ok: false, error: { code: 'sale.not_found' } });
  });
});
