import { describe, expect, it } from 'vitest';
import { inStoreCardCode } from '../../shared/codes/ean';
import { translateError } from '../../shared/i18n';
import { verifyBalances } from '../../electron/db/stores/ledger';
import { OFFLINE_AFTER_MS } from '../../electron/sync/offline';
import { tapKey, testClock } from '../support/terminal';
import { createChain, enrolledTerminal, localBalances, nonZero, startProxy, useTestHq, type SyncedTerminal } from './support';

const world = useTestHq();

let serial = 8000;
let phone = 100;
function customerWithRewards(t: SyncedTerminal, rewards: number) {
  const c = t.must('customer.enroll', { name: `Гост ${phone}`, phone: `0888 400 ${++phone}`, language: 'bg', cardCode: inStoreCardCode(++serial) }, t.cashier);
  t.must('stamp.add', { customerId: c.customer.id, count: 10 * rewards, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);
  const view = t.must('customer.get', { customerId: c.customer.id }, t.cashier);
  return { id: c.customer.id, rewardId: view.rewards[0]!.rewardId };
}
const redeem = (t: SyncedTerminal, c: { id: string; rewardId: string }) =>
  t.call('reward.redeem', { customerId: c.id, rewardId: c.rewardId, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);

describe('redeeming while HQ cannot be reached', () => {
  it('stays within HQ’s signed allowance per customer and in total, tells the cashier why beyond it, and still stamps', async () => {
    const chain = await createChain(world.hq, 1);
    await world.hq.admin.setAllowancePolicy({ organisationId: chain.organisationId, perCustomerPerDay: { rewards: 1, points: 0 }, total: { rewards: 2, points: 0 }, ttlMs: 6 * 3600_000 });
    const proxy = await startProxy(world.hq.url);
    const clock = testClock();
    const t = await enrolledTerminal(world.hq, chain.stores[0]!, { clock, url: proxy.url });
    try {
      const ana = customerWithRewards(t, 3);
      const boris = customerWithRewards(t, 1);
      const vera = customerWithRewards(t, 1);
      await t.sync();
      // Online, the balance is the limit.
      expect(redeem(t, ana).ok).toBe(true);

      proxy.down = true;
      clock.advance(OFFLINE_AFTER_MS + 1000);
      expect(redeem(t, ana).ok).toBe(true);
      const beyond = redeem(t, ana);
      expect(beyond).toEqual({ ok: false, error: { code: 'sync.offline_allowance_exceeded', params: { limit: 'perCustomerPerDay', what: 'rewards', allowed: 1, used: 1 } } });
      if (!beyond.ok) expect(translateError('bg', beyond.error)).toContain('1 от 1');
      expect(t.call('stamp.add', { customerId: ana.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier).ok).toBe(true);
      expect(redeem(t, boris).ok).toBe(true);
      expect(redeem(t, vera)).toMatchObject({ ok: false, error: { code: 'sync.offline_allowance_exceeded', params: { limit: 'total', allowed: 2, used: 2 } } });
      expect((await t.sync()).online).toBe(false);

      // Back online: the balance is the limit again.
      proxy.down = false;
      expect((await t.sync()).online).toBe(true);
      expect(redeem(t, vera).ok).toBe(true);
      expect(redeem(t, ana).ok).toBe(true);
    } finally {
      t.close();
      await proxy.close();
    }
  }, 120_000);

  it('follows the program’s fallback once the allowance has expired: deny by default, allow if the program says so', async () => {
    const chain = await createChain(world.hq, 1);
    const proxy = await startProxy(world.hq.url);
    const clock = testClock();
    const t = await enrolledTerminal(world.hq, chain.stores[0]!, { clock, url: proxy.url });
    try {
      const ana = customerWithRewards(t, 2);
      await t.sync();
      const expiresAt = (t.terminal.db.prepare('SELECT expires_at FROM sync_allowance').get() as { expires_at: number }).expires_at;
      proxy.down = true;
      clock.advance(expiresAt - clock.now() + 1);
      t.cashier = t.loginAs('cashier');
      t.manager = t.loginAs('manager');
      expect(redeem(t, ana)).toEqual({ ok: false, error: { code: 'sync.offline_no_allowance' } });
      expect(t.call('stamp.add', { customerId: ana.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier).ok).toBe(true);

      const program = t.must('program.get', {}, t.manager);
      expect(program.document.offlineRedemption).toBe('deny');
      t.must('program.publish', { document: { ...program.document, offlineRedemption: 'allow' } }, t.manager);
      expect(redeem(t, ana).ok).toBe(true);
    } finally {
      t.close();
      await proxy.close();
    }
  }, 120_000);

  it('lets a standalone till (never enrolled) redeem freely, as before sync existed', async () => {
    const { startTestTerminal } = await import('../support/terminal');
    const t = startTestTerminal();
    try {
      const cashier = t.loginAs('cashier');
      const c = t.must('customer.enroll', { name: 'Сама', phone: '0888 499 000', language: 'bg' }, cashier);
      t.must('stamp.add', { customerId: c.customer.id, count: 30, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
      t.clock.advance(30 * 86_400_000);
      const again = t.loginAs('cashier');
      const rewardId = t.must('customer.get', { customerId: c.customer.id }, again).rewards[0]!.rewardId;
      for (let i = 0; i < 3; i++) expect(t.call('reward.redeem', { customerId: c.customer.id, rewardId, visitId: tapKey(), idempotencyKey: tapKey() }, again).ok).toBe(true);
      expect(t.must('sync.status', {}, again)).toMatchObject({ enrolled: false, online: false });
    } finally {
      t.close();
    }
  });
});

describe('a free drink redeemed on two offline tills', () => {
  for (const resolution of ['write_off', 'carry_negative'] as const) {
    it(`is a conflict at HQ, and after "${resolution}" every till holds HQ's balance`, async () => {
      const chain = await createChain(world.hq, 1);
      const proxy = await startProxy(world.hq.url);
      const clock = testClock();
      const t1 = await enrolledTerminal(world.hq, chain.stores[0]!, { clock, url: proxy.url });
      const t2 = await enrolledTerminal(world.hq, chain.stores[0]!, { clock, url: proxy.url });
      try {
        const ana = customerWithRewards(t1, 1);
        await t1.sync();
        await t2.sync();
        expect(t2.must('customer.get', { customerId: ana.id }, t2.cashier).rewards).toHaveLength(1);

        proxy.down = true;
        clock.advance(OFFLINE_AFTER_MS + 1000);
        expect(redeem(t1, ana).ok).toBe(true);
        expect(redeem(t2, ana).ok).toBe(true);

        proxy.down = false;
        await t1.sync();
        await t2.sync();
        await t1.sync();
        const conflicts = await world.hq.admin.listConflicts(chain.organisationId, { open: true });
        expect(conflicts).toHaveLength(1);
        expect(conflicts[0]).toMatchObject({ kind: 'double_spend', customerId: ana.id, shortfall: 1 });
        const owed = nonZero(await world.hq.admin.customerBalances(chain.organisationId, ana.id));
        expect(Object.values(owed)).toContain(-1);
        for (const t of [t1, t2]) {
          expect(localBalances(t, ana.id)).toEqual(owed);
          expect(t.must('customer.get', { customerId: ana.id }, t.cashier).rewards).toEqual([]);
        }

        await world.hq.admin.resolveConflict({ conflictId: conflicts[0]!.id, resolution, managerName: 'Мария' });
        if (resolution === 'carry_negative') {
          // The next full card repays the free drink she owes.
          t2.must('stamp.add', { customerId: ana.id, count: 10, visitId: tapKey(), idempotencyKey: tapKey() }, t2.cashier);
          expect(t2.must('customer.get', { customerId: ana.id }, t2.cashier).rewards).toEqual([]);
        }
        await t2.sync();
        await t1.sync();
        const settled = nonZero(await world.hq.admin.customerBalances(chain.organisationId, ana.id));
        expect(Object.values(settled).filter((v) => v < 0)).toEqual([]);
        for (const t of [t1, t2]) {
          expect(localBalances(t, ana.id)).toEqual(settled);
          expect(verifyBalances(t.terminal.db)).toEqual([]);
        }
        expect(await world.hq.admin.listConflicts(chain.organisationId, { open: true })).toEqual([]);
      } finally {
        t1.close();
        t2.close();
        await proxy.close();
      }
    }, 120_000);
  }
});
