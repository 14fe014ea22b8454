/**
 * Issue 5's terminal figure: a terminal whose outbox holds 50 000 events (HQ was down while the
 * café kept stamping) pushes them all to HQ on loopback, in order, in MAX_PUSH_EVENTS batches, each
 * acknowledged before the next. HQ is the real one (PGlite in process, or DATABASE_URL's PostgreSQL).
 * The clock starts at "sync now" and stops when HQ has acknowledged the last event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHq } from '../hq/app';
import { createTerminal, type Terminal } from '../electron/app/terminal';
import { silentLogger } from '../electron/app/logger';
import { demoStaff } from '../electron/app/demo';
import type { BenchFigure } from './figures';
import { nowMs, round } from './stats';

export const title = 'Sync: terminal push (issue 5)';

const pgUrl = process.env.PG_TEST_URL ?? process.env.DATABASE_URL;
const EVENTS = Number(process.env.BENCH_SYNC_EVENTS ?? 50_000);

export const notes = `${EVENTS.toLocaleString('en')} queued stamp events (ledger.recorded), pushed by one terminal to HQ on loopback in batches of 500; HQ in process on ${pgUrl ? 'PostgreSQL (PG_TEST_URL or DATABASE_URL)' : 'PGlite (no PostgreSQL given)'}.`;

function must<T>(reply: unknown): T {
  if (reply instanceof Promise) throw new Error('asynchronous reply');
  const r = reply as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

/**
 * Stamps made while HQ was unreachable: `events` commands through the real pipeline (customer.enroll,
 * stamp.add), each its own transaction as at the counter. This is set-up, not measured, so it runs
 * with synchronous=OFF and restores FULL after.
 */
export function queueStamps(terminal: Terminal, token: string, customers: number, events: number): string[] {
  const ids: string[] = [];
  terminal.db.pragma('synchronous = OFF');
  try {
    for (let i = 0; i < customers; i++) {
      const view = must<{ customer: { id: string } }>(
        terminal.dispatch('customer.enroll', { name: `Bench ${i}`, phone: `0899${String(100000 + i).slice(-6)}`, language: 'bg' }, token),
      );
      ids.push(view.customer.id);
    }
    for (let i = ids.length; i < events; i++) {
      must(terminal.dispatch('stamp.add', { customerId: ids[i % ids.length]!, count: 1, visitId: `bench-visit-${i}`, idempotencyKey: `bench-stamp-${i}` }, token));
    }
  } finally {
    terminal.db.pragma('synchronous = FULL');
  }
  return ids;
}

export function login(terminal: Terminal, role: 'manager' | 'cashier'): string {
  const staff = must<{ id: string; role: string }[]>(terminal.dispatch('staff.list', {}, null)).find((s) => s.role === role)!;
  return must<{ token: string }>(terminal.dispatch('staff.login', { staffId: staff.id, pin: demoStaff.find((s) => s.role === role)!.pin }, null)).token;
}

export async function run(): Promise<BenchFigure[]> {
  const hq = await startHq(pgUrl ? { databaseUrl: pgUrl } : {});
  const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-bench-sync-'));
  const terminal = createTerminal({ dataDir, log: silentLogger });
  try {
    const org = await hq.admin.createOrganisation({ name: `Bench ${Date.now()}` });
    const store = await hq.admin.createStore({ organisationId: org.id, name: 'Bench café', currency: 'EUR', timeZone: 'Europe/Sofia' });
    const { code } = await hq.admin.createEnrolCode({ storeId: store.id });
    const manager = login(terminal, 'manager');
    const enrolled = await terminal.dispatch('sync.enrol', { url: hq.url, code }, manager);
    if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error));
    queueStamps(terminal, manager, 50, EVENTS);
    const waiting = terminal.sync.status().waiting;
    const start = nowMs();
    const status = await terminal.sync.syncNow();
    const seconds = (nowMs() - start) / 1000;
    if (status.waiting !== 0 || status.lastError !== null) throw new Error(`push did not drain: ${JSON.stringify(status)}`);
    const stored = await hq.admin.eventCount(org.id);
    if (stored < waiting) throw new Error(`HQ holds ${stored} events, expected at least ${waiting}`);
    process.stderr.write(`sync: pushed ${waiting} events (${round(waiting / seconds, 0)} events/s)\n`);
    return [{ name: 'terminal_push_50k_s', value: round(seconds, 2), unit: 's' }];
  } finally {
    terminal.close();
    rmSync(dataDir, { recursive: true, force: true });
    await hq.close();
  }
}
