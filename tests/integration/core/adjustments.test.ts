import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';
import { verifyAudit } from '../../../electron/db/stores/audit';

let t: TestTerminal;
let manager: string;
let cashier: string;
let customerId: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
  cashier = t.loginAs('cashier');
  customerId = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 123 456', language: 'bg' }, cashier).customer.id;
});
afterEach(() => t.close());

const balance = (asset: string) =>
  (t.terminal.db.prepare('SELECT amount FROM balances WHERE customer_id = ? AND asset = ?').get(customerId, asset) as { amount: number } | undefined)?.amount ?? 0;
const adjust = (asset: string, change: number, reason = 'Lost card, stamps moved', key = tapKey(), token = manager) =>
  t.call('ledger.adjust', { customerId, asset, change, reason, idempotencyKey: key }, token);

describe('manual adjustment', () => {
  it('adds points as one ledger operation of kind adjust, with its reason, outbox event and audit record', () => {
    const before = balance('points');
    const reply = adjust('points', 40, 'Promised at the opening day');
    expect(reply).toMatchObject({ ok: true, value: { asset: 'points', change: 40, balance: before + 40, rewardsEarned: 0 } });
    const operationId = reply.ok ? reply.value.operationId : '';
    const entries = t.terminal.db.prepare('SELECT asset, delta, kind, reason FROM ledger WHERE operation_id = ?').all(operationId);
    expect(entries).toEqual([{ asset: 'points', delta: 40, kind: 'adjust', reason: 'Promised at the opening day' }]);
    const event = t.terminal.db.prepare("SELECT payload FROM outbox WHERE type = 'ledger.recorded' ORDER BY seq DESC LIMIT 1").get() as { payload: string };
    expect(JSON.parse(event.payload)).toMatchObject({ operationId, customerId, command: 'ledger.adjust' });
    const audit = t.terminal.db.prepare("SELECT details FROM audit_log WHERE action = 'adjustment'").all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([
      { operationId, customerId, asset: 'points', change: 40, reason: 'Promised at the opening day' },
    ]);
    expect(verifyAudit(t.terminal.db)).toMatchObject({ ok: true });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('is manager only, and needs a reason', () => {
    expect(adjust('points', 5, 'Because', tapKey(), cashier)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    expect(adjust('points', 5, '  ')).toMatchObject({ ok: false, error: { code: 'input.invalid', params: { field: 'reason' } } });
    expect(adjust('points', 0)).toMatchObject({ ok: false, error: { code: 'input.invalid', params: { field: 'change' } } });
    expect(t.terminal.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'adjust'").get()).toEqual({ n: 0 });
  });

  it('acts once for a retried tap', () => {
    const key = tapKey();
    const first = adjust('points', 10, 'Retried on a slow network', key);
    const again = adjust('points', 10, 'Retried on a slow network', key);
    expect(first.ok && again.ok && again.value.operationId === first.value.operationId).toBe(true);
    expect(t.terminal.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'adjust'").get()).toEqual({ n: 1 });
  });

  it('removes from the oldest lots first and never below zero', () => {
    const start = balance('points');
    adjust('points', 30, 'First lot');
    t.clock.advance(60_000);
    adjust('points', 20, 'Second lot');
    const lots = () =>
      t.terminal.db.prepare("SELECT l.reason, lots.remaining FROM lots JOIN ledger l ON l.id = lots.entry_id WHERE lots.customer_id = ? AND lots.asset = 'points' AND l.kind = 'adjust' ORDER BY lots.created_at").all(customerId);
    expect(adjust('points', -(start + 35), 'Points given by mistake')).toMatchObject({ ok: true, value: { balance: 15 } });
    expect(lots()).toEqual([
      { reason: 'First lot', remaining: 0 },
      { reason: 'Second lot', remaining: 15 },
    ]);
    expect(adjust('points', -16, 'Too much')).toEqual({ ok: false, error: { code: 'ledger.adjust_exceeds_balance', params: { asset: 'points', balance: 15 } } });
    expect(balance('points')).toBe(15);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('adds stamps that fill the card into its reward, as a stamp does', () => {
    const filled = t.must('customer.get', { customerId }, manager).stampCards[0]!.filled;
    const reply = adjust('stamps:coffee', 10, 'Paper card moved to the app');
    expect(reply).toMatchObject({ ok: true, value: { rewardsEarned: 1 } });
    const view = reply.ok ? reply.value.view : null;
    expect(view?.stampCards[0]?.filled).toBe(filled);
    expect(view?.rewards.map((r) => r.rewardId)).toEqual(['free-drink']);
    // The reward can be taken away again, and the adjustment undone like any operation.
    expect(adjust('reward:free-drink', -1, 'Already given on paper')).toMatchObject({ ok: true, value: { balance: 0 } });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('refuses what the program does not have', () => {
    expect(adjust('stamps:tea', 1)).toEqual({ ok: false, error: { code: 'ledger.asset_unknown', params: { asset: 'stamps:tea' } } });
    expect(adjust('reward:yacht', 1)).toEqual({ ok: false, error: { code: 'ledger.asset_unknown', params: { asset: 'reward:yacht' } } });
  });

  it('can be undone with a compensating entry', () => {
    const reply = adjust('points', 25, 'Wrong customer');
    const operationId = reply.ok ? reply.value.operationId : '';
    const before = balance('points');
    t.must('ledger.reverse', { operationId, reason: 'Adjusted the wrong customer', idempotencyKey: tapKey() }, manager);
    expect(balance('points')).toBe(before - 25);
  });
});
