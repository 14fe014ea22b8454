import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { explain, explainIssue } from '../../../shared/loyalty';

let t: TestTerminal;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
});
afterEach(() => t.close());

describe('the program as versioned data', () => {
  it('opens on the demo café, version 1', () => {
    const current = t.must('program.get', {}, manager);
    expect(current.version).toBe(1);
    expect(current.document.name).toBe('Demo café');
    expect(current.document.stampCards[0]).toMatchObject({ id: 'coffee', size: 10, rewardId: 'free-drink' });
  });

  it('refuses to publish an invalid program, with a clear translated reason, and changes nothing', () => {
    const doc = structuredClone(t.must('program.get', {}, manager).document);
    const croissant = doc.rewards.find((r) => r.id === 'croissant')!;
    croissant.cost = { asset: 'points', amount: 0 };
    const reply = t.must('program.publish', { document: doc }, manager);
    expect(reply.valid).toBe(false);
    expect(reply.issues.map((i) => explainIssue(i, 'en'))).toContain('Reward “Free croissant” costs 0 points.');
    expect(t.must('program.get', {}, manager).version).toBe(1);
  });

  it('simulates what a sale would earn and why before publishing', () => {
    const doc = t.must('program.get', {}, manager).document;
    const sim = t.must(
      'program.simulate',
      { document: doc, customer: { stamps: { coffee: 9 } }, sale: { lines: [{ itemId: 'latte', category: 'coffee', quantity: 1, unitPrice: 360 }] } },
      manager,
    );
    expect(sim.valid).toBe(true);
    const lines = sim.result!.entries.map((e) => `${e.delta} ${e.asset}`);
    expect(lines).toEqual(expect.arrayContaining(['1 stamps:coffee', '-10 stamps:coffee', '1 reward:free-drink']));
    expect(sim.result!.explanations.map((e) => explain(doc, e, 'en')).join(' | ')).toMatch(/point/i);
  });

  it('simulates a customer the manager describes: points, tier and birthday count; 400 + 105 points afford the 500-point reward', () => {
    const boutique = t.must('program.templates', {}, manager).find((x) => x.id === 'boutique')!.document;
    const sim = t.must(
      'program.simulate',
      { document: boutique, customer: { points: 400, tierId: 'gold', birthday: '1990-11-25' }, sale: { lines: [{ itemId: 'scarf', category: 'scarves', quantity: 1, unitPrice: 340 }] } },
      manager,
    );
    const say = (locale: 'bg' | 'ru' | 'en') => sim.result!.explanations.map((e) => explain(boutique, e, locale));
    expect(say('en')).toEqual(['+100 points: birthday gift', '+5 points: 1 per EUR on €3.40, Gold ×1.5, rounded down']);
    expect(say('bg')).toEqual(['+100 точки: подарък за рождения ден', '+5 точки: 1 за всеки EUR от 3,40\u00a0€, Злато ×1,5, закръглено надолу']);
    expect(say('ru')).toEqual(['+100 баллов: подарок на день рождения', '+5 баллов: 1 за каждый EUR с 3,40\u00a0€, Золото ×1,5, с округлением вниз']);
    expect(sim.result!.rewardsOffered.map((o) => [o.rewardId, o.source, o.discount])).toEqual([
      ['ten-eur-off', 'points', 340],
      ['fifteen-off', 'points', 51],
    ]);
  });

  it('publishes a new version that the counter uses at once, for managers only', () => {
    const doc = structuredClone(t.must('program.get', {}, manager).document);
    doc.stampCards[0]!.size = 8;
    expect(t.call('program.publish', { document: doc }, t.loginAs('cashier'))).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    expect(t.must('program.publish', { document: doc }, manager)).toEqual({ valid: true, issues: [], version: 2 });
    const anna = t.must('customer.enroll', { name: 'Anna', phone: '0888 999 000', language: 'en' }, manager);
    const stamped = t.must('stamp.add', { customerId: anna.customer.id, count: 8, visitId: 'visit-prog', idempotencyKey: tapKey() }, manager);
    expect(stamped.rewardsEarned).toBe(1);
    const versions = t.terminal.db.prepare('SELECT DISTINCT program_version AS v FROM ledger').all();
    expect(versions).toEqual([{ v: 2 }]);
    expect(t.terminal.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'program.change'").get()).toEqual({ n: 1 });
  });

  it('tells the counter how far the card is, what the wallet covers on this sale, and whose birthday is near', () => {
    const cashier = t.loginAs('cashier');
    const anna = t.must('customer.enroll', { name: 'Anna Petrova', phone: '0888 123 456', birthday: '1990-11-24', language: 'en' }, cashier);
    t.must('stamp.add', { customerId: anna.customer.id, count: 8, visitId: 'visit-one', idempotencyKey: tapKey() }, cashier);
    const first = t.must('loyalty.summary', { customerId: anna.customer.id }, cashier);
    const say = (e: Parameters<typeof explain>[1], locale: 'bg' | 'ru' | 'en' = 'en') => explain(first.program, e, locale);
    expect(first.programVersion).toBe(1);
    expect(first.summary.cards.map((c) => say(c.message))).toEqual(['2 more stamps to a Free drink']);
    expect(first.summary.cards.map((c) => say(c.message, 'bg'))).toEqual(['Още 2 печата до „Безплатна напитка“']);
    expect(first.summary.banners.map((b) => say(b.message))).toEqual(['Birthday in 2 days']);
    expect(first.summary.banners.map((b) => say(b.message, 'ru'))).toEqual(['День рождения через 2 дня']);

    t.must('stamp.add', { customerId: anna.customer.id, count: 2, visitId: 'visit-two', idempotencyKey: tapKey() }, cashier);
    const full = t.must('loyalty.summary', { customerId: anna.customer.id, lines: [{ itemId: 'latte', category: 'coffee', quantity: 1, unitPrice: 360 }] }, cashier);
    // One from the full card, one birthday drink: her birthday is in the window, so the till gave it (issue 3).
    expect(full.summary.wallet.map((w) => explain(full.program, w.message, 'en'))).toEqual(['Free drink × 2 in the wallet']);
    expect(full.summary.applicable).toEqual([{ rewardId: 'free-drink', source: 'wallet', cost: 0, cardId: null, discount: 360 }]);
    expect(t.call('loyalty.summary', { customerId: 'nobody' }, cashier)).toEqual({ ok: false, error: { code: 'customer.not_found' } });
  });

  it('reads a customer’s sales for the summary through their own index (migration 9), not the whole year', () => {
    const plan = t.terminal.db
      .prepare('EXPLAIN QUERY PLAN SELECT s.id, s.operation_id, s.total_minor, s.created_at FROM sales s WHERE s.customer_id = ? AND s.created_at >= ?')
      .all('someone', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('sales_customer');
  });

  it('offers the café, bakery and boutique templates', () => {
    expect(t.must('program.templates', {}, manager).map((x) => x.id)).toEqual(['cafe', 'bakery', 'boutique']);
  });
});
