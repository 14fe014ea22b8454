import { describe, expect, it } from 'vitest';
import { inStoreCardCode } from '../../shared/codes/ean';
import { demoCafeProgram } from '../../shared/loyalty';
import { MAX_STATE_CHANGES } from '../../shared/sync/state-changes';
import { verifyBalances } from '../../electron/db/stores/ledger';
import { tapKey, testClock, type TestClock } from '../support/terminal';
import { createChain, enrolledTerminal, localBalances, nonZero, useTestHq, type SyncedTerminal } from './support';

/**
 * Issue 5: the loyalty engine's state (visits, counters, "given this year" marks, tier, referral)
 * travels with the ledger between stores, so a customer served at two stores is one customer to the
 * program: the birthday drink once a year, every visit counted, an undo undone everywhere.
 */
const DAY = 86_400_000;
const world = useTestHq();

let serial = 9100;
const newCard = () => inStoreCardCode(++serial);
let phones = 0;
const phone = () => `0888 410 ${String(++phones).padStart(3, '0')}`;

interface Stores {
  a: SyncedTerminal;
  b: SyncedTerminal;
  clock: TestClock;
  organisationId: string;
  close(): void;
}

/** A till in each of two stores of one chain, on one clock (22 November 2026). */
async function twoStores(): Promise<Stores> {
  const chain = await createChain(world.hq, 2);
  const clock = testClock();
  const a = await enrolledTerminal(world.hq, chain.stores[0]!, { clock });
  const b = await enrolledTerminal(world.hq, chain.stores[1]!, { clock });
  return { a, b, clock, organisationId: chain.organisationId, close: () => [a, b].forEach((t) => t.close()) };
}

/** Enrolled at A, then scanned at B (which asks HQ for her): both stores hold her. */
async function sharedCustomer(s: Stores, extra: { birthday?: string } = {}): Promise<string> {
  const card = newCard();
  const ana = s.a.must('customer.enroll', { name: 'Ана Петрова', phone: phone(), language: 'bg', cardCode: card, ...extra }, s.a.cashier);
  await s.a.sync();
  const seen = await s.b.callAsync('customer.identify', { code: card }, s.b.cashier);
  if (!seen.ok) throw new Error(`identify at B: ${JSON.stringify(seen.error)}`);
  return ana.customer.id;
}

/** The demo café paying referrals on the referee's first purchase, whatever its amount. */
const withReferrals = { ...demoCafeProgram(), referrals: { referrerGift: { kind: 'points', amount: 100 }, refereeGift: { kind: 'points', amount: 50 }, minFirstPurchase: 0, capPerReferrer: 3 } };
/** Stamps for coffee only and no points: a croissant earns nothing, though it is still a visit. */
const stampsOnly = { ...demoCafeProgram(), points: null, rewards: demoCafeProgram().rewards.filter((r) => r.cost === null) };

/** The referral program published, and Maria enrolled with a card at the first till and synced to the others: where every referral test starts. */
async function referrerAtFirstStore(organisationId: string, tills: SyncedTerminal[]): Promise<{ maria: string; mariaCard: string }> {
  await world.hq.admin.publishProgram({ organisationId, document: withReferrals });
  const mariaCard = newCard();
  const maria = tills[0]!.must('customer.enroll', { name: 'Мария', phone: phone(), language: 'bg', cardCode: mariaCard }, tills[0]!.cashier).customer.id;
  await syncAll(...tills);
  return { maria, mariaCard };
}

const stamp = (t: SyncedTerminal, customerId: string, token = t.cashier) =>
  t.must('stamp.add', { customerId, count: 1, visitId: tapKey(), idempotencyKey: tapKey() }, token);

const sell = (t: SyncedTerminal, customerId: string, token = t.cashier) =>
  t.must('sale.complete', { lines: [{ itemId: 'croissant', quantity: 1, modifierIds: [] }], customerId, rewardIds: [], tenders: [{ kind: 'cash', amountMinor: 100_000 }], idempotencyKey: tapKey() }, token);

/** The engine's stored state at a till. */
function stateAt(t: SyncedTerminal, customerId: string): { marks: Record<string, string>; visits: { id: string }[]; counters: Record<string, number> } | null {
  const row = t.terminal.db.prepare('SELECT marks, visits, counters FROM loyalty_state WHERE customer_id = ?').get(customerId) as
    | { marks: string; visits: string; counters: string }
    | undefined;
  return row ? { marks: JSON.parse(row.marks), visits: JSON.parse(row.visits), counters: JSON.parse(row.counters) } : null;
}

