import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyBalances } from '../../../electron/db/stores/ledger';
import { applyFeedPage } from '../../../electron/sync/apply';
import { demoCafeProgram, type ProgramInput } from '../../../shared/loyalty';
import { explain } from '../../../shared/loyalty';
import type { ParsedFeedPage } from '../../../shared/sync/schemas';

/**
 * Issue 3: every mechanic of the loyalty engine happens at the till, on the stored state, and is
 * written like any other loyalty operation. Issue 6: a refund or undo is never refused because what
 * it earned was since spent; the rest is owed and repaid by the next earnings.
 */
const DAY = 86_400_000;
let t: TestTerminal;
let cashier: string;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
  manager = t.loginAs('manager');
  t.must('shift.open', { floatMinor: 10000, idempotencyKey: tapKey() }, cashier);
  phones = 0;
});
afterEach(() => t.close());

/** Time passes; staff sign in again (sessions time out). */
function later(ms: number): void {
  t.clock.advance(ms);
  cashier = t.loginAs('cashier');
  manager = t.loginAs('manager');
}
const name = (en: string) => ({ bg: en, ru: en, en });
/** The demo café plus the mechanics a test is about. */
function publish(extra: Partial<ProgramInput>): void {
  const r = t.must('program.publish', { document: { ...demoCafeProgram(), ...extra } }, manager);
  if (!r.valid) throw new Error(JSON.stringify(r.issues));
}
let phones = 0;
const enrol = (extra: { birthday?: string; referredBy?: string; name?: string } = {}) =>
  t.must('customer.enroll', { name: extra.name ?? 'Anna Petrova', phone: `0888 555 ${String(++phones).padStart(3, '0')}`, language: 'en', ...extra }, cashier);
const sell = (customerId: string, itemId = 'croissant', quantity = 1, rewardIds: string[] = []) =>
  t.must('sale.complete', { lines: [{ itemId, quantity, modifierIds: [] }], customerId, rewardIds, tenders: [{ kind: 'cash', amountMinor: 100_000 }], idempotencyKey: tapKey() }, cashier);
const points = (customerId: string) => t.must('loyalty.summary', { customerId }, cashier).summary.points?.balance ?? 0;
const rules = (customerId: string) =>
  (t.terminal.db.prepare('SELECT rule FROM ledger WHERE customer_id = ? ORDER BY rowid').all(customerId) as { rule: string | null }[]).map((r) => r.rule);
const balance = (customerId: string, asset: string) =>
  (t.terminal.db.prepare('SELECT amount FROM balances WHERE customer_id = ? AND asset = ?').get(customerId, asset) as { amount: number } | undefined)?.amount ?? 0;

