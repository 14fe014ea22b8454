import { describe, expect, it } from 'vitest';
import type { HqClient } from '../../electron/sync/client';
import { applyFeedPage } from '../../electron/sync/apply';
import { verifyBalances } from '../../electron/db/stores/ledger';
import { startTestTerminal, tapKey, type TestTerminal } from '../support/terminal';
import { standInEnrolledTerminal } from './support';
import type { FeedLedgerEntry, ParsedFeedPage } from '../../shared/sync/schemas';
import { rewardAsset } from '../../shared/domain/ledger';

const otherTill = '01a2027b-0000-7000-8000-0000000000aa';
let n = 0;
const uuid = () => `01a2027b-0000-7000-8000-${String(++n).padStart(12, '0')}`;

/** A feed page with one operation made at another till. */
function page(customerId: string, entries: Partial<FeedLedgerEntry>[], hlc?: string): ParsedFeedPage {
  const operationId = uuid();
  return {
    items: [
      {
        cursor: String(n),
        kind: 'ledger',
        originTerminalId: otherTill,
        operationId,
        customerId,
        command: 'reward.redeem',
        ...(hlc ? { hlc } : {}),
        entries: entries.map((e) => ({
          id: uuid(),
          customerId,
          asset: 'points',
          delta: -1,
          kind: 'redeem' as const,
          explanation: { key: 'ledger.reward.redeemed', params: {} },
          operationId,
          staffId: 'someone',
          terminalId: otherTill,
          terminalSeq: n,
          programVersion: 1,
          createdAt: 1795338000000 + n,
          ...e,
        })),
      },
    ],
    next: String(n),
    more: false,
  };
}

function apply(t: TestTerminal, p: ParsedFeedPage, observed: string[] = []) {
  return applyFeedPage(t.terminal.db, p, { terminalId: t.must('system.info', {}).terminalId, now: t.clock.now(), observeHlc: (h) => observed.push(h) });
}

