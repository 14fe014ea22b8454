import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHq, type HqOptions } from '../../hq/app';
import { backends, chain, FakeTerminal, newId, type Backend } from './support';

const root = resolve(__dirname, '../..');

/** `npm run hq` as an operator runs it, on the given database. */
async function spawnHq(options: HqOptions): Promise<{ url: string; child: ChildProcess }> {
  const args = ['--import', 'tsx', resolve(root, 'hq/server.ts'), '--port', '0'];
  if (options.dataDir) args.push('--data', options.dataDir);
  const env = { ...process.env, HQ_ADMIN_PASSWORD: 'crash-test' } as Record<string, string>;
  if (options.databaseUrl) env['DATABASE_URL'] = options.databaseUrl;
  else delete env['DATABASE_URL'];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Loyal Till HQ serving on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => fail(new Error(`hq exited with ${code}: ${out}`)));
  });
  return { url, child };
}

describe.each(backends)('HQ killed mid-batch on $name', (backend: Backend) => {
  let db: Awaited<ReturnType<Backend['open']>>;
  beforeAll(async () => {
    db = await backend.open();
  }, 180_000);
  afterAll(async () => db?.drop(), 180_000);

  it('keeps a batch whole or not at all, and takes it again after a restart', { timeout: 600_000 }, async () => {
    const options: HqOptions = { ...db.options, adminPassword: 'crash-test' };
    // Set up the chain in-process, then hand the database to a real HQ process.
    let hq = await startHq(options);
    const { organisationId, storeIds } = await chain(hq, 1);
    const { code } = await hq.admin.createEnrolCode({ storeId: storeIds[0]! });
    await hq.close();

    let server = await spawnHq(options);
    const till = new FakeTerminal(server.url);
    expect((await till.enrol(code)).status).toBe(200);
    const customer = newId();
    const batches = [0, 1, 2].map((round) => {
      const events = round === 0 ? [till.enrolCustomer(customer)] : [];
      while (events.length < 400) events.push(till.ledger(customer, 'stamp.add', [['stamps:coffee', 1], ['points', 2]]));
      return events;
    });

    let expected = 0;
    for (const [round, batch] of batches.entries()) {
      // Push, and kill HQ (SIGKILL: no shutdown code runs) while it is storing the batch.
      const exited = new Promise((r) => server.child.once('exit', r));
      const answer = fetch(`${server.url}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: till.authorization },
        body: JSON.stringify({ wire: 1, terminalId: till.id, sentAt: Date.now(), events: batch }),
      }).catch(() => null);
      await new Promise((r) => setTimeout(r, 40 * round + 15));
      server.child.kill('SIGKILL');
      await exited;
      await answer;

      // What HQ holds after the crash: all of the batch or none of it, and its balances agree.
      hq = await startHq(options);
      const count = await hq.admin.eventCount(organisationId);
      expect([expected, expected + batch.length]).toContain(count);
      const ledgerOps = count - 1;
      const balances = await hq.admin.customerBalances(organisationId, customer);
      expect(balances).toEqual(ledgerOps > 0 ? { 'stamps:coffee': ledgerOps, points: 2 * ledgerOps } : {});
      await hq.close();

      // The terminal never saw an ack, so it pushes the batch again: now it is stored exactly once.
      server = await spawnHq(options);
      till.hqUrl = server.url;
      const again = await till.push(batch);
      expect(again.status).toBe(200);
      expected += batch.length;
      expect(again.body.ackSeq).toBe(expected);
    }
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
    hq = await startHq(options);
    expect(await hq.admin.eventCount(organisationId)).toBe(1200);
    expect(await hq.admin.customerBalances(organisationId, customer)).toEqual({ 'stamps:coffee': 1199, points: 2398 });
    await hq.close();
  });
});
