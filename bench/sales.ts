/**
 * Issue 6's benchmark: a busy café's year (500 sales a day, 3 lines each, 365 days) on one database.
 * Z-report of a day-long shift and of a month-long shift (the last month, left open: a report must
 * stay fast even then), p50/p99; and the complete-sale command's p99 against a bare INSERT + COMMIT.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTerminal } from '../electron/app/terminal';
import { silentLogger } from '../electron/app/logger';
import { openDatabase } from '../electron/db/connection';
import { openShiftRow } from '../electron/db/stores/shifts';
import { shiftReport } from '../electron/core/reports';
import type { BenchFigure } from './figures';
import { nowMs, percentile, round } from './stats';

export const title = 'Sales and Z-reports (issue 6)';
const PER_DAY = 500;
const DAYS = 365;
export const notes = `${PER_DAY} sales a day × ${DAYS} days (${(PER_DAY * DAYS).toLocaleString('en')} sales, 3 lines each, a third with a loyalty customer, of whose sales half have a tier discount and one in nine a free drink, kept by kind as the till keeps them; every event still in the outbox: a terminal never enrolled with HQ); the Z-report as the command makes it (with discounts by kind and sales by hour); SQLite WAL, synchronous=FULL. The complete-sale command: 1500 sales of 3 lines with a loyalty customer each (seen once before, untimed), alternating with bare one-row commits on the same connection (the floor); a sale writes the sale, its lines and tenders with their report indexes, the loyalty operation (ledger, lots, balances, the engine's state) and two outbox events in one commit.`;

const DAY = 86_400_000;
const items = [
  { id: 'espresso', category: 'coffee', price: 220 },
  { id: 'cappuccino', category: 'coffee', price: 340 },
  { id: 'latte', category: 'coffee', price: 360 },
  { id: 'croissant', category: 'pastry', price: 250 },
  { id: 'banitsa', category: 'pastry', price: 280 },
  { id: 'black-tea', category: 'tea', price: 200 },
];

function generateYear(dataDir: string, start: number): { dayShift: string; monthShift: string; terminalId: string } {
  createTerminal({ dataDir, log: silentLogger }).close();
  const db = openDatabase(join(dataDir, 'till.db'));
  db.pragma('synchronous = OFF');
  const terminalId = (db.prepare("SELECT value FROM settings WHERE key = 'terminal.id'").get() as { value: string }).value;
  const staffId = (db.prepare("SELECT id FROM staff WHERE role = 'cashier'").get() as { id: string }).id;
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  const customers = 2000;
  const insertCustomer = db.prepare("INSERT INTO customers (id, name, name_search, language, enrolled_at, enrolled_by) VALUES (?, ?, ?, 'bg', ?, ?)");
  const shift = db.prepare('INSERT INTO shifts (id, terminal_id, opened_at, opened_by, currency, float_minor, closed_at, closed_by, z_number) VALUES (?, ?, ?, ?, ?, 10000, ?, ?, ?)');
  const sale = db.prepare(
    "INSERT INTO sales (id, number, shift_id, terminal_id, staff_id, customer_id, currency, subtotal_minor, discount_minor, total_minor, change_minor, operation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 'EUR', ?, ?, ?, 0, ?, ?)",
  );
  const line = db.prepare('INSERT INTO sale_lines (sale_id, line_no, item_id, name, category_id, quantity, unit_price_minor, modifiers_minor, modifiers, discount_minor, total_minor) VALUES (?, ?, ?, ?, ?, 1, ?, 0, \'[]\', 0, ?)');
  const tender = db.prepare("INSERT INTO tenders (sale_id, line_no, kind, amount_minor, applied_minor) VALUES (?, 1, ?, ?, ?)");
  const entry = db.prepare(
    `INSERT INTO ledger (id, customer_id, asset, delta, kind, rule, explanation, operation_id, staff_id, terminal_id, terminal_seq, program_version, created_at)
     VALUES (?, ?, 'stamps:coffee', ?, 'earn', 'stamp-card:coffee', '{"key":"ledger.stamp.earned","params":{}}', ?, ?, ?, ?, 1, ?)`,
  );
  const lot = db.prepare("INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at) VALUES (?, ?, 'stamps:coffee', ?, ?)");
  // Every sale and loyalty operation writes an outbox event; a terminal never enrolled with HQ keeps them all.
  const outbox = db.prepare('INSERT INTO outbox (id, type, payload, hlc, created_at) VALUES (?, ?, ?, ?, ?)');
  const payload = JSON.stringify({ type: 'sale.completed', sale: { lines: items.slice(0, 3), tenders: [{ kind: 'cash' }] } });
  // Discounts as a sale keeps them (receipt_extras, shared/receipt/extras.ts), so the report's split by kind reads real rows.
  const extras = db.prepare('INSERT INTO receipt_extras (id, customer_id, extras) VALUES (?, ?, ?)');
  const silver = { bg: 'Сребро', ru: 'Серебро', en: 'Silver' };
  const freeDrink = { bg: 'Безплатна напитка', ru: 'Бесплатный напиток', en: 'Free drink' };
  const balance = db.prepare("INSERT INTO balances (customer_id, asset, amount) VALUES (?, 'stamps:coffee', ?) ON CONFLICT (customer_id, asset) DO UPDATE SET amount = amount + excluded.amount");
  let dayShift = '';
  let monthShift = '';
  db.transaction(() => {
    for (let c = 0; c < customers; c++) insertCustomer.run(`00000000-0000-7000-8000-${hex(c)}`, `Клиент ${c}`, `клиент ${c}`, start, staffId);
    let number = 0;
    let z = 0;
    const monthStartDay = DAYS - 30;
    for (let d = 0; d < DAYS; d++) {
      const dayStart = start + d * DAY;
      let shiftId: string;
      if (d < monthStartDay) {
        shiftId = `00000000-0000-7000-9000-${hex(d)}`;
        shift.run(shiftId, terminalId, dayStart, staffId, 'EUR', dayStart + DAY - 1, staffId, ++z);
        if (d === monthStartDay - 1) dayShift = shiftId;
      } else {
        shiftId = '00000000-0000-7000-9000-ffffffffffff';
        if (d === monthStartDay) shift.run(shiftId, terminalId, dayStart, staffId, 'EUR', null, null, null);
        monthShift = shiftId;
      }
      for (let s = 0; s < PER_DAY; s++) {
        number++;
        const at = dayStart + 7 * 3_600_000 + s * 100_000;
        const saleId = `00000000-0001-7000-8000-${hex(number)}`;
        const chosen = [items[number % 6]!, items[(number * 7) % 6]!, items[(number * 13) % 6]!];
        const subtotal = chosen.reduce((sum, i) => sum + i.price, 0);
        const customer = number % 3 === 0 ? `00000000-0000-7000-8000-${hex(number % customers)}` : null;
        // Of the loyalty customers' sales: one in nine uses a free drink (the first coffee), half get silver's 10 %.
        const kept: object[] = [];
        if (customer) {
          const coffeeLine = chosen.findIndex((i) => i.category === 'coffee');
          if (number % 27 === 0 && coffeeLine >= 0) {
            kept.push({ type: 'discount', kind: 'reward', rewardId: 'free-drink', name: freeDrink, lineNo: coffeeLine + 1, amountMinor: chosen[coffeeLine]!.price });
          }
          if (number % 6 === 0) {
            const rest = subtotal - kept.reduce((sum, k) => sum + (k as { amountMinor: number }).amountMinor, 0);
            kept.push({ type: 'discount', kind: 'tier', tierId: 'silver', name: silver, percent: 10, amountMinor: Math.round(rest / 10) });
          }
        }
        const discount = kept.reduce((sum, k) => sum + (k as { amountMinor: number }).amountMinor, 0);
        const total = subtotal - discount;
        let operation: string | null = null;
        if (customer) {
          const coffees = chosen.filter((i) => i.category === 'coffee').length;
          if (coffees > 0) {
            operation = `00000000-0002-7000-8000-${hex(number)}`;
            entry.run(operation, customer, coffees, operation, staffId, terminalId, number, at);
            lot.run(operation, customer, coffees, at);
            balance.run(customer, coffees);
            outbox.run(`00000000-0003-7000-8000-${hex(number)}`, 'ledger.recorded', payload, `${at}-0000`, at);
          }
        }
        sale.run(saleId, number, shiftId, terminalId, staffId, customer, subtotal, discount, total, operation, at);
        if (customer && kept.length > 0) extras.run(saleId, customer, JSON.stringify(kept));
        chosen.forEach((item, i) => line.run(saleId, i + 1, item.id, '{}', item.category, item.price, item.price));
        tender.run(saleId, number % 2 === 0 ? 'cash' : 'card', total, total);
        outbox.run(`00000000-0004-7000-8000-${hex(number)}`, 'sale.completed', payload, `${at}-0001`, at);
      }
    }
  })();
  db.pragma('synchronous = FULL');
  db.close();
  return { dayShift, monthShift, terminalId };
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = resolve('bench-data', 'sales');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const start = Date.UTC(2025, 10, 1);
  const t0 = nowMs();
  const { dayShift, monthShift, terminalId } = generateYear(dataDir, start);
  process.stderr.write(`bench sales: generated a year in ${Math.round(nowMs() - t0)} ms\n`);

  const db = openDatabase(join(dataDir, 'till.db'));
  const shiftRow = (id: string) =>
    db.prepare('SELECT s.*, s.opened_by AS opened_by_name, NULL AS closed_by_name FROM shifts s WHERE id = ?').get(id) as Parameters<typeof shiftReport>[1];
  const measure = (shiftId: string, until: number, count: number) => {
    const row = shiftRow(shiftId);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) {
      const s = nowMs();
      // The report as the command makes it: with discounts by kind and sales by hour.
      const report = shiftReport(db, row, until, 'X');
      samples.push(nowMs() - s);
      if (report.sales.count === 0) throw new Error('empty report');
    }
    return samples;
  };
  // Enough samples that p99 is not simply the slowest one.
  const day = measure(dayShift, start + DAYS * DAY, 400);
  const month = measure(monthShift, start + DAYS * DAY, 200);
  db.close();

  // The complete-sale command through the core, with a loyalty customer, against the bare commit.
  const terminal = createTerminal({ dataDir, log: silentLogger });
  const cashier = (terminal.db.prepare("SELECT id FROM staff WHERE role = 'cashier'").get() as { id: string }).id;
  const login = (await terminal.dispatch('staff.login', { staffId: cashier, pin: '1111' }, null)) as { ok: true; value: { token: string } };
  if (!openShiftRow(terminal.db, terminalId)) throw new Error('the month shift should be open');
  const sell = async (i: number, key: string) => {
    const reply = await terminal.dispatch(
      'sale.complete',
      {
        lines: [{ itemId: 'cappuccino', quantity: 1 }, { itemId: 'croissant', quantity: 1 }, { itemId: 'latte', quantity: 1 }],
        customerId: `00000000-0000-7000-8000-${(i % 2000).toString(16).padStart(12, '0')}`,
        tenders: [{ kind: 'cash', amountMinor: 1000 }],
        idempotencyKey: key,
      },
      login.value.token,
    );
    if (!reply.ok) throw new Error(`sale failed: ${reply.error.code}`);
  };
  // Not timed: each customer measured has bought once since this version started, which seeded the
  // engine's stored state from the ledger (migration 011) — a one-off, not what a sale costs.
  for (let i = 0; i < 1500; i++) await sell(i, `bench-warm-${i}-xxxx`);
  // Sales and floor commits alternate on one connection, so both meet the same interference.
  terminal.db.exec('CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, payload TEXT)');
  const insert = terminal.db.prepare('INSERT INTO bench_floor (payload) VALUES (?)');
  const sales: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < 1500; i++) {
    const s = nowMs();
    await sell(i, `bench-sale-${i}-xxxx`);
    sales.push(nowMs() - s);
    const f = nowMs();
    terminal.db.transaction(() => insert.run(`row ${i}`))();
    floor.push(nowMs() - f);
  }
  terminal.db.exec('DROP TABLE bench_floor');
  terminal.close();

  return [
    { name: 'zreport_day_p50_ms', value: round(percentile(day, 50), 2), unit: 'ms' },
    { name: 'zreport_day_p99_ms', value: round(percentile(day, 99), 2), unit: 'ms' },
    { name: 'zreport_month_p50_ms', value: round(percentile(month, 50), 2), unit: 'ms' },
    { name: 'zreport_month_p99_ms', value: round(percentile(month, 99), 2), unit: 'ms' },
    { name: 'sale_p99_ms', value: round(percentile(sales, 99), 3), unit: 'ms' },
    { name: 'sale_commit_floor_p99_ms', value: round(percentile(floor, 99), 3), unit: 'ms' },
    { name: 'sale_vs_commit_p99_ratio', value: round(percentile(sales, 99) / percentile(floor, 99), 2), unit: 'x' },
  ];
}
