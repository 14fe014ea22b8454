import { describe, expect, it } from 'vitest';
import { OFFLINE_AFTER_MS } from '../../electron/sync/offline';
import { tapKey, testClock } from '../support/terminal';
import { createChain, enrolledTerminal, startProxy, useTestHq, type SyncedTerminal } from './support';

/**
 * Issue 3, step 5: rewards used inside a sale and points spent on rewards bought with points count
 * against HQ's offline allowance exactly as a wallet redemption does.
 */
const world = useTestHq();

let phone = 700;
const line = (itemId: string, quantity = 1) => ({ itemId, quantity, modifierIds: [] as string[] });
const sell = (t: SyncedTerminal, customerId: string, lines: ReturnType<typeof line>[], rewardIds: string[] = []) =>
  t.call('sale.complete', { lines, customerId, rewardIds, tenders: [{ kind: 'cash', amountMinor: 100_000 }], idempotencyKey: tapKey() }, t.cashier);

describe('a sale while HQ cannot be reached', () => {
  it('counts rewards used and points spent on the sale against the allowance, and says why beyond it', async () => {
    const chain = await createChain(world.hq, 1);
    await world.hq.admin.setAllowancePolicy({ organisationId: chain.organisationId, perCustomerPerDay: { rewards: 1, points: 40 }, total: { rewards: 10, points: 1000 }, ttlMs: 6 * 3600_000 });
    const proxy = await startProxy(world.hq.url);
    const clock = testClock();
    const t = await enrolledTerminal(world.hq, chain.stores[0]!, { clock, url: proxy.url });
    try {
      t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, t.cashier);
      const enrol = () => t.must('customer.enroll', { name: `Гост ${phone}`, phone: `0888 401 ${++phone}`, language: 'bg' }, t.cashier).customer.id;
      const ana = enrol();
      t.must('stamp.add', { customerId: ana, count: 20, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);
      const boris = enrol();
      expect(sell(t, boris, [line('latte', 17)]).ok).toBe(true); // 61 points
      await t.sync();

      proxy.down = true;
      clock.advance(OFFLINE_AFTER_MS + 1000);
      expect(sell(t, ana, [line('latte')], ['free-drink']).ok).toBe(true);
      expect(sell(t, ana, [line('latte')], ['free-drink'])).toEqual({
        ok: false,
        error: { code: 'sync.offline_allowance_exceeded', params: { limit: 'perCustomerPerDay', what: 'rewards', allowed: 1, used: 1 } },
      });
      // 10 % off bought with 50 points: above the 40 points a customer may spend offline in a day.
      expect(sell(t, boris, [line('croissant')], ['ten-off'])).toEqual({
        ok: false,
        error: { code: 'sync.offline_allowance_exceeded', params: { limit: 'perCustomerPerDay', what: 'points', allowed: 40, used: 0 } },
      });
      // A sale that spends nothing is never limited.
      expect(sell(t, boris, [line('croissant')]).ok).toBe(true);
    } finally {
      t.close();
      await proxy.close();
    }
  }, 120_000);
});
