import { afterEach, describe, expect, it } from 'vitest';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';
import { ANSWER_KEPT_MS } from '../../../electron/core/idempotency';

let t: TestTerminal;
afterEach(() => t.close());

const DAY = 24 * 60 * 60 * 1000;

describe('idempotency answers are kept for a month', () => {
  it('the daily job forgets older answers, so a year of sales does not keep a year of answers', () => {
    t = startTestTerminal();
    let cashier = t.loginAs('cashier');
    const anna = t.must('customer.enroll', { name: 'Anna', phone: '0888 333 222', language: 'en' }, cashier).customer.id;
    const stamp = (key: string) => t.must('stamp.add', { customerId: anna, count: 1, visitId: key, idempotencyKey: key }, cashier);
    const answers = () => (t.terminal.db.prepare('SELECT key FROM idempotency ORDER BY key').all() as { key: string }[]).map((r) => r.key);

    const old = stamp('tap-from-last-month');
    t.clock.advance(ANSWER_KEPT_MS + DAY);
    cashier = t.loginAs('cashier');
    const recent = stamp('tap-from-today');
    expect(answers()).toEqual(['tap-from-last-month', 'tap-from-today']);

    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: true, answersForgotten: 1 });
    expect(answers()).toEqual(['tap-from-today']);
    // A retry within the month still acts once; the forgotten key is a new request.
    expect(stamp('tap-from-today').operationId).toBe(recent.operationId);
    expect(stamp('tap-from-last-month').operationId).not.toBe(old.operationId);
    // The ledger kept everything: three stamps.
    expect(t.must('customer.get', { customerId: anna }, cashier).stampCards[0]!.filled).toBe(3);
  });
});
