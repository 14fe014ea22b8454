import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { inStoreCardCode } from '../../../shared/codes/ean';
import { verifyBalances } from '../../../electron/db/stores/ledger';

let t: TestTerminal;
let cashier: string;
beforeEach(() => {
  t = startTestTerminal();
  cashier = t.loginAs('cashier');
});
afterEach(() => t.close());

const visit = 'visit-0001';

function enrolAnna(card = inStoreCardCode(1)) {
  return t.must('customer.enroll', { name: 'Анна Иванова', phone: '0888 123 456', language: 'bg', cardCode: card }, cashier);
}

describe('login', () => {
  it('locks a login for five minutes after five wrong PINs, even with the right PIN', () => {
    const barista = t.must('staff.list', {}).find((s) => s.role === 'barista')!;
    for (let i = 1; i <= 4; i++) {
      const reply = t.call('staff.login', { staffId: barista.id, pin: '9999' });
      expect(reply).toEqual({ ok: false, error: { code: 'auth.wrong_pin', params: { attemptsLeft: 5 - i } } });
    }
    expect(t.call('staff.login', { staffId: barista.id, pin: '9999' })).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
    expect(t.call('staff.login', { staffId: barista.id, pin: '2222' })).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
    t.clock.advance(5 * 60 * 1000 + 1);
    expect(t.call('staff.login', { staffId: barista.id, pin: '2222' }).ok).toBe(true);
  });

  it('stores PINs as salted scrypt hashes, never as text', () => {
    const rows = t.terminal.db.prepare('SELECT pin_hash FROM staff').all() as { pin_hash: string }[];
    const hashes = rows.map((r) => r.pin_hash);
    expect(hashes.every((h) => h.startsWith('scrypt$'))).toBe(true);
    expect(hashes.join(' ')).not.toMatch(/\b(1234|1111|2222)\b/);
    expect(new Set(hashes.map((h) => h.split('$')[4])).size).toBe(hashes.length);
  });

  it('remembers the language per staff member', () => {
    t.must('staff.setLanguage', { language: 'ru' }, cashier);
    const again = t.loginAs('cashier');
    expect(t.must('customer.search', { query: 'zz' }, again)).toEqual([]);
    const cashierId = t.must('staff.list', {}).find((s) => s.role === 'cashier')!.id;
    expect(t.must('staff.login', { staffId: cashierId, pin: '1111' }).staff.language).toBe('ru');
  });
});

describe('identify and enrol', () => {
  it('finds the customer of a scanned card, and by phone or name', () => {
    const anna = enrolAnna();
    expect(t.must('customer.identify', { code: inStoreCardCode(1) }, cashier).customer.id).toBe(anna.customer.id);
    expect(t.must('customer.search', { query: '123456' }, cashier).map((c) => c.id)).toEqual([anna.customer.id]);
    expect(t.must('customer.search', { query: '+359 888 123 456' }, cashier).map((c) => c.id)).toEqual([anna.customer.id]);
    expect(t.must('customer.search', { query: 'анна' }, cashier).map((c) => c.id)).toEqual([anna.customer.id]);
    expect(anna.customer.phoneMasked).not.toContain('123 456');
  });

  it('refuses a wrong check digit and changes nothing', () => {
    const good = inStoreCardCode(7);
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    const before = t.terminal.db.prepare('SELECT COUNT(*) AS n FROM outbox').get();
    expect(t.call('customer.identify', { code: bad }, cashier)).toMatchObject({ ok: false, error: { code: 'code.bad_check_digit' } });
    expect(t.call('customer.enroll', { name: 'X', phone: '0888000111', language: 'en', cardCode: bad }, cashier)).toMatchObject({
      ok: false,
      error: { code: 'code.bad_check_digit' },
    });
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual(before);
  });

  it('offers the existing customer when a phone is already enrolled', () => {
    const anna = enrolAnna();
    const reply = t.call('customer.enroll', { name: 'Someone Else', phone: '+359888123456', language: 'en' }, cashier);
    expect(reply).toEqual({ ok: false, error: { code: 'customer.phone_taken', params: { existingCustomerId: anna.customer.id, name: 'Анна Иванова' } } });
  });

  it('says a card is unknown, so the counter can offer to enrol with it', () => {
    expect(t.call('customer.identify', { code: inStoreCardCode(99) }, cashier)).toEqual({
      ok: false,
      error: { code: 'customer.card_unknown', params: { code: inStoreCardCode(99) } },
    });
  });

  it('records marketing consent with its time, off by default', () => {
    const anna = enrolAnna();
    expect(anna.customer.marketingConsent).toBe(false);
    const boris = t.must('customer.enroll', { name: 'Boris', phone: '0899 000 111', language: 'en', marketingConsent: true }, cashier);
    const row = t.terminal.db.prepare('SELECT marketing_consent_at FROM customers WHERE id = ?').get(boris.customer.id);
    expect(row).toEqual({ marketing_consent_at: t.clock.now() });
  });
});