function customerWithReward(t: TestTerminal, cashier: string) {
  const ana = t.must('customer.enroll', { name: 'Ана', phone: '0888 300 400', language: 'bg' }, cashier);
  const stamped = t.must('stamp.add', { customerId: ana.customer.id, count: 10, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
  const reward = stamped.view.rewards[0]!;
  return { customerId: ana.customer.id, rewardId: reward.rewardId, lotId: reward.lotId, asset: rewardAsset(reward.rewardId) };
}

const balance = (t: TestTerminal, customerId: string, asset: string) =>
  (t.terminal.db.prepare('SELECT amount FROM balances WHERE customer_id = ? AND asset = ?').get(customerId, asset) as { amount: number } | undefined)?.amount ?? 0;

describe('applying ledger entries made at other tills', () => {
  it('records a double spend as a balance below zero, hides the reward, and lets the next earning repay it', () => {
    const t = startTestTerminal();
    try {
      const cashier = t.loginAs('cashier');
      const c = customerWithReward(t, cashier);
      // This till redeemed the free drink offline...
      t.must('reward.redeem', { customerId: c.customerId, rewardId: c.rewardId, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
      // ...and so did another till, from the same lot: HQ has both.
      apply(t, page(c.customerId, [{ asset: c.asset, delta: -1, uses: [{ lotId: c.lotId, amount: 1 }] }]));
      expect(balance(t, c.customerId, c.asset)).toBe(-1);
      expect(verifyBalances(t.terminal.db)).toEqual([]);
      expect(t.must('customer.get', { customerId: c.customerId }, cashier).rewards).toEqual([]);
      expect(t.call('reward.redeem', { customerId: c.customerId, rewardId: c.rewardId, visitId: tapKey(), idempotencyKey: tapKey() }, cashier)).toMatchObject({
        ok: false,
        error: { code: 'reward.not_available' },
      });

      // The next full card repays what is owed instead of giving a reward to spend.
      t.must('stamp.add', { customerId: c.customerId, count: 10, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
      expect(balance(t, c.customerId, c.asset)).toBe(0);
      expect(t.must('customer.get', { customerId: c.customerId }, cashier).rewards).toEqual([]);
      expect(verifyBalances(t.terminal.db)).toEqual([]);
      // And the one after that is the customer's again.
      t.must('stamp.add', { customerId: c.customerId, count: 10, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
      expect(t.must('customer.get', { customerId: c.customerId }, cashier).rewards).toHaveLength(1);
      expect(verifyBalances(t.terminal.db)).toEqual([]);
    } finally {
      t.close();
    }
  });

  it('brings the balance back to zero with HQ’s write-off, and applies a page read twice only once', () => {
    const t = startTestTerminal();
    try {
      const cashier = t.loginAs('cashier');
      const c = customerWithReward(t, cashier);
      t.must('reward.redeem', { customerId: c.customerId, rewardId: c.rewardId, visitId: tapKey(), idempotencyKey: tapKey() }, cashier);
      const spend = page(c.customerId, [{ asset: c.asset, delta: -1, uses: [{ lotId: c.lotId, amount: 1 }] }]);
      apply(t, spend);
      apply(t, spend);
      expect(balance(t, c.customerId, c.asset)).toBe(-1);
      const writeOff = page(c.customerId, [{ asset: c.asset, delta: 1, kind: 'adjust', terminalId: '00000000-0000-7000-8000-000000000000', staffId: 'hq' }]);
      apply(t, writeOff);
      apply(t, writeOff);
      expect(balance(t, c.customerId, c.asset)).toBe(0);
      expect(t.must('customer.get', { customerId: c.customerId }, cashier).rewards).toEqual([]);
      expect(verifyBalances(t.terminal.db)).toEqual([]);
    } finally {
      t.close();
    }
  });

  it('takes a spend made elsewhere from the same lot', () => {
    const t = startTestTerminal();
    try {
      const cashier = t.loginAs('cashier');
      const c = customerWithReward(t, cashier);
      apply(t, page(c.customerId, [{ asset: c.asset, delta: -1, uses: [{ lotId: c.lotId, amount: 1 }] }]));
      expect(balance(t, c.customerId, c.asset)).toBe(0);
      expect(t.must('customer.get', { customerId: c.customerId }, cashier).rewards).toEqual([]);
      expect(verifyBalances(t.terminal.db)).toEqual([]);
    } finally {
      t.close();
    }
  });

  it('merges the HLC a feed item carries, so this till’s next event sorts after it', async () => {
    let served = false;
    const remote = '001895338000000-00007-remote';
    const client: HqClient = {
      enrol: () => Promise.resolve({ ok: false, error: { code: 'sync.unavailable' } }),
      push: (_c, r) => Promise.resolve({ ok: true, value: { ackSeq: r.events.at(-1)!.seq, stored: r.events.length, conflicts: 0 } }),
      feed: (_c, cursor) => {
        const p = served ? { items: [], next: cursor, more: false } : page(customerId, [{ asset: 'points', delta: 5, kind: 'earn' }], remote);
        served = true;
        return Promise.resolve({ ok: true, value: p });
      },
      customerByCode: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
      customerById: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
      allowance: () => Promise.resolve({ ok: false, error: { code: 'sync.not_found' } }),
    };
    const { terminal, close } = standInEnrolledTerminal(client);
    let customerId = '';
    try {
      const t = { must: <T>(r: { ok: boolean; value?: T; error?: unknown }) => (r.ok ? r.value! : (() => { throw new Error(JSON.stringify(r.error)); })()) };
      const staff = (terminal.dispatch('staff.list', {}, null) as { ok: true; value: { id: string; role: string }[] }).value.find((s) => s.role === 'cashier')!;
      const token = t.must(terminal.dispatch('staff.login', { staffId: staff.id, pin: '1111' }, null) as { ok: boolean; value?: { token: string } }).token;
      customerId = t.must(terminal.dispatch('customer.enroll', { name: 'Ана', phone: '0888 300 401', language: 'bg' }, token) as { ok: boolean; value?: { customer: { id: string } } }).customer.id;
      await terminal.sync.syncNow();
      expect(balance({ terminal } as TestTerminal, customerId, 'points')).toBe(5);
      terminal.dispatch('stamp.add', { customerId, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, token);
      const last = terminal.db.prepare('SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1').get() as { hlc: string };
      expect(last.hlc > remote).toBe(true);
    } finally {
      close();
    }
  });
});
