/**
 * Issue 2's benchmark: a store with 100 000 customers and 2 000 000 ledger entries on one database
 * file. Identify by card code and a durable stamp are measured through the core's dispatch (the same
 * pipeline both transports call); the floor is a bare one-row INSERT + COMMIT with the same pragmas.
 * Then the start-up of `npm run serve` on that database until the counter answers.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTerminal } from '../electron/app/terminal';
import { silentLogger } from '../electron/app/logger';
import { openDatabase } from '../electron/db/connection';
import { inStoreCardCode } from '../shared/codes/ean';
import { reverseDigits, searchableName } from '../shared/domain/phone';
import type { BenchFigure } from './figures';
import { nowMs, percentile, round } from './stats';

export const title = 'Counter: identify, durable stamp, start-up (issue 2)';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 2_000_000);
const SAMPLES = 2000;

export const notes = `${CUSTOMERS.toLocaleString('en')} customers, ${ENTRIES.toLocaleString('en')} ledger entries, ${SAMPLES} samples per figure; SQLite WAL, synchronous=FULL.`;

export function generateStore(dataDir: string): void {
  // The demo café and its staff come from a normal first start; the bulk rows are written directly,
  // consistent with what the commands would have written (lots and balances included).
  createTerminal({ dataDir, log: silentLogger }).close();
  const db = openDatabase(join(dataDir, 'till.db'));
  db.pragma('synchronous = OFF');
  const staffId = (db.prepare("SELECT id FROM staff WHERE role = 'cashier'").get() as { id: string }).id;
  const customer = db.prepare(
    `INSERT INTO customers (id, name, name_search, phone, phone_rev, language, enrolled_at, enrolled_by)
     VALUES (?, ?, ?, ?, ?, 'bg', ?, ?)`,
  );
  const card = db.prepare('INSERT INTO cards (code, customer_id, linked_at) VALUES (?, ?, ?)');
  const entry = db.prepare(
    `INSERT INTO ledger (id, customer_id, asset, delta, kind, rule, explanation, operation_id, visit_id, staff_id, terminal_id,
                         terminal_seq, program_version, created_at)
     VALUES (?, ?, 'stamps:coffee', 1, 'earn', 'stamp-card:coffee', '{"key":"ledger.stamp.earned","params":{"count":1,"cardId":"coffee"}}', ?, NULL, ?, 'bench', ?, 1, ?)`,
  );
  const lot = db.prepare("INSERT INTO lots (entry_id, customer_id, asset, remaining, created_at) VALUES (?, ?, 'stamps:coffee', 1, ?)");
  const balance = db.prepare("INSERT INTO balances (customer_id, asset, amount) VALUES (?, 'stamps:coffee', ?)");
  const start = Date.UTC(2024, 0, 1);
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  const customerId = (i: number) => `00000000-0000-7000-8000-${hex(i, 12)}`;
  const perCustomer = Math.floor(ENTRIES / CUSTOMERS);
  let seq = 0;
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const id = customerId(i);
      const phone = `+35988${String(i).padStart(7, '0')}`;
      const name = `Клиент ${i}`;
      customer.run(id, name, searchableName(name), phone, reverseDigits(phone), start, staffId);
      card.run(inStoreCardCode(i + 1), id, start);
      for (let k = 0; k < perCustomer; k++) {
        seq++;
        const entryId = `00000000-0001-7000-8000-${hex(seq, 12)}`;
        const at = start + seq * 1000;
        entry.run(entryId, id, entryId, staffId, seq, at);
        lot.run(entryId, id, at);
      }
      balance.run(id, perCustomer);
    }
  })();
  db.pragma('synchronous = FULL');
  db.close();
}

async function measureStartup(dataDir: string): Promise<number> {
  const started = nowMs();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('electron/serve.ts'), '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = await new Promise<string>((ok, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const m = /serving on (http:\/\/\S+)/.exec(chunk.toString());
        if (m) ok(m[1]!);
      });
      child.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
    });
    for (;;) {
      const reply = await fetch(`${url}/api/staff.list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => null);
      if (reply?.ok) break;
    }
    return nowMs() - started;
  } finally {
    child.kill('SIGTERM');
  }
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = resolve('bench-data', 'counter');
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const generateStart = nowMs();
  generateStore(dataDir);
  process.stderr.write(`bench counter: generated store in ${Math.round(nowMs() - generateStart)} ms\n`);

  const terminal = createTerminal({ dataDir, log: silentLogger });
  const cashier = (terminal.db.prepare("SELECT id FROM staff WHERE role = 'cashier'").get() as { id: string }).id;
  const login = await terminal.dispatch('staff.login', { staffId: cashier, pin: '1111' }, null);
  if (!login.ok) throw new Error('bench login failed');
  const token = (login.value as { token: string }).token;

  const identify: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const code = inStoreCardCode(1 + ((i * 7919) % CUSTOMERS));
    const t0 = nowMs();
    const reply = await terminal.dispatch('customer.identify', { code }, token);
    identify.push(nowMs() - t0);
    if (!reply.ok) throw new Error(`identify failed: ${reply.error.code}`);
  }

  const stamp: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const customerId = `00000000-0000-7000-8000-${((i * 104729) % CUSTOMERS).toString(16).padStart(12, '0')}`;
    const t0 = nowMs();
    const reply = await terminal.dispatch('stamp.add', { customerId, count: 1, visitId: `bench-visit-${i}`, idempotencyKey: `bench-stamp-${i}` }, token);
    stamp.push(nowMs() - t0);
    if (!reply.ok) throw new Error(`stamp failed: ${reply.error.code}`);
  }
  terminal.close();

  const db = openDatabase(join(dataDir, 'till.db'));
  db.exec('CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO bench_floor (payload) VALUES (?)');
  const floor: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = nowMs();
    db.transaction(() => insert.run(`row ${i}`))();
    floor.push(nowMs() - t0);
  }
  db.exec('DROP TABLE bench_floor');
  db.close();

  const startups: number[] = [];
  for (let i = 0; i < 3; i++) startups.push(await measureStartup(dataDir));

  const stampP99 = percentile(stamp, 99);
  const floorP99 = percentile(floor, 99);
  return [
    { name: 'identify_p50_ms', value: round(percentile(identify, 50)), unit: 'ms' },
    { name: 'identify_p99_ms', value: round(percentile(identify, 99)), unit: 'ms' },
    { name: 'stamp_p50_ms', value: round(percentile(stamp, 50)), unit: 'ms' },
    { name: 'stamp_p99_ms', value: round(stampP99), unit: 'ms' },
    { name: 'commit_floor_p50_ms', value: round(percentile(floor, 50)), unit: 'ms' },
    { name: 'commit_floor_p99_ms', value: round(floorP99), unit: 'ms' },
    { name: 'stamp_vs_commit_p99_ratio', value: round(stampP99 / floorP99, 2), unit: 'x' },
    { name: 'serve_startup_ms', value: Math.round(percentile(startups, 50)), unit: 'ms' },
  ];
}