/** Ledger entries a rule made for the customer, as a till holds them, with the till that made each. */
const byRule = (t: SyncedTerminal, customerId: string, rule: string) =>
  t.terminal.db.prepare('SELECT terminal_id AS terminalId, delta FROM ledger WHERE customer_id = ? AND rule = ? ORDER BY rowid').all(customerId, rule) as {
    terminalId: string;
    delta: number;
  }[];

/** The operation that gave the birthday drink (its own operation, beside the stamp that triggered it). */
const giftOperation = (t: SyncedTerminal, customerId: string) =>
  (t.terminal.db.prepare("SELECT operation_id AS id FROM ledger WHERE customer_id = ? AND rule = 'occasion:birthday' ORDER BY rowid DESC LIMIT 1").get(customerId) as { id: string }).id;

/** Sync rounds (a fresh sign-in each time: the clock may have moved past the session). */
async function syncAll(...tills: SyncedTerminal[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const t of tills) {
      const reply = await t.callAsync('sync.now', {}, t.loginAs('cashier'));
      if (!reply.ok || reply.value.lastError !== null) throw new Error(`sync.now: ${JSON.stringify(reply)}`);
    }
  }
}

async function sameBalancesAsHq(s: Stores, customerId: string): Promise<void> {
  const atHq = nonZero(await world.hq.admin.customerBalances(s.organisationId, customerId));
  for (const t of [s.a, s.b]) {
    expect(localBalances(t, customerId)).toEqual(atHq);
    expect(verifyBalances(t.terminal.db)).toEqual([]);
  }
}

