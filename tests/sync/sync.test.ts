import { describe, expect, it } from 'vitest';
import { inStoreCardCode } from '../../shared/codes/ean';
import { tapKey, testClock } from '../support/terminal';
import { createChain, enrolledTerminal, localBalances, nonZero, startProxy, useTestHq } from './support';
import { verifyBalances } from '../../electron/db/stores/ledger';

const world = useTestHq();

let serial = 7000;
const newCard = () => inStoreCardCode(++serial);

describe('sync between tills and HQ', () => {
  it('enrols, then carries customers and stamps between two tills of a store and a till of another store', async () => {
    const chain = await createChain(world.hq, 2);
    const clock = testClock();
    const a1 = await enrolledTerminal(world.hq, chain.stores[0]!, { clock });
    const a2 = await enrolledTerminal(world.hq, chain.stores[0]!, { clock });
    const b1 = await enrolledTerminal(world.hq, chain.stores[1]!, { clock });
    try {
      expect(a1.must('sync.status', {}, a1.cashier)).toMatchObject({ enrolled: true, online: true, waiting: 0, lastError: null });

      const card = newCard();
      const ana = a1.must('customer.enroll', { name: 'Ана Петрова', phone: '0888 100 200', language: 'bg', cardCode: card }, a1.cashier);
      a1.must('stamp.add', { customerId: ana.customer.id, count: 3, visitId: tapKey(), idempotencyKey: tapKey() }, a1.cashier);
      expect(a1.must('sync.status', {}, a1.cashier).waiting).toBeGreaterThan(0);
      expect((await a1.sync()).waiting).toBe(0);

      // The other till of the same store has her after its next sync, with her stamps.
      await a2.sync();
      const seen = a2.must('customer.identify', { code: card }, a2.cashier);
      expect(seen.customer.name).toBe('Ана Петрова');
      expect(seen.stampCards[0]!.filled).toBe(3);

      // A till of another store has never heard of her: scanning her card asks HQ.
      const looked = await b1.callAsync('customer.identify', { code: card }, b1.cashier);
      expect(looked.ok).toBe(true);
      if (!looked.ok) return;
      expect(looked.value.customer.id).toBe(ana.customer.id);
      expect(looked.value.stampCards[0]!.filled).toBe(3);

      b1.must('stamp.add', { customerId: ana.customer.id, count: 2, visitId: tapKey(), idempotencyKey: tapKey() }, b1.cashier);
      await b1.sync();
      await a1.sync();
      await a2.sync();
      const hqBalances = nonZero(await world.hq.admin.customerBalances(chain.organisationId, ana.customer.id));
      expect(hqBalances).toEqual({ 'stamps:coffee': 5 });
      for (const t of [a1, a2, b1]) {
        expect(localBalances(t, ana.customer.id)).toEqual(hqBalances);
        expect(verifyBalances(t.terminal.db)).toEqual([]);
      }
    } finally {
      for (const t of [a1, a2, b1]) t.close();
    }
  }, 120_000);

  it('stores each event once when the connection drops after HQ commits and before the till reads the ack', async () => {
    const chain = await createChain(world.hq, 1);
    const proxy = await startProxy(world.hq.url);
    const t = await enrolledTerminal(world.hq, chain.stores[0]!, { url: proxy.url });
    try {
      const before = await world.hq.admin.eventCount(chain.organisationId);
      const ana = t.must('customer.enroll', { name: 'Ана', phone: '0888 100 201', language: 'bg', cardCode: newCard() }, t.cashier);
      for (let i = 0; i < 5; i++) t.must('stamp.add', { customerId: ana.customer.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);
      const waiting = t.must('sync.status', {}, t.cashier).waiting;
      expect(waiting).toBeGreaterThanOrEqual(6);

      proxy.dropNextResponse();
      const cut = await t.sync();
      expect(cut.lastError).toBe('sync.unavailable');
      expect(cut.waiting).toBe(waiting);
      expect(cut.online).toBe(false);
      // HQ committed the batch although the till never heard so.
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(before + waiting);

      const again = await t.sync();
      expect(again).toMatchObject({ waiting: 0, lastError: null, online: true });
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(before + waiting);
      expect(nonZero(await world.hq.admin.customerBalances(chain.organisationId, ana.customer.id))).toEqual(localBalances(t, ana.customer.id));
    } finally {
      t.close();
      await proxy.close();
    }
  }, 120_000);

  it('keeps a revoked till working at the counter, and tells the manager HQ refused it', async () => {
    const chain = await createChain(world.hq, 1);
    const t = await enrolledTerminal(world.hq, chain.stores[0]!);
    try {
      await world.hq.admin.revokeTerminal(t.id);
      const ana = t.must('customer.enroll', { name: 'Ана', phone: '0888 100 202', language: 'bg', cardCode: newCard() }, t.cashier);
      t.must('stamp.add', { customerId: ana.customer.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);
      const status = await t.sync();
      expect(status).toMatchObject({ revoked: true, online: false, lastError: 'sync.unauthorized' });
      expect(status.waiting).toBeGreaterThan(0);
      expect(await world.hq.admin.eventCount(chain.organisationId)).toBe(0);
      // Nothing more is sent, and the counter goes on.
      expect((await t.sync()).lastError).toBe('sync.unauthorized');
      t.must('stamp.add', { customerId: ana.customer.id, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, t.cashier);
    } finally {
      t.close();
    }
  }, 120_000);
});