describe('stamps and rewards', () => {
  it('turns the 10th stamp into a free drink, and redeems it exactly once on a double tap', () => {
    const anna = enrolAnna();
    for (let i = 0; i < 9; i++) t.must('stamp.add', { customerId: anna.customer.id, count: 1, visitId: visit, idempotencyKey: tapKey() }, cashier);
    const tenth = t.must('stamp.add', { customerId: anna.customer.id, count: 1, visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(tenth.rewardsEarned).toBe(1);
    expect(tenth.view.stampCards[0]!.filled).toBe(0);
    expect(tenth.view.rewards.map((r) => r.rewardId)).toEqual(['free-drink']);

    const barista = t.loginAs('barista');
    const key = tapKey();
    const first = t.must('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: visit, idempotencyKey: key }, barista);
    const second = t.must('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: visit, idempotencyKey: key }, barista);
    expect(second.operationId).toBe(first.operationId);
    expect(second.view.rewards).toEqual([]);
    const redemptions = t.terminal.db.prepare("SELECT COUNT(*) AS n FROM ledger WHERE kind = 'redeem'").get();
    expect(redemptions).toEqual({ n: 1 });
    expect(t.call('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: visit, idempotencyKey: tapKey() }, barista)).toMatchObject({
      ok: false,
      error: { code: 'reward.not_available' },
    });
  });

  it('gives +N for a group order, keeping the rest of the stamps after a full card', () => {
    const anna = enrolAnna();
    t.must('stamp.add', { customerId: anna.customer.id, count: 8, visitId: visit, idempotencyKey: tapKey() }, cashier);
    const group = t.must('stamp.add', { customerId: anna.customer.id, count: 5, visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(group.rewardsEarned).toBe(1);
    expect(group.view.stampCards[0]!.filled).toBe(3);
  });

  it('does not let a barista stamp (a role the main process enforces)', () => {
    const anna = enrolAnna();
    const barista = t.loginAs('barista');
    expect(t.call('stamp.add', { customerId: anna.customer.id, count: 1, visitId: visit, idempotencyKey: tapKey() }, barista)).toEqual({
      ok: false,
      error: { code: 'auth.forbidden' },
    });
  });

  it('says a customer is unknown, and writes nothing, for a stamp or a redemption of an id it does not hold', () => {
    const cashier = t.loginAs('cashier');
    const unknown = '01a20000-0000-7000-8000-000000000000';
    const outbox = () => (t.terminal.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    const before = outbox();
    expect(t.call('stamp.add', { customerId: unknown, count: 1, visitId: visit, idempotencyKey: tapKey() }, cashier)).toEqual({ ok: false, error: { code: 'customer.not_found' } });
    expect(t.call('reward.redeem', { customerId: unknown, rewardId: 'free-drink', visitId: visit, idempotencyKey: tapKey() }, cashier)).toEqual({
      ok: false,
      error: { code: 'customer.not_found' },
    });
    expect(outbox()).toBe(before);
  });
});

describe('undo', () => {
  it('reverses a stamp of this visit with a compensating entry and keeps the original', () => {
    const anna = enrolAnna();
    const stamp = t.must('stamp.add', { customerId: anna.customer.id, count: 2, visitId: visit, idempotencyKey: tapKey() }, cashier);
    const undo = t.must('ledger.reverse', { operationId: stamp.operationId, reason: 'wrong customer', visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(undo.view.stampCards[0]!.filled).toBe(0);
    const rows = t.terminal.db.prepare('SELECT delta, kind, reverses_id IS NOT NULL AS compensates FROM ledger ORDER BY rowid').all();
    expect(rows).toEqual([
      { delta: 2, kind: 'earn', compensates: 0 },
      { delta: -2, kind: 'reverse', compensates: 1 },
    ]);
    expect(t.call('ledger.reverse', { operationId: stamp.operationId, reason: 'again', visitId: visit, idempotencyKey: tapKey() }, cashier)).toMatchObject({
      ok: false,
      error: { code: 'ledger.already_reversed' },
    });
  });

  it('needs a manager PIN for an older visit, and takes back the reward of a card the stamp filled', () => {
    const anna = enrolAnna();
    t.must('stamp.add', { customerId: anna.customer.id, count: 9, visitId: 'visit-old-1', idempotencyKey: tapKey() }, cashier);
    const filling = t.must('stamp.add', { customerId: anna.customer.id, count: 1, visitId: 'visit-old-1', idempotencyKey: tapKey() }, cashier);
    t.clock.advance(60 * 60 * 1000);
    const input = { operationId: filling.operationId, reason: 'stamped twice', visitId: visit, idempotencyKey: tapKey() };
    expect(t.call('ledger.reverse', input, cashier)).toEqual({ ok: false, error: { code: 'auth.manager_pin_required' } });
    expect(t.call('ledger.reverse', { ...input, managerPin: '1111' }, cashier)).toMatchObject({ ok: false, error: { code: 'auth.wrong_pin' } });
    const undone = t.must('ledger.reverse', { ...input, managerPin: '1234' }, cashier);
    expect(undone.view.rewards).toEqual([]);
    expect(undone.view.stampCards[0]!.filled).toBe(9);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('undoes a stamp whose reward was already used: the stamps come back off the card and the used reward is owed (issue 6)', () => {
    const anna = enrolAnna();
    const filling = t.must('stamp.add', { customerId: anna.customer.id, count: 10, visitId: visit, idempotencyKey: tapKey() }, cashier);
    t.must('reward.redeem', { customerId: anna.customer.id, rewardId: 'free-drink', visitId: visit, idempotencyKey: tapKey() }, cashier);
    const back = t.must('ledger.reverse', { operationId: filling.operationId, reason: 'mistake', visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(back.view.stampCards[0]!.filled).toBe(0);
    expect(back.view.rewards).toEqual([]);
    expect(back.owed).toEqual([{ asset: 'reward:free-drink', amount: 1 }]);
    expect(back.notes).toEqual([{ key: 'loyalty.reverse.owed_reward', params: { count: 1, rewardId: 'free-drink', reward: 'Безплатна напитка' } }]);
    // The next free drink she earns repays it, and only the one after is hers.
    const refill = t.must('stamp.add', { customerId: anna.customer.id, count: 10, visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(refill.view.rewards).toEqual([]);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('settles a card that undoing a later stamp leaves full: 21 stamps minus 1 is two rewards and no stamps', () => {
    const anna = enrolAnna();
    const add = (count: number) => t.must('stamp.add', { customerId: anna.customer.id, count, visitId: visit, idempotencyKey: tapKey() }, cashier);
    add(7);
    add(12);
    const filling = add(1);
    add(1);
    const undone = t.must('ledger.reverse', { operationId: filling.operationId, reason: 'stamped twice', visitId: visit, idempotencyKey: tapKey() }, cashier);
    expect(undone.view.stampCards[0]!.filled).toBe(0);
    expect(undone.view.rewards).toHaveLength(2);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  });

  it('shows who did what and why in the history, in the reader’s language', () => {
    const anna = enrolAnna();
    t.must('stamp.add', { customerId: anna.customer.id, count: 3, visitId: visit, idempotencyKey: tapKey() }, cashier);
    t.must('staff.setLanguage', { language: 'ru' }, cashier);
    const [entry] = t.must('customer.history', { customerId: anna.customer.id }, cashier);
    expect(entry).toMatchObject({ staffName: 'Иван Георгиев', delta: 3, explanation: { key: 'ledger.stamp.earned', params: { count: 3, card: 'Кофе' } } });
  });
});

describe('outbox', () => {
  it('writes one event per business change, in order, in the same transaction', () => {
    const anna = enrolAnna();
    t.must('stamp.add', { customerId: anna.customer.id, count: 10, visitId: visit, idempotencyKey: tapKey() }, cashier);
    const events = t.terminal.db.prepare('SELECT seq, type FROM outbox ORDER BY seq').all();
    expect(events).toEqual([
      { seq: 1, type: 'customer.enrolled' },
      { seq: 2, type: 'card.linked' },
      { seq: 3, type: 'ledger.recorded' },
    ]);
    const seqs = t.terminal.db.prepare('SELECT DISTINCT terminal_seq FROM ledger').all();
    expect(seqs).toEqual([{ terminal_seq: 3 }]);
  });
});