describe('the loyalty state travels between stores (issue 5)', () => {
  it('gives the birthday drink once a year across stores: not again at B after A gave it, and again at B the next year', async () => {
    const s = await twoStores();
    try {
      // The demo café gives a free drink from 3 days before a birthday; the clock is 22 November 2026.
      const customerId = await sharedCustomer(s, { birthday: '1988-11-24' });
      stamp(s.a, customerId);
      expect(byRule(s.a, customerId, 'occasion:birthday')).toEqual([{ terminalId: s.a.id, delta: 1 }]);
      await syncAll(s.a, s.b);
      expect(stateAt(s.b, customerId)?.marks).toMatchObject({ birthday: '2026' });

      // At B the same year: a stamp, and no second birthday drink.
      stamp(s.b, customerId);
      expect(byRule(s.b, customerId, 'occasion:birthday')).toEqual([{ terminalId: s.a.id, delta: 1 }]);
      await syncAll(s.a, s.b);
      await sameBalancesAsHq(s, customerId);

      // A year later, at B: her birthday drink, given by B.
      s.clock.advance(365 * DAY);
      stamp(s.b, customerId, s.b.loginAs('cashier'));
      expect(byRule(s.b, customerId, 'occasion:birthday')).toEqual([
        { terminalId: s.a.id, delta: 1 },
        { terminalId: s.b.id, delta: 1 },
      ]);
      expect(stateAt(s.b, customerId)?.marks).toMatchObject({ birthday: '2027' });
      await syncAll(s.a, s.b);
      // And A, which gave last year's, now knows this year's is given.
      expect(stateAt(s.a, customerId)?.marks).toMatchObject({ birthday: '2027' });
      stamp(s.a, customerId, s.a.loginAs('cashier'));
      expect(byRule(s.a, customerId, 'occasion:birthday')).toHaveLength(2);
      await syncAll(s.a, s.b);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('counts visits at A and at B toward the every-third-visit surprise at B', async () => {
    const s = await twoStores();
    try {
      await world.hq.admin.publishProgram({
        organisationId: s.organisationId,
        document: {
          ...demoCafeProgram(),
          surprises: [{ id: 'third', name: { bg: 'Трето', ru: 'Третий', en: 'Third visit' }, trigger: { type: 'every_nth_visit', n: 3 }, gift: { kind: 'points', amount: 7 } }],
        },
      });
      const customerId = await sharedCustomer(s);
      for (const t of [s.a, s.b]) t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, t.cashier);
      await syncAll(s.a, s.b);

      sell(s.b, customerId); // visit 1, at B
      await syncAll(s.b, s.a);
      sell(s.a, customerId); // visit 2, at A
      expect(byRule(s.a, customerId, 'surprise:third')).toEqual([]);
      await syncAll(s.a, s.b);
      expect(stateAt(s.b, customerId)?.counters['visits']).toBe(2);
      expect(stateAt(s.b, customerId)?.visits).toHaveLength(2);

      sell(s.b, customerId); // visit 3, at B: the surprise
      expect(byRule(s.b, customerId, 'surprise:third')).toEqual([{ terminalId: s.b.id, delta: 7 }]);
      await syncAll(s.b, s.a);
      expect(stateAt(s.a, customerId)?.counters['visits']).toBe(3);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('undoes at B what a reversal at A undid: the birthday mark and the visit are gone, and B may give the drink', async () => {
    const s = await twoStores();
    try {
      const customerId = await sharedCustomer(s, { birthday: '1988-11-24' });
      const given = stamp(s.a, customerId);
      await syncAll(s.a, s.b);
      const visitsBefore = stateAt(s.b, customerId)!;
      expect(visitsBefore.marks).toMatchObject({ birthday: '2026' });
      expect(visitsBefore.counters['visits']).toBe(1);
      expect(visitsBefore.visits).toHaveLength(1);

      // The stamp (a visit) and the birthday drink (the mark) are two operations at A; both are undone there.
      s.a.must('ledger.reverse', { operationId: given.operationId, reason: 'wrong customer', idempotencyKey: tapKey() }, s.a.manager);
      s.a.must('ledger.reverse', { operationId: giftOperation(s.a, customerId), reason: 'wrong customer', idempotencyKey: tapKey() }, s.a.manager);
      await syncAll(s.a, s.b);
      const after = stateAt(s.b, customerId)!;
      expect(after.marks['birthday']).toBeUndefined();
      expect(after.visits).toEqual([]);
      expect(after.counters['visits'] ?? 0).toBe(0);

      // Her birthday drink was taken back at A: B may give it now.
      stamp(s.b, customerId);
      expect(byRule(s.b, customerId, 'occasion:birthday').filter((e) => e.terminalId === s.b.id)).toEqual([{ terminalId: s.b.id, delta: 1 }]);
      await syncAll(s.a, s.b);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('plans a reversal at B of an operation made at A, and A sees its state undone', async () => {
    const s = await twoStores();
    try {
      const customerId = await sharedCustomer(s, { birthday: '1988-11-24' });
      const given = stamp(s.a, customerId);
      await syncAll(s.a, s.b);
      s.b.must('ledger.reverse', { operationId: given.operationId, reason: 'wrong customer', idempotencyKey: tapKey() }, s.b.manager);
      s.b.must('ledger.reverse', { operationId: giftOperation(s.b, customerId), reason: 'wrong customer', idempotencyKey: tapKey() }, s.b.manager);
      expect(stateAt(s.b, customerId)!.marks['birthday']).toBeUndefined();
      expect(stateAt(s.b, customerId)!.visits).toEqual([]);
      await syncAll(s.b, s.a);
      const atA = stateAt(s.a, customerId)!;
      expect(atA.marks['birthday']).toBeUndefined();
      expect(atA.visits).toEqual([]);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('enrols a customer referred by someone from another store: asks HQ for the referrer by card, and both are rewarded', async () => {
    const s = await twoStores();
    try {
      const { maria, mariaCard: card } = await referrerAtFirstStore(s.organisationId, [s.a, s.b]);

      // B has never seen Maria: the referral names her card, and B asks HQ for her.
      const borisPhone = phone();
      const boris = await s.b.callAsync('customer.enroll', { name: 'Борис', phone: borisPhone, language: 'bg', referredBy: card }, s.b.cashier);
      expect(boris.ok).toBe(true);
      if (!boris.ok) return;
      s.b.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, s.b.cashier);
      sell(s.b, boris.value.customer.id);
      expect(byRule(s.b, boris.value.customer.id, 'referral:referee')).toEqual([{ terminalId: s.b.id, delta: 50 }]);
      expect(byRule(s.b, maria, 'referral:referrer')).toEqual([{ terminalId: s.b.id, delta: 100 }]);
      await syncAll(s.b, s.a);
      expect(localBalances(s.a, maria)).toMatchObject({ points: 100 });
      await sameBalancesAsHq(s, maria);

      // A card HQ does not know either: refused, and nothing of the new customer is kept.
      const stranger = phone();
      const refused = await s.b.callAsync('customer.enroll', { name: 'Никой', phone: stranger, language: 'bg', referredBy: newCard() }, s.b.cashier);
      expect(refused).toEqual({ ok: false, error: { code: 'customer.referrer_unknown' } });
      expect(s.b.terminal.db.prepare('SELECT COUNT(*) AS n FROM customers WHERE name = ?').get('Никой')).toEqual({ n: 0 });
      expect(s.b.call('customer.enroll', { name: 'Никой', phone: stranger, language: 'bg' }, s.b.cashier).ok).toBe(true);
    } finally {
      s.close();
    }
  }, 120_000);

  it('never lets state changes HQ would refuse hold the outbox up: the operation goes without them', async () => {
    const s = await twoStores();
    try {
      const customerId = await sharedCustomer(s);
      const odd = stamp(s.a, customerId);
      const tooMany = Array.from({ length: MAX_STATE_CHANGES + 1 }, () => ({ type: 'counter.add', name: 'visits', delta: 1 }));
      s.a.terminal.db.prepare('UPDATE loyalty_operations SET changes = ? WHERE operation_id = ?').run(JSON.stringify(tooMany), odd.operationId);
      const next = stamp(s.a, customerId);
      await syncAll(s.a, s.b);
      expect(s.a.must('sync.status', {}, s.a.loginAs('cashier'))).toMatchObject({ waiting: 0, lastError: null });
      // Both operations' stamps arrived. B held no state for her: it was seeded from the ledger (the
      // first stamp, a visit) before the second operation's changes (the second visit) were applied.
      expect(s.b.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE operation_id IN (?, ?)').get(odd.operationId, next.operationId)).toEqual({ n: 2 });
      expect(stateAt(s.b, customerId)?.counters['visits']).toBe(2);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('still pushes and applies an operation recorded without state changes (before they were carried)', async () => {
    const s = await twoStores();
    try {
      const customerId = await sharedCustomer(s, { birthday: '1988-11-24' });
      stamp(s.b, customerId); // B holds her state from here on
      await syncAll(s.b, s.a);
      const before = stateAt(s.b, customerId)!;
      const old = stamp(s.a, customerId);
      // An operation from before migration 011 has no recorded changes: its event goes out as it was queued.
      s.a.terminal.db.prepare('DELETE FROM loyalty_operations WHERE operation_id = ?').run(old.operationId);
      expect((await s.a.sync()).waiting).toBe(0);
      await s.b.sync();
      // Its entries arrive; the state B holds is left as it was.
      expect(s.b.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE operation_id = ?').get(old.operationId)).toEqual({ n: 1 });
      expect(stateAt(s.b, customerId)).toEqual(before);
      await sameBalancesAsHq(s, customerId);
    } finally {
      s.close();
    }
  }, 120_000);

  it('counts at B a visit from a sale at A that earned nothing, and uncounts it when A refunds the sale', async () => {
    const s = await twoStores();
    try {
      await world.hq.admin.publishProgram({ organisationId: s.organisationId, document: stampsOnly });
      const customerId = await sharedCustomer(s);
      for (const t of [s.a, s.b]) t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, t.cashier);
      await syncAll(s.a, s.b);

      const sale = sell(s.a, customerId);
      expect(s.a.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE customer_id = ?').get(customerId)).toEqual({ n: 0 });
      expect(stateAt(s.a, customerId)?.counters['visits']).toBe(1);
      await syncAll(s.a, s.b);
      expect(stateAt(s.b, customerId)?.counters['visits']).toBe(1);
      expect(stateAt(s.b, customerId)?.visits).toHaveLength(1);

      s.a.must('sale.refund', { saleId: sale.saleId, kind: 'refund', reason: 'wrong customer', idempotencyKey: tapKey() }, s.a.manager);
      expect(stateAt(s.a, customerId)?.counters['visits'] ?? 0).toBe(0);
      await syncAll(s.a, s.b);
      expect(stateAt(s.b, customerId)?.counters['visits'] ?? 0).toBe(0);
      expect(stateAt(s.b, customerId)?.visits).toEqual([]);
      expect(s.a.must('sync.status', {}, s.a.loginAs('cashier'))).toMatchObject({ waiting: 0, lastError: null });
    } finally {
      s.close();
    }
  }, 120_000);

  it('sends a store that meets a customer later the visits that earned nothing elsewhere', async () => {
    const s = await twoStores();
    try {
      await world.hq.admin.publishProgram({ organisationId: s.organisationId, document: stampsOnly });
      await syncAll(s.a, s.b);
      // Known only at A, where she buys twice and earns nothing.
      const card = newCard();
      const customerId = s.a.must('customer.enroll', { name: 'Вера', phone: phone(), language: 'bg', cardCode: card }, s.a.cashier).customer.id;
      s.a.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, s.a.cashier);
      sell(s.a, customerId);
      sell(s.a, customerId);
      await s.a.sync();
      expect(stateAt(s.b, customerId)).toBeNull();

      // Scanned at B for the first time: her history from HQ holds both visits.
      const seen = await s.b.callAsync('customer.identify', { code: card }, s.b.cashier);
      expect(seen.ok).toBe(true);
      await s.b.sync();
      expect(stateAt(s.b, customerId)?.counters['visits']).toBe(2);
      expect(stateAt(s.b, customerId)?.visits).toHaveLength(2);
    } finally {
      s.close();
    }
  }, 120_000);

  it('pays a referral claimed at B without a welcome bonus when the referee first buys at A', async () => {
    const s = await twoStores();
    try {
      const { maria, mariaCard } = await referrerAtFirstStore(s.organisationId, [s.a, s.b]);

      // Boris enrols at B, naming Maria (B asks HQ for her): the claim is all the enrolment writes.
      const borisCard = newCard();
      const enrolled = await s.b.callAsync('customer.enroll', { name: 'Борис', phone: phone(), language: 'bg', cardCode: borisCard, referredBy: mariaCard }, s.b.cashier);
      if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error));
      const boris = enrolled.value.customer.id;
      expect(s.b.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger WHERE customer_id = ?').get(boris)).toEqual({ n: 0 });
      await s.b.sync();

      // His first purchase is at A, which meets him there: both gifts are given at A.
      const seen = await s.a.callAsync('customer.identify', { code: borisCard }, s.a.cashier);
      expect(seen.ok).toBe(true);
      await s.a.sync();
      s.a.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, s.a.cashier);
      sell(s.a, boris);
      expect(byRule(s.a, boris, 'referral:referee')).toEqual([{ terminalId: s.a.id, delta: 50 }]);
      expect(byRule(s.a, maria, 'referral:referrer')).toEqual([{ terminalId: s.a.id, delta: 100 }]);
      await syncAll(s.a, s.b);
      expect(localBalances(s.b, maria)).toMatchObject({ points: 100 });
      await sameBalancesAsHq(s, maria);
      await sameBalancesAsHq(s, boris);
    } finally {
      s.close();
    }
  }, 120_000);

  it('pays the referrer at a third store that held neither: meeting the referee there fetches the referrer from HQ', async () => {
    const chain = await createChain(world.hq, 3);
    const clock = testClock();
    const [a, b, c] = await Promise.all(chain.stores.map((storeId) => enrolledTerminal(world.hq, storeId, { clock })));
    try {
      const { maria, mariaCard } = await referrerAtFirstStore(chain.organisationId, [a!, b!, c!]);
      const borisCard = newCard();
      const enrolled = await b!.callAsync('customer.enroll', { name: 'Борис', phone: phone(), language: 'bg', cardCode: borisCard, referredBy: mariaCard }, b!.cashier);
      if (!enrolled.ok) throw new Error(JSON.stringify(enrolled.error));
      const boris = enrolled.value.customer.id;
      await b!.sync();

      // C meets Boris: his history says Maria referred him, and C asks HQ for her before answering.
      expect((await c!.callAsync('customer.identify', { code: borisCard }, c!.cashier)).ok).toBe(true);
      expect(c!.terminal.db.prepare('SELECT name FROM customers WHERE id = ?').get(maria)).toEqual({ name: 'Мария' });
      c!.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, c!.cashier);
      sell(c!, boris);
      expect(byRule(c!, boris, 'referral:referee')).toEqual([{ terminalId: c!.id, delta: 50 }]);
      expect(byRule(c!, maria, 'referral:referrer')).toEqual([{ terminalId: c!.id, delta: 100 }]);
      expect(c!.terminal.db.prepare('SELECT COUNT(*) AS n FROM deferred_gifts').get()).toEqual({ n: 0 });

      await syncAll(c!, a!, b!);
      const atHq = nonZero(await world.hq.admin.customerBalances(chain.organisationId, maria));
      expect(atHq).toMatchObject({ points: 100 });
      for (const t of [a!, b!, c!]) expect(localBalances(t, maria)).toEqual(atHq);
    } finally {
      for (const t of [a, b, c]) t?.close();
    }
  }, 120_000);
});
