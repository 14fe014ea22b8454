import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { csvField, toCsv } from '../../../electron/core/export';

let t: TestTerminal;
let manager: string;
let cashier: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
  cashier = t.loginAs('cashier');
});
afterEach(() => t.close());

const enrol = (name: string, phone: string, marketingConsent = false) =>
  t.must('customer.enroll', { name, phone, language: 'bg', marketingConsent, cardCode: undefined }, cashier).customer.id;

/** Parses the CSV this exporter writes (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === separator) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('data export', () => {
  it('exports customers with consent flags and times as CSV that Excel in Bulgarian opens: BOM, ";", Cyrillic, formulas defused', () => {
    const anna = enrol('Анна Иванова', '0888 123 456', true);
    enrol('=HYPERLINK("http://x")', '0888 123 457');
    const file = t.must('data.export', { what: 'customers', format: 'csv' }, manager);
    expect(file.content.startsWith('\ufeff')).toBe(true);
    expect(file.fileName).toMatch(/^loyal-till-customers-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.rows).toBe(2);
    const [header, ...rows] = parseCsv(file.content.slice(1), ';');
    expect(header).toContain('marketing_consent_at');
    const col = (name: string) => header!.indexOf(name);
    const annaRow = rows.find((r) => r[col('customer_id')] === anna)!;
    expect(annaRow[col('name')]).toBe('Анна Иванова');
    expect(annaRow[col('marketing_consent')]).toBe('1');
    // The test clock is 09:00 UTC on 22 Nov 2026: 11:00 in Sofia.
    expect(annaRow[col('marketing_consent_at')]).toBe('2026-11-22 11:00:00');
    expect(annaRow[col('enrolled_at_utc')]).toBe('2026-11-22T09:00:00.000Z');
    expect(rows.find((r) => r[col('customer_id')] !== anna)![col('name')]).toBe(`'=HYPERLINK("http://x")`);
    expect(file.content).not.toMatch(/scrypt|pin/i);
  });

  it('is manager only and recorded in the audit log with what and how many rows', () => {
    enrol('Анна Иванова', '0888 123 456');
    expect(t.call('data.export', { what: 'customers' }, cashier)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    t.must('data.export', { what: 'balances', format: 'json' }, manager);
    const audit = t.terminal.db.prepare("SELECT details FROM audit_log WHERE action = 'data.export'").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ what: 'balances', format: 'json', rows: expect.any(Number) as number, from: null, to: null }]);
  });

  it('exports balances and the ledger of a date range, in JSON too', () => {
    const anna = enrol('Анна Иванова', '0888 123 456');
    const from = t.clock.now() + 1000;
    t.clock.advance(60 * 60 * 1000);
    t.must('stamp.add', { customerId: anna, count: 3, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    t.clock.advance(60 * 60 * 1000);
    const to = t.clock.now();
    t.clock.advance(60 * 60 * 1000);
    t.must('stamp.add', { customerId: anna, count: 1, visitId: 'visit-0002', idempotencyKey: tapKey() }, cashier);

    const ledger = t.must('data.export', { what: 'ledger', format: 'json', from, to }, manager);
    const parsed = JSON.parse(ledger.content) as { rows: { customer_id: string; delta: number; kind: string; why: string }[] };
    expect(parsed.rows).toEqual([expect.objectContaining({ customer_id: anna, delta: 3, kind: 'earn', why: 'ledger.stamp.earned' })]);
    expect(ledger.fileName).toMatch(/^loyal-till-ledger-2026-11-22_2026-11-22-2026-11-22\.json$/);

    const balances = t.must('data.export', { what: 'balances', format: 'csv' }, manager);
    const [header, ...rows] = parseCsv(balances.content.slice(1), ';');
    expect(header).toEqual(['customer_id', 'name', 'asset', 'amount']);
    const stamps = rows.find((r) => r[0] === anna && r[2] === 'stamps:coffee');
    const stored = t.terminal.db.prepare("SELECT amount FROM balances WHERE customer_id = ? AND asset = 'stamps:coffee'").get(anna) as { amount: number };
    expect(Number(stamps![3])).toBe(stored.amount);
  });

  it("exports the store's own customers, not those another store's till enrolled and HQ sent here", () => {
    const own = enrol('Анна Иванова', '0888 123 456');
    const visitor = enrol('Гост от Пловдив', '0888 123 458');
    const db = t.terminal.db;
    db.prepare("UPDATE sync_state SET store_id = 'store-sofia' WHERE id = 1").run();
    db.prepare("INSERT INTO sync_customers (customer_id, home_store_id, received_at) VALUES (?, 'store-plovdiv', 0), (?, 'store-sofia', 0)").run(visitor, own);
    const file = t.must('data.export', { what: 'customers', format: 'json' }, manager);
    expect((JSON.parse(file.content) as { rows: { customer_id: string }[] }).rows.map((r) => r.customer_id)).toEqual([own]);
  });

  it('refuses a range that ends before it starts', () => {
    expect(t.call('data.export', { what: 'ledger', from: 10, to: 5 }, manager)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
  });
});

describe('CSV fields', () => {
  it('quote separators, quotes and line breaks, and keep numbers as numbers', () => {
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvField('two\nlines', ',')).toBe('"two\nlines"');
    expect(csvField(-3, ',')).toBe('-3');
    expect(csvField('-3+cmd|x', ',')).toBe("'-3+cmd|x");
    expect(csvField('@SUM(A1)', ',')).toBe("'@SUM(A1)");
    expect(csvField('+359 888 123 456', ',')).toBe('+359 888 123 456');
    expect(csvField(null, ',')).toBe('');
    expect(toCsv({ columns: ['a', 'b'], rows: [[1, 'x']] }, ',').text).toBe('\ufeffa,b\r\n1,x\r\n');
  });
});
