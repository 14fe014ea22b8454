import { afterAll, beforeAll } from 'vitest';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { startHq, type RunningHq } from '../../hq/app';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, type Terminal } from '../../electron/app/terminal';
import { silentLogger } from '../../electron/app/logger';
import { createFileSecretStore } from '../../electron/sync/secrets';
import type { HqClient } from '../../electron/sync/client';
import { startTestTerminal, testClock, type TestClock, type TestTerminal } from '../support/terminal';
import type { SyncStatusView } from '../../shared/contract';

/** The real HQ, in process: PGlite in memory, or the PostgreSQL server of PG_TEST_URL when set. */
export function startTestHq(clock?: TestClock): Promise<RunningHq> {
  return startHq({ ...(process.env.PG_TEST_URL ? { databaseUrl: process.env.PG_TEST_URL } : {}), ...(clock ? { now: () => clock.now() } : {}) });
}

/** One HQ for a test file: started before its tests, closed after them (`world.hq`). */
export function useTestHq(): { hq: RunningHq } {
  const world = {} as { hq: RunningHq };
  beforeAll(async () => {
    world.hq = await startTestHq();
  }, 180_000);
  afterAll(async () => {
    await world.hq?.close();
  });
  return world;
}

export interface Chain {
  organisationId: string;
  stores: string[];
}

let orgSeq = 0;
export async function createChain(hq: RunningHq, stores: number, conflictPolicy?: 'write_off' | 'carry_negative'): Promise<Chain> {
  const org = await hq.admin.createOrganisation({ name: `Chain ${process.pid}-${++orgSeq}`, ...(conflictPolicy ? { conflictPolicy } : {}) });
  const ids: string[] = [];
  for (let i = 0; i < stores; i++) ids.push((await hq.admin.createStore({ organisationId: org.id, name: `Store ${i + 1}`, currency: 'EUR', timeZone: 'Europe/Sofia' })).id);
  return { organisationId: org.id, stores: ids };
}

export interface SyncedTerminal extends TestTerminal {
  manager: string;
  cashier: string;
  id: string;
  sync(): Promise<SyncStatusView>;
}

/** A real terminal on a temp SQLite file, enrolled with HQ (at `url`, e.g. a proxy in front of HQ). */
export async function enrolledTerminal(hq: RunningHq, storeId: string, options: { clock?: TestClock; url?: string; name?: string } = {}): Promise<SyncedTerminal> {
  const t = startTestTerminal(options.clock ? { clock: options.clock } : {});
  const manager = t.loginAs('manager');
  const cashier = t.loginAs('cashier');
  const { code } = await hq.admin.createEnrolCode({ storeId });
  const enrolled = await t.callAsync('sync.enrol', { url: options.url ?? hq.url, code, ...(options.name ? { name: options.name } : {}) }, manager);
  if (!enrolled.ok) throw new Error(`enrol failed: ${JSON.stringify(enrolled.error)}`);
  const id = t.must('system.info', {}).terminalId;
  return {
    ...t,
    manager,
    cashier,
    id,
    async sync() {
      const reply = await t.callAsync('sync.now', {}, cashier);
      if (!reply.ok) throw new Error(`sync.now failed: ${JSON.stringify(reply.error)}`);
      return reply.value;
    },
  };
}

/**
 * A TCP proxy in front of HQ that can be cut: `down` refuses every connection (HQ unreachable),
 * `dropNextResponse` lets requests through to HQ and then drops the connection before the terminal
 * reads HQ's answer (HQ has committed; the terminal never hears it).
 */
export interface FaultyProxy {
  url: string;
  down: boolean;
  /** Drops the answers of the next `count` requests (the client tries each request twice). */
  dropNextResponse(count?: number): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<FaultyProxy> {
  const { hostname, port } = new URL(target);
  let drop = 0;
  const sockets = new Set<Socket>();
  const state = { down: false };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (state.down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('data', (chunk) => {
      if (drop > 0) {
        drop--;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk) => upstream.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
      if (value) for (const s of sockets) s.destroy();
    },
    dropNextResponse(count = 2) {
      drop = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The terminal's balances for a customer, as HQ's customerBalances reports them (zero left out). */
export function localBalances(t: TestTerminal, customerId: string): Record<string, number> {
  const rows = t.terminal.db.prepare('SELECT asset, amount FROM balances WHERE customer_id = ? AND amount <> 0 ORDER BY asset').all(customerId) as { asset: string; amount: number }[];
  return Object.fromEntries(rows.map((r) => [r.asset, r.amount]));
}

export const nonZero = (b: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== 0).sort(([a], [b]) => a.localeCompare(b)));

/**
 * A real terminal on a temp SQLite file, enrolled with a stand-in HQ: `client` answers as a test
 * needs HQ to answer at an exact point (unreachable between two rounds, a page of its choosing),
 * which the real HQ cannot be made to do. The terminal runs the real sync worker against it.
 */
export function standInEnrolledTerminal(client: HqClient, clock: TestClock = testClock()): { terminal: Terminal; close(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-stand-in-'));
  const secrets = createFileSecretStore(dataDir);
  secrets.set('k'.repeat(32));
  const terminal = createTerminal({ dataDir, clock, log: silentLogger, sync: { client, secrets } });
  terminal.db.prepare("UPDATE sync_state SET hq_url = 'http://hq.invalid', enrolled_at = 1, allowance_key = 'x' WHERE id = 1").run();
  return {
    terminal,
    close() {
      terminal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
