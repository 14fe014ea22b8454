import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  balances,
  boutiqueTemplate,
  cafeTemplate,
  evaluate,
  evolve,
  programSchema,
  type CustomerState,
  type LoyaltyEvent,
  type Program,
  type Sale,
} from '../../../shared/loyalty';
import { customer, idsFor } from './support';

/** One program with every mechanic the properties should exercise. */
const cafe = cafeTemplate();
const boutique = boutiqueTemplate();
const program: Program = programSchema.parse({
  ...cafe,
  points: { ...cafe.points!, spend: { valuePerPoint: 5, minPoints: 1 } },
  rewards: [...cafe.rewards!, { id: 'cookie', name: { bg: 'Бисквита', ru: 'Печенье', en: 'Cookie' }, effect: { type: 'free_item', category: 'pastry' }, cost: { asset: 'stamps', cardId: 'coffee', amount: 4 } }],
  tiers: { ...boutique.tiers!, levels: boutique.tiers!.levels.map((l, i) => ({ ...l, threshold: [2000, 6000, 15000][i]! })) },
  occasions: { ...cafe.occasions, anniversary: { gift: { kind: 'points', amount: 30 } } },
  referrals: boutique.referrals,
  surprises: [
    { id: 'nth', name: { bg: 'n', ru: 'n', en: 'n' }, trigger: { type: 'every_nth_visit', n: 3 }, gift: { kind: 'stamps', cardId: 'coffee', count: 2 } },
    { id: 'luck', name: { bg: 'l', ru: 'l', en: 'l' }, trigger: { type: 'chance', probability: 0.3 }, gift: { kind: 'reward', rewardId: 'free-drink' } },
  ],
  bigPurchase: { minAmount: 3000, gift: { kind: 'points', amount: 15 } },
  challenges: [{ id: 'streak', name: { bg: 's', ru: 's', en: 's' }, visits: 3, withinDays: 7, gift: { kind: 'points', amount: 10 } }],
  velocity: [{ id: 'v', metric: 'stamps', maxPerDay: 6 }],
  feedback: { gift: { kind: 'points', amount: 5 } },
});

const START = Date.parse('2025-01-01T08:00:00+02:00');
const HOUR = 3_600_000;

const saleArb: fc.Arbitrary<Sale> = fc
  .array(
    fc.record({
      itemId: fc.constantFrom('latte', 'croissant', 'tea', 'cake'),
      quantity: fc.integer({ min: 1, max: 4 }),
      unitPrice: fc.integer({ min: 50, max: 2500 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((lines) =>
    fc.record({
      discount: fc.integer({ min: 0, max: 300 }),
      points: fc.integer({ min: 0, max: 200 }),
    }).map(({ discount, points }) => ({
      currency: 'EUR',
      lines: lines.map((l) => ({ ...l, category: { latte: 'coffee', croissant: 'pastry', tea: 'tea', cake: 'cakes' }[l.itemId]!, amount: l.quantity * l.unitPrice })),
      discounts: discount > 0 ? [{ amount: discount }] : [],
      tenders: [{ method: 'points', amount: points }, { method: 'card', amount: 1 }],
    })),
  );

const eventArb: fc.Arbitrary<LoyaltyEvent> = fc.oneof(
  { weight: 5, arbitrary: saleArb.map((sale) => ({ type: 'sale' as const, sale })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 12 }).map((count) => ({ type: 'quick-stamp' as const, cardId: 'coffee', count })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('free-drink', 'croissant', 'ten-off', 'cookie'), fc.option(saleArb, { nil: null })).map(([rewardId, sale]) => ({ type: 'redeem' as const, rewardId, sale })) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 400 }), saleArb).map(([points, sale]) => ({ type: 'spend-points' as const, points, sale })) },
  { weight: 1, arbitrary: fc.constant({ type: 'day' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 }).map((score) => ({ type: 'feedback' as const, score })) },
);

const historyArb = fc.array(fc.tuple(eventArb, fc.integer({ min: 1, max: 60 })), { maxLength: 25 });

interface Played {
  state: CustomerState;
  now: number;
}

function play(start: CustomerState, history: [LoyaltyEvent, number][], check?: (s: CustomerState) => void): Played {
  let state = start;
  let now = START;
  history.forEach(([event, hours], i) => {
    now += hours * HOUR;
    const op = `h${i}`;
    const r = evaluate({ program, state, event, now, timeZone: 'Europe/Sofia', operationId: op, newId: idsFor(op) });
    if (r.ok) state = evolve(state, r.value, now);
    check?.(state);
  });
  return { state, now };
}

const start = (): CustomerState => customer({ birthday: '1991-01-20', firstName: 'Иван', referral: { referrerId: 'friend', status: 'pending' } }, START - 400 * 24 * HOUR);

describe('engine properties', () => {
  it('no sequence of redemptions, point spends or expiries makes any balance negative', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        play(start(), history, (s) => {
          for (const lot of s.lots) expect(lot.remaining, lot.entryId).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('a sale followed by its reversal leaves every balance, tier, counter and mark where it was', () => {
    fc.assert(
      fc.property(historyArb, saleArb, fc.integer({ min: 1, max: 48 }), fc.string(), (history, sale, hours, seed) => {
        const before = play(start(), history);
        const saleAt = before.now + hours * HOUR;
        const sold = evaluate({ program, state: before.state, event: { type: 'sale', sale }, now: saleAt, timeZone: 'Europe/Sofia', operationId: 'S', newId: idsFor('S'), seed, context: { referrerRewardedCount: 0 } });
        if (!sold.ok) throw new Error(JSON.stringify(sold.error));
        const afterSale = evolve(before.state, sold.value, saleAt);
        const operation = { operationId: 'S', entries: sold.value.entries, changes: sold.value.changes, others: sold.value.others, reversed: false };
        const undone = evaluate({ program, state: afterSale, event: { type: 'reverse', operation, reason: 'refund' }, now: saleAt + HOUR, timeZone: 'Europe/Sofia', operationId: 'R', newId: idsFor('R') });
        if (!undone.ok) throw new Error(JSON.stringify(undone.error));
        const restored = evolve(afterSale, undone.value, saleAt + HOUR);
        expect(balances(restored.lots)).toEqual(balances(before.state.lots));
        expect(restored.tier).toEqual(before.state.tier);
        expect(restored.counters).toEqual(before.state.counters);
        expect(restored.visits).toEqual(before.state.visits);
        expect(restored.marks).toEqual(before.state.marks);
        expect(restored.referral).toEqual(before.state.referral);
        // Whatever the referrer got is handed back for reversal on their ledger.
        expect(undone.value.others.flatMap((o) => o.reverseEntryIds)).toEqual(sold.value.others.flatMap((o) => o.entries.map((e) => e.id)));
      }),
      { numRuns: 150 },
    );
  });

  it('the same input twice gives the same output', () => {
    fc.assert(
      fc.property(historyArb, eventArb, fc.string(), (history, event, seed) => {
        const { state, now } = play(start(), history);
        const input = () => ({ program, state, event, now: now + HOUR, timeZone: 'Europe/Sofia', operationId: 'D', newId: idsFor('D'), seed });
        expect(evaluate(input())).toEqual(evaluate(input()));
      }),
      { numRuns: 100 },
    );
  });
});
