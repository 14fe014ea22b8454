import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { startSimulatedPrinter, type SimulatedPrinter } from '../../../electron/printing/simulator/server';

let t: TestTerminal;
let printer: SimulatedPrinter;
let manager: string;
beforeEach(async () => {
  t = startTestTerminal();
  printer = await startSimulatedPrinter({ width: 32 });
  manager = t.loginAs('manager');
  const configured = await t.callAsync('printer.configure', { printer: { transport: 'tcp', host: '127.0.0.1', port: printer.port, profileId: 'epson-cp866', width: 32 } }, manager);
  expect(configured.ok).toBe(true);
});
afterEach(async () => {
  t.close();
  await printer.close();
});

const printed = async (n: number) => {
  await expect.poll(() => printer.printed.length, { timeout: 5000 }).toBe(n);
  return printer.printed[n - 1]!;
};

describe('printing from the counter', () => {
  it('prints a test page and the customer’s stamp receipt as the preview shows it', async () => {
    t.must('printer.test', {}, manager);
    expect((await printed(1)).lines.join('\n')).toContain('ТЕСТОВА СТРАНИЦА');
    const anna = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 121 212', language: 'bg', cardCode: '2900000000018' }, manager);
    t.must('stamp.add', { customerId: anna.customer.id, count: 3, visitId: 'visit-print', idempotencyKey: tapKey() }, manager);
    const preview = t.must('receipt.preview', { customerId: anna.customer.id }, manager);
    t.must('receipt.print', { customerId: anna.customer.id }, manager);
    const receipt = await printed(2);
    expect(receipt.lines.slice(0, preview.lines.length)).toEqual(preview.lines);
    expect(receipt.lines.join('\n')).toContain('Здравейте, Анна!');
    expect(receipt.qr).toEqual(['loyaltill:card:2900000000018']);
  });

  it('prints the receipt and opens the drawer for a cash sale, and a reprint stamps nothing', async () => {
    const anna = t.must('customer.enroll', { name: 'Анна', phone: '0888 343 434', language: 'ru' }, manager);
    t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, manager);
    t.must('sale.complete', { lines: [{ itemId: 'latte', quantity: 2 }], customerId: anna.customer.id, tenders: [{ kind: 'cash', amountMinor: 1000 }], idempotencyKey: tapKey() }, manager);
    await printed(2);
    expect(printer.printed.reduce((n, p) => n + p.drawerKicks, 0)).toBe(1);
    expect(printer.printed[1]!.lines.join('\n')).toContain('Лоялност: Анна'); // the sale receipt, in the store's language
    const stamps = t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get();
    t.must('printer.reprintLast', {}, manager);
    await printed(3);
    expect(printer.printed[2]!.lines).toEqual(printer.printed[1]!.lines);
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual(stamps);
  });

  it('prints the Z-report when the shift closes', async () => {
    t.must('shift.open', { floatMinor: 5000, idempotencyKey: tapKey() }, manager);
    t.must('shift.close', { counted: { '2000': 2, '1000': 1 }, idempotencyKey: tapKey() }, manager);
    const z = await printed(1);
    expect(z.lines.join('\n')).toMatch(/Z-ОТЧЕТ № 1/);
    expect(z.lines.join('\n')).toMatch(/Разлика\s+0,00 EUR/);
  });

  it('shows how far the customer is towards the next tier, in the customer’s language', async () => {
    const { document } = t.must('program.get', {}, manager);
    const tiers = {
      basis: 'visits',
      windowDays: 365,
      levels: [
        { id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 1 },
        { id: 'gold', name: { bg: 'Злато', ru: 'Золото', en: 'Gold' }, threshold: 5 },
      ],
    };
    expect(t.must('program.publish', { document: { ...document, tiers } }, manager)).toMatchObject({ valid: true });
    const ivan = t.must('customer.enroll', { name: 'Иван Петров', phone: '0888 777 123', language: 'bg' }, manager);
    for (const visitId of ['visit-tier-1', 'visit-tier-2']) {
      t.must('stamp.add', { customerId: ivan.customer.id, count: 1, visitId, idempotencyKey: tapKey() }, manager);
    }
    // Two visits of the five Gold needs: Silver, 40 % of the way.
    const preview = t.must('receipt.preview', { customerId: ivan.customer.id }, manager);
    expect(preview.lines.join('\n')).toContain('Сребро: 40% до Злато');
    t.must('receipt.print', { customerId: ivan.customer.id }, manager);
    expect((await printed(1)).lines.join('\n')).toContain('Сребро: 40% до Злато');
  });
});
