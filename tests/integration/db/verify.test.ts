import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';

// A manager's "check the books": balances and lots are materialised views of the ledger, and the
// check must find any place where they no longer agree with it (a damaged file, a bad restore).
let t: TestTerminal;
let cashier: string;
let customerId: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
  customerId = t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 555 111', language: 'bg' }, cashier).customer.id;
  // 9 + 3 stamps: the card fills (ten lots used), two stamps stay open; then the filling stamp is
  // undone, which gives the used lots back and takes the reward away again.
  t.must('stamp.add', { customerId, count: 9, visitId: 'visit-verify', idempotencyKey: tapKey() }, cashier);
  const filling = t.must('stamp.add', { customerId, count: 3, visitId: 'visit-verify', idempotencyKey: tapKey() }, cashier);
  t.must('ledger.reverse', { operationId: filling.operationId, reason: 'wrong customer', visitId: 'visit-verify', idempotencyKey: tapKey() }, cashier);
});
afterEach(() => t.close());

describe('verifying balances against the ledger', () => {
  it('agrees after stamps, a full card and a reversal that gave lots back', () => {
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('finds a balance that no longer matches the ledger', () => {
    t.terminal.db.prepare("UPDATE balances SET amount = amount + 1 WHERE customer_id = ? AND asset = 'stamps:coffee'").run(customerId);
    expect(verifyBalances(t.terminal.db)).toEqual([`balance ${customerId}/stamps:coffee: stored 10, ledger 9`]);
  });

  it('finds a lot whose remainder no longer matches its uses and the reversals of those uses', () => {
    const lot = t.terminal.db
      .prepare("SELECT lots.entry_id FROM lots JOIN lot_uses ON lot_uses.lot_id = lots.entry_id WHERE lots.customer_id = ? LIMIT 1")
      .get(customerId) as { entry_id: string };
    t.terminal.db.prepare('UPDATE lots SET remaining = remaining + 1 WHERE entry_id = ?').run(lot.entry_id);
    const problems = verifyBalances(t.terminal.db);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^lot ${lot.entry_id}: stored \\d+, ledger \\d+$`));
  });
});