describe('the engine at the till (issue 3)', () => {
  it('gives the birthday drink on a sale in the window, once a year, explained', () => {
    // The test clock is 22 November; the demo café's window opens 3 days before a birthday.
    const anna = enrol({ birthday: '1988-11-24' });
    const first = sell(anna.customer.id);
    expect(first.customer!.rewards.map((r) => r.rewardId)).toEqual(['free-drink']);
    const history = t.must('customer.history', { customerId: anna.customer.id, limit: 10 }, cashier);
    const gift = history.find((h) => h.asset === 'reward:free-drink')!;
    expect(gift.explanation.key).toBe('loyalty.gift.reward');
    expect(explain(demoCafeProgram(), gift.explanation, 'en')).toBe('Free drink: birthday gift');
    later(DAY);
    expect(sell(anna.customer.id).customer!.rewards).toHaveLength(1);
    expect(rules(anna.customer.id).filter((r) => r === 'occasion:birthday')).toHaveLength(1);
  });

  it('gives the welcome bonus at enrolment', () => {
    publish({ occasions: { welcome: { gift: { kind: 'stamps', cardId: 'coffee', count: 2 } } } });
    const anna = enrol();
    expect(anna.stampCards[0]!.filled).toBe(2);
    expect(rules(anna.customer.id)).toEqual(['occasion:welcome']);
    expect(t.must('loyalty.summary', { customerId: anna.customer.id }, cashier).summary.cards[0]!.stamps).toBe(2);
  });

  it('rewards a referral after the new customer’s first qualifying purchase, on both sides, once', () => {
    publish({ referrals: { referrerGift: { kind: 'points', amount: 100 }, refereeGift: { kind: 'points', amount: 50 }, minFirstPurchase: 500, capPerReferrer: 3 } });
    const anna = enrol();
    expect(t.call('customer.enroll', { name: 'Nobody', phone: '0888 999 999', language: 'en', referredBy: '0888 000 000' }, cashier)).toEqual({
      ok: false,
      error: { code: 'customer.referrer_unknown' },
    });
    const boris = enrol({ name: 'Boris', referredBy: '0888 555 001' });
    sell(boris.customer.id, 'croissant', 1); // 2.50 EUR: below the first purchase the referral needs
    expect(points(anna.customer.id)).toBe(0);
    sell(boris.customer.id, 'latte', 2); // 7.20 EUR
    expect(points(anna.customer.id)).toBe(100);
    expect(rules(boris.customer.id)).toContain('referral:referee');
    // Anna's points are her own operation, written with Boris's sale, and shipped like any other.
    const commands = (t.terminal.db.prepare("SELECT json_extract(payload, '$.command') AS c FROM outbox WHERE json_extract(payload, '$.customerId') = ?").all(anna.customer.id) as { c: string }[]).map((r) => r.c);
    expect(commands).toEqual(['loyalty.referral']);
    sell(boris.customer.id, 'latte', 2);
    expect(points(anna.customer.id)).toBe(100);
  });

  it('takes the referrer’s gift back when the purchase that earned it is refunded, and pays it again on the next one', () => {
    publish({ referrals: { referrerGift: { kind: 'points', amount: 100 }, refereeGift: { kind: 'points', amount: 50 }, minFirstPurchase: 500, capPerReferrer: 3 } });
    const anna = enrol();
    const boris = enrol({ name: 'Boris', referredBy: '0888 555 001' });
    const first = sell(boris.customer.id, 'latte', 2);
    expect(points(anna.customer.id)).toBe(100);
    t.must('sale.refund', { saleId: first.saleId, kind: 'refund', reason: 'wrong order', idempotencyKey: tapKey() }, manager);
    expect(points(anna.customer.id)).toBe(0);
    expect(points(boris.customer.id)).toBe(0);
    sell(boris.customer.id, 'latte', 2);
    expect(points(anna.customer.id)).toBe(100);
    expect(points(boris.customer.id)).toBe(50 + 7);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('gives a surprise every third visit', () => {
    publish({ surprises: [{ id: 'third', name: name('Every third visit'), trigger: { type: 'every_nth_visit', n: 3 }, gift: { kind: 'points', amount: 30 } }] });
    const anna = enrol();
    sell(anna.customer.id);
    sell(anna.customer.id);
    expect(rules(anna.customer.id)).not.toContain('surprise:third');
    sell(anna.customer.id);
    expect(rules(anna.customer.id).filter((r) => r === 'surprise:third')).toHaveLength(1);
  });

  it('completes a challenge: three visits on different days within a week', () => {
    publish({ challenges: [{ id: 'three-days', name: name('Three days'), visits: 3, withinDays: 7, gift: { kind: 'reward', rewardId: 'free-drink' } }] });
    const anna = enrol();
    sell(anna.customer.id);
    sell(anna.customer.id); // the same day counts once
    later(DAY);
    expect(sell(anna.customer.id).customer!.rewards).toEqual([]);
    later(2 * DAY);
    expect(sell(anna.customer.id).customer!.rewards.map((r) => r.rewardId)).toEqual(['free-drink']);
  });

  it('gives a gift for a big purchase', () => {
    publish({ bigPurchase: { minAmount: 3000, gift: { kind: 'points', amount: 200 } } });
    const anna = enrol();
    sell(anna.customer.id, 'croissant', 4); // 10.00 EUR
    expect(points(anna.customer.id)).toBe(20);
    sell(anna.customer.id, 'croissant', 12); // 30.00 EUR: 60 points for pastry, +200
    expect(points(anna.customer.id)).toBe(20 + 60 + 200);
  });

  it('upgrades a tier at once, and downgrades only at a review after the grace period (day job)', () => {
    publish({
      tiers: { basis: 'visits', windowDays: 7, levels: [{ id: 'silver', name: name('Silver'), threshold: 2, benefits: { discountPercent: 10 } }], reviewEveryDays: 7, graceDays: 7 },
    });
    const anna = enrol();
    const quote = () => t.must('sale.quote', { customerId: anna.customer.id, lines: [{ itemId: 'croissant', quantity: 1, modifierIds: [] }] }, cashier);
    sell(anna.customer.id);
    expect(quote().tier).toBeNull();
    sell(anna.customer.id);
    expect(quote().tier).toMatchObject({ tierId: 'silver', discountMinor: 25 });
    // A week on, the window holds no visit: the review starts the grace, and she keeps her tier.
    later(7 * DAY);
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: true, customers: 1 });
    expect(quote().tier).toMatchObject({ tierId: 'silver' });
    expect(t.must('loyalty.summary', { customerId: anna.customer.id }, cashier).summary.tier?.tierId).toBe('silver');
    // The grace ends a week later, still below: down she goes.
    later(7 * DAY);
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: true, customers: 1 });
    expect(quote().tier).toBeNull();
    expect(t.must('loyalty.summary', { customerId: anna.customer.id }, cashier).summary.tier?.tierId).toBeNull();
    // Each review wrote no entry, but it is an operation the other stores hear of (issue 5), as a tier change.
    const reviews = (
      t.terminal.db
        .prepare(
          `SELECT o.payload, lo.changes FROM outbox o JOIN loyalty_operations lo ON lo.operation_id = json_extract(o.payload, '$.operationId')
           WHERE json_extract(o.payload, '$.command') = 'loyalty.day' ORDER BY o.seq`,
        )
        .all() as { payload: string; changes: string }[]
    ).map((r) => ({ entries: (JSON.parse(r.payload) as { entries: unknown[] }).entries, changes: (JSON.parse(r.changes) as { type: string }[]).map((c) => c.type) }));
    expect(reviews).toEqual([
      { entries: [], changes: expect.arrayContaining(['tier.set']) },
      { entries: [], changes: expect.arrayContaining(['tier.set']) },
    ]);
  });

  it('seeds a customer from before migration 11 from the ledger on first use, then keeps the stored state', () => {
    publish({ tiers: { basis: 'visits', windowDays: 30, levels: [{ id: 'silver', name: name('Silver'), threshold: 2, benefits: { discountPercent: 10 } }], reviewEveryDays: 7, graceDays: 7 } });
    const anna = enrol();
    sell(anna.customer.id);
    sell(anna.customer.id);
    // As a database upgraded to 11 holds them: the ledger and sales, no engine state yet.
    t.terminal.db.prepare('DELETE FROM loyalty_state').run();
    const quote = t.must('sale.quote', { customerId: anna.customer.id, lines: [{ itemId: 'croissant', quantity: 1, modifierIds: [] }] }, cashier);
    expect(quote.tier).toMatchObject({ tierId: 'silver' });
    sell(anna.customer.id);
    const stored = t.terminal.db.prepare('SELECT tier, counters FROM loyalty_state WHERE customer_id = ?').get(anna.customer.id) as { tier: string; counters: string };
    expect(JSON.parse(stored.tier)).toMatchObject({ tierId: 'silver', reviewDay: expect.any(Number) });
    expect(JSON.parse(stored.counters)).toMatchObject({ visits: 3 });
  });

  it('keeps a regular’s stored state as small as the program needs: visits within the longest window, day counters from yesterday', () => {
    publish({ challenges: [{ id: 'week', name: name('Week'), visits: 3, withinDays: 7, gift: { kind: 'points', amount: 10 } }] });
    const anna = enrol();
    for (let day = 0; day < 20; day++) {
      sell(anna.customer.id);
      later(DAY);
    }
    const stored = t.terminal.db.prepare('SELECT visits, counters FROM loyalty_state WHERE customer_id = ?').get(anna.customer.id) as { visits: string; counters: string };
    expect((JSON.parse(stored.visits) as unknown[]).length).toBeLessThanOrEqual(8);
    expect(JSON.parse(stored.counters)).toMatchObject({ visits: 20, sales: 20 });
  });

  it('records a velocity flag with the staff member, for a manager to see, without blocking the stamp', () => {
    const anna = enrol();
    t.must('stamp.add', { customerId: anna.customer.id, count: 8, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    t.must('stamp.add', { customerId: anna.customer.id, count: 5, visitId: 'visit-0002', idempotencyKey: tapKey() }, cashier);
    const cashierId = t.must('staff.list', {}).find((s) => s.role === 'cashier')!.id;
    const flags = t.must('loyalty.flags', { days: 7 }, manager);
    expect(flags).toEqual([expect.objectContaining({ customerId: anna.customer.id, ruleId: 'many-stamps', metric: 'stamps', count: 13, max: 12, staffId: cashierId, staffName: 'Иван Георгиев' })]);
    expect(t.must('loyalty.flags', { days: 7, customerId: anna.customer.id }, manager)).toHaveLength(1);
    expect(t.call('loyalty.flags', { days: 7 }, cashier)).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
  });

  it('writes expiry entries from the day job, once per store day, also across a restart', () => {
    publish({ expiry: { enabled: true, afterDays: 30, warnDays: 7 } });
    const anna = enrol();
    t.must('stamp.add', { customerId: anna.customer.id, count: 3, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    later(29 * DAY);
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: true, entries: 0 });
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: false });
    later(2 * DAY);
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: true, customers: 1, entries: 1 });
    const expired = t.terminal.db.prepare("SELECT asset, delta, staff_id FROM ledger WHERE kind = 'expire'").all();
    expect(expired).toEqual([{ asset: 'stamps:coffee', delta: -3, staff_id: 'system:loyalty-day' }]);
    expect(t.must('customer.get', { customerId: anna.customer.id }, cashier).stampCards[0]!.filled).toBe(0);
    // A restart the same day runs nothing twice.
    const { dataDir, clock } = t;
    t.terminal.close();
    t = startTestTerminal({ dataDir, clock });
    cashier = t.loginAs('cashier');
    expect(t.terminal.loyaltyDay()).toMatchObject({ ran: false });
    expect(t.terminal.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'expire'").get()).toEqual({ n: 1 });
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });
});

