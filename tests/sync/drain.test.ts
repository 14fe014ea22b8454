import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal } from '../../electron/app/terminal';
import { silentLogger } from '../../electron/app/logger';
import { createFetchHqClient, type HqClient } from '../../electron/sync/client';
import { readSyncState } from '../../electron/sync/state';
import { login, queueStamps } from '../../bench/sync';
import { createChain, nonZero, useTestHq } from './support';
import { testClock } from '../support/terminal';

const world = useTestHq();

/** The real HTTP client, cut off while `down()` says so (the request never leaves the till). */
function switchable(down: () => boolean): HqClient {
  const base = createFetchHqClient();
  const gate =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> =>
      down() ? (Promise.resolve({ ok: false, error: { code: 'sync.unavailable' } }) as Promise<R>) : fn(...a);
  return { enrol: gate(base.enrol), push: gate(base.push), feed: gate(base.feed), customerByCode: gate(base.customerByCode), customerById: gate(base.customerById), allowance: gate(base.allowance) };
}

describe('a till that could not reach HQ for a long time', () => {
  it('queues 50 000 events while HQ is down, then drains them all, in order, each stored once', async () => {
    const chain = await createChain(world.hq, 1);
    const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-drain-'));
    let down = false;
    const terminal = createTerminal({ dataDir, clock: testClock(), log: silentLogger, sync: { client: switchable(() => down) } });
    try {
      const manager = login(terminal, 'manager');
      const { code } = await world.hq.admin.createEnrolCode({ storeId: chain.stores[0]! });
      expect((await terminal.dispatch('sync.enrol', { url: world.hq.url, code }, manager)).ok).toBe(true);
      const before = await world.hq.admin.eventCount(chain.organisationId);

      down = true;
      const customers = queueStamps(terminal, manager, 50, 50_000);
      const cut = await terminal.sync.syncNow();
      expect(cut).toMatchObject({ online: false, lastError: 'sync.unavailable' });
      expect(cut.waiting).toBe(50_000);

      down = false;
      const drained = await terminal.sync.syncNow();
      expect(drained).toMatchObject({ waiting: 0, lastError: null, online: true });
      const last = terminal.db.prepare('SELECT MAX(seq) FROM outbox').pluck().get() as number;
      expect(readSyncState(terminal.db).pushAckSeq).toBe(last);
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(before + 50_000);
      for (const id of customers.slice(0, 5)) {
        const local = terminal.db.prepare('SELECT asset, amount FROM balances WHERE customer_id = ? AND amount <> 0 ORDER BY asset').all(id) as { asset: string; amount: number }[];
        expect(Object.fromEntries(local.map((r) => [r.asset, r.amount]))).toEqual(nonZero(await world.hq.admin.customerBalances(chain.organisationId, id)));
      }
    } finally {
      terminal.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 900_000);

  it('resumes after a restart from the sequence HQ acknowledged, sending nothing twice', async () => {
    const chain = await createChain(world.hq, 1);
    const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-resume-'));
    const clock = testClock();
    const http = createFetchHqClient();
    let pushesLeft = Infinity;
    const flaky: HqClient = { ...http, push: (c, r) => (pushesLeft-- > 0 ? http.push(c, r) : Promise.resolve({ ok: false, error: { code: 'sync.unavailable' } })) };
    const first = createTerminal({ dataDir, clock, log: silentLogger, sync: { client: flaky, pushBatchSize: 100 } });
    let ackBefore = 0;
    let base = 0;
    try {
      const manager = login(first, 'manager');
      const { code } = await world.hq.admin.createEnrolCode({ storeId: chain.stores[0]! });
      expect((await first.dispatch('sync.enrol', { url: world.hq.url, code }, manager)).ok).toBe(true);
      base = await world.hq.admin.eventCount(chain.organisationId);
      queueStamps(first, manager, 5, 450);
      // Two batches of 100 get through, then the line goes down; then the till is switched off.
      pushesLeft = 2;
      expect((await first.sync.syncNow()).waiting).toBe(250);
      ackBefore = readSyncState(first.db).pushAckSeq;
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(base + 200);
    } finally {
      first.close();
    }
    const second = createTerminal({ dataDir, clock, log: silentLogger, sync: { client: http, pushBatchSize: 100 } });
    try {
      expect(readSyncState(second.db).pushAckSeq).toBe(ackBefore);
      expect(await second.sync.syncNow()).toMatchObject({ waiting: 0, lastError: null });
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(base + 450);
    } finally {
      second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