describe('reversals and refunds through the engine (issue 6)', () => {
  it('refunds a sale whose points were since spent: the rest is owed, and the next sale repays it', () => {
    const anna = enrol();
    const big = sell(anna.customer.id, 'latte', 17); // 61.20 EUR: 61 points
    expect(points(anna.customer.id)).toBe(61);
    sell(anna.customer.id, 'croissant', 1, ['ten-off']); // 50 points buy 10 % off; 2.25 EUR of pastry at ×2 earns 4
    expect(points(anna.customer.id)).toBe(61 - 50 + 4);
    const refund = t.must('sale.refund', { saleId: big.saleId, kind: 'refund', reason: 'wrong order', idempotencyKey: tapKey() }, manager);
    // 15 of the 61 points are still there; 46 were spent.
    expect(refund.owed).toEqual([{ asset: 'points', amount: 46 }]);
    expect(refund.notes.map((n) => explain(demoCafeProgram(), n, 'en'))).toEqual(['46 points were already spent: the customer owes them, repaid from their next points']);
    expect(balance(anna.customer.id, 'points')).toBe(-46);
    expect(points(anna.customer.id)).toBe(0);
    sell(anna.customer.id, 'croissant', 10); // 25.00 EUR at ×2 for pastry: 50 points, 46 repay the debt
    expect(balance(anna.customer.id, 'points')).toBe(4);
    expect(points(anna.customer.id)).toBe(4);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('refunds a sale whose free drink was already used, and the card stamps it earned', () => {
    const anna = enrol();
    t.must('stamp.add', { customerId: anna.customer.id, count: 9, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    const sale = sell(anna.customer.id, 'latte', 1);
    expect(sale.customer!.rewards).toHaveLength(1);
    sell(anna.customer.id, 'espresso', 1, ['free-drink']);
    const refund = t.must('sale.refund', { saleId: sale.saleId, kind: 'refund', reason: 'cold', idempotencyKey: tapKey() }, manager);
    expect(refund.owed).toEqual([{ asset: 'reward:free-drink', amount: 1 }]);
    expect(refund.customer!.stampCards[0]!.filled).toBe(9);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('undoes an operation after a restart, from the operation as recorded, state changes included', () => {
    publish({ surprises: [{ id: 'second', name: name('Second visit'), trigger: { type: 'every_nth_visit', n: 2 }, gift: { kind: 'points', amount: 30 } }] });
    const anna = enrol();
    const first = t.must('stamp.add', { customerId: anna.customer.id, count: 2, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    const { dataDir, clock } = t;
    t.terminal.close();
    t = startTestTerminal({ dataDir, clock });
    cashier = t.loginAs('cashier');
    manager = t.loginAs('manager');
    const undone = t.must('ledger.reverse', { operationId: first.operationId, reason: 'wrong customer', idempotencyKey: tapKey() }, manager);
    expect(undone.view.stampCards[0]!.filled).toBe(0);
    // Her visit was undone too: her next sale is her first visit again, not the second that earns the surprise.
    sell(anna.customer.id);
    expect(rules(anna.customer.id)).not.toContain('surprise:second');
    sell(anna.customer.id);
    expect(rules(anna.customer.id)).toContain('surprise:second');
  });

  it('undoes locally a spend made at another store that still owes a deficit, forgiving it', () => {
    const anna = enrol();
    const stamped = t.must('stamp.add', { customerId: anna.customer.id, count: 10, visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    const lotId = stamped.view.rewards[0]!.lotId;
    t.must('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: 'visit-0001', idempotencyKey: tapKey() }, cashier);
    // Another till spent the same free drink offline: it arrives owing one.
    const otherTill = '01a2027b-0000-7000-8000-0000000000aa';
    const operationId = '01a2027b-0000-7000-8000-000000000101';
    const page: ParsedFeedPage = {
      items: [
        {
          cursor: '1',
          kind: 'ledger',
          originTerminalId: otherTill,
          operationId,
          customerId: anna.customer.id,
          command: 'reward.redeem',
          entries: [
            {
              id: '01a2027b-0000-7000-8000-000000000102',
              customerId: anna.customer.id,
              asset: 'reward:free-drink',
              delta: -1,
              kind: 'redeem',
              explanation: { key: 'ledger.reward.redeemed', params: {} },
              operationId,
              staffId: 'someone',
              terminalId: otherTill,
              terminalSeq: 1,
              programVersion: 1,
              createdAt: t.clock.now(),
              uses: [{ lotId, amount: 1 }],
            },
          ],
        },
      ],
      next: '1',
      more: false,
    };
    applyFeedPage(t.terminal.db, page, { terminalId: t.must('system.info', {}).terminalId, now: t.clock.now(), observeHlc: () => {} });
    expect(balance(anna.customer.id, 'reward:free-drink')).toBe(-1);
    const undone = t.must('ledger.reverse', { operationId, reason: 'double spend', idempotencyKey: tapKey() }, manager);
    expect(undone.owed).toEqual([]);
    expect(balance(anna.customer.id, 'reward:free-drink')).toBe(0);
    expect(t.terminal.db.prepare('SELECT outstanding FROM ledger_deficits').all()).toEqual([{ outstanding: 0 }]);
    // Nothing is owed any more: the next free drink is hers.
    expect(t.must('stamp.add', { customerId: anna.customer.id, count: 10, visitId: 'visit-0002', idempotencyKey: tapKey() }, cashier).view.rewards).toHaveLength(1);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });
});
