import { describe, expect, it } from 'vitest';
import {
  boutiqueTemplate,
  cafeTemplate,
  bakeryTemplate,
  demoCafeProgram,
  describeCustomer,
  evaluate,
  programSchema,
  balanceOf,
  type ProgramInput,
  type Program,
  type RecordedOperation,
} from '../../../shared/loyalty';
import { explain } from '../../../shared/loyalty/explain';
import { translateError } from '../../../shared/i18n';
import { at, customer, expectTexts, idsFor, sale, step, texts } from './support';

const program = (doc: ProgramInput): Program => programSchema.parse(doc);
const recorded = (operationId: string, out: { entries: RecordedOperation['entries']; changes: RecordedOperation['changes']; others: RecordedOperation['others'] }): RecordedOperation => ({
  operationId,
  entries: out.entries,
  changes: out.changes,
  others: out.others,
  reversed: false,
});
const MORNING = at('2025-03-15T10:00:00+02:00');

describe('stamp cards', () => {
  it('gives a stamp per coffee, caps the visit, and turns a full card into a free drink', () => {
    const p = demoCafeProgram();
    const start = customer({ lots: [{ entryId: 'old', asset: 'stamps:coffee', remaining: 8, createdAt: at('2025-03-01T10:00:00+02:00'), expiresAt: null }] });
    const { output, state } = step(p, start, { type: 'sale', sale: sale([['flat-white', 'coffee', 6, 300], ['water', 'drinks', 1, 150]]) }, MORNING);
    expectTexts(p, output, {
      en: ['+5 stamps on the Coffee card: 6 qualifying, at most 5 per visit', 'Coffee card full: 10 stamps turned into a reward', 'Reward earned: Free drink', '+19 points: 1 per EUR on €19.50, rounded down'],
      bg: ['+5 печата на карта „Кафе“: 6 артикула, най-много 5 на посещение', 'Карта „Кафе“ е пълна: 10 печата станаха награда', 'Спечелена награда: Безплатна напитка', '+19 точки: 1 за всеки EUR от 19,50\u00a0€, закръглено надолу'],
      ru: ['+5 штампов на карте «Кофе»: подходящих 6, не более 5 за визит', 'Карта «Кофе» заполнена: 10 штампов превратились в награду', 'Получена награда: Бесплатный напиток', '+19 баллов: 1 за каждый EUR с 19,50\u00a0€, с округлением вниз'],
    });
    expect(output.entries[1]!.uses).toEqual([{ lotId: 'old', amount: 8 }, { lotId: output.entries[0]!.id, amount: 2 }]);
    expect(balanceOf(state.lots, 'stamps:coffee')).toBe(3);
    expect(balanceOf(state.lots, 'reward:free-drink')).toBe(1);
    expect(output.rewardsOffered).toContainEqual({ rewardId: 'free-drink', source: 'wallet', cost: 0, cardId: null, discount: 300 });
  });

  it('stamps once per visit on a per-visit card, however many operations the visit has', () => {
    const doc = cafeTemplate();
    const p = program({ ...doc, stampCards: [{ ...doc.stampCards![0]!, earn: { per: 'visit', minAmount: 200 } }] });
    const first = step(p, customer(), { type: 'sale', sale: sale([['tea', 'tea', 1, 250]]) }, MORNING, { visitId: 'v1' });
    const second = step(p, first.state, { type: 'sale', sale: sale([['tea', 'tea', 1, 250]]) }, MORNING + 60_000, { visitId: 'v1' });
    expect(texts(p, first.output, 'en')[0]).toBe('+1 stamp on the Coffee card for the visit');
    expect(second.output.entries.filter((e) => e.asset === 'stamps:coffee')).toEqual([]);
  });

  it('quick stamp makes the same entries as the counter decider', () => {
    const p = demoCafeProgram();
    const { output } = step(p, customer(), { type: 'quick-stamp', cardId: 'coffee', count: 2 }, MORNING, { operationId: 'q1' });
    expect(output.entries).toEqual([
      { id: 'q1#1', asset: 'stamps:coffee', delta: 2, kind: 'earn', rule: 'stamp-card:coffee', explanation: { key: 'ledger.stamp.earned', params: { count: 2, cardId: 'coffee' } } },
    ]);
    expect(texts(p, output, 'ru')).toEqual(['+2 штампа на карте «Кофе»']);
  });
});

describe('points', () => {
  const boutique = program(boutiqueTemplate());

  it('earns on what was paid after discounts, not on points or vouchers, with the tier multiplier rounded down', () => {
    const gold = customer({ tier: { tierId: 'gold', reviewDay: null, graceUntilDay: null, vip: null } });
    const s = sale([['dress', 'dresses', 1, 540]], { discounts: [{ amount: 100 }], tenders: [{ method: 'card', amount: 340 }, { method: 'voucher', amount: 100 }] });
    const { output } = step(boutique, gold, { type: 'sale', sale: s }, MORNING);
    expectTexts(boutique, output, {
      en: ['+5 points: 1 per EUR on €3.40, Gold ×1.5, rounded down'],
      bg: ['+5 точки: 1 за всеки EUR от 3,40\u00a0€, Злато ×1,5, закръглено надолу'],
      ru: ['+5 баллов: 1 за каждый EUR с 3,40\u00a0€, Золото ×1,5, с округлением вниз'],
    });
  });

  it('applies category multipliers line by line and rounds once', () => {
    const { output } = step(boutique, customer(), { type: 'sale', sale: sale([['belt', 'accessories', 1, 1250], ['shirt', 'shirts', 1, 2000]]) }, MORNING);
    expect(output.entries[0]!.delta).toBe(45);
    expect(explain(boutique, output.entries[0]!.explanation, 'en')).toBe('+45 points: 1 per EUR on €32.50, accessories ×2 on €12.50');
  });

  it('lets the customer spend part of a balance on a sale, oldest points first', () => {
    const doc = cafeTemplate();
    const p = program({ ...doc, points: { ...doc.points!, spend: { valuePerPoint: 5, minPoints: 10 } } });
    const lots = [
      { entryId: 'p-old', asset: 'points', remaining: 30, createdAt: at('2025-01-01T10:00:00+02:00'), expiresAt: null },
      { entryId: 'p-new', asset: 'points', remaining: 50, createdAt: at('2025-02-01T10:00:00+02:00'), expiresAt: null },
    ];
    const { output, state } = step(p, customer({ lots }), { type: 'spend-points', points: 40, sale: sale([['latte', 'coffee', 1, 450]]) }, MORNING);
    expect(output.discount).toBe(200);
    expect(output.entries[0]!.uses).toEqual([{ lotId: 'p-old', amount: 30 }, { lotId: 'p-new', amount: 10 }]);
    expect(balanceOf(state.lots, 'points')).toBe(40);
    expect(texts(p, output, 'bg')[0]).toBe('−40 точки: 2,00\u00a0€ отстъпка от покупката');
    const tooMuch = evaluate({ program: p, state, event: { type: 'spend-points', points: 100, sale: sale([['latte', 'coffee', 1, 450]]) }, now: MORNING, timeZone: p.timeZone, operationId: 'x', newId: idsFor('x') });
    expect(tooMuch.ok ? null : translateError('en', tooMuch.error)).toBe('Spend between 10 and 90 points on this sale.');
  });
});

describe('rewards', () => {
  const p = demoCafeProgram();

  it('buys a croissant with points against the sale, and refuses with a clear message when short', () => {
    const lots = [{ entryId: 'p1', asset: 'points', remaining: 130, createdAt: MORNING - 1000, expiresAt: null }];
    const { output, state } = step(p, customer({ lots }), { type: 'redeem', rewardId: 'croissant', sale: sale([['croissant', 'pastry', 1, 280]]) }, MORNING);
    expect(output.discount).toBe(280);
    expect(texts(p, output, 'en')).toEqual(['−120 points: Free croissant']);
    const again = evaluate({ program: p, state, event: { type: 'redeem', rewardId: 'croissant', sale: sale([['croissant', 'pastry', 1, 280]]) }, now: MORNING, timeZone: p.timeZone, operationId: 'y', newId: idsFor('y') });
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(translateError('ru', again.error)).toBe('Недостаточно баллов: нужно 120, доступно 10.');
  });

  it('says "120 points: enough for a croissant" and how far the next stamp reward is', () => {
    const lots = [
      { entryId: 'p1', asset: 'points', remaining: 120, createdAt: MORNING - 1000, expiresAt: null },
      { entryId: 's1', asset: 'stamps:coffee', remaining: 8, createdAt: MORNING - 1000, expiresAt: null },
    ];
    const d = describeCustomer(p, customer({ lots }), MORNING, 'Europe/Sofia', sale([['croissant', 'pastry', 1, 280]]));
    expect(d.points?.affordable.map((a) => explain(p, a.message, 'en'))).toEqual(['120 points: enough for 10% off', '120 points: enough for Free croissant']);
    expect(explain(p, d.cards[0]!.message, 'en')).toBe('2 more stamps to a Free drink');
    expect(explain(p, d.cards[0]!.message, 'ru')).toBe('Ещё 2 штампа до «Бесплатный напиток»');
    expect(d.applicable.map((o) => [o.rewardId, o.discount])).toEqual([['croissant', 280], ['ten-off', 28]]);
  });
});

describe('tiers', () => {
  const boutique = program(boutiqueTemplate());

  it('upgrades at once when the rolling 12 months reach the next threshold', () => {
    const visits = [{ id: 'v0', day: 20_000, spend: 70_000 }];
    const { output, state } = step(boutique, customer({ visits, tier: { tierId: 'silver', reviewDay: 20_030, graceUntilDay: null, vip: null } }), { type: 'sale', sale: sale([['coat', 'coats', 1, 15_000]]) }, at('2025-01-01T12:00:00+02:00'));
    expect(state.tier.tierId).toBe('gold');
    expect(texts(boutique, output, 'en')).toContain('Moved up to Gold');
    const d = describeCustomer(boutique, state, at('2025-01-01T12:00:00+02:00'), 'Europe/Sofia');
    expect(d.tier && explain(boutique, d.tier.message!, 'bg')).toBe('Още 1150,00\u00a0€ до Платина');
  });

  it('downgrades only after a review found the customer below and the grace period passed', () => {
    const gold = customer({ tier: { tierId: 'gold', reviewDay: 20_100, graceUntilDay: null, vip: null }, visits: [] });
    const review = step(boutique, gold, { type: 'day' }, at('2025-01-12T03:00:00+02:00'));
    expect(review.state.tier).toMatchObject({ tierId: 'gold', graceUntilDay: 20_100 + 60 });
    expect(texts(boutique, review.output, 'en')).toEqual([`Below Gold for now: keeps it until 13/03/2025`]);
    const stillGrace = step(boutique, review.state, { type: 'day' }, at('2025-03-01T03:00:00+02:00'));
    expect(stillGrace.state.tier.tierId).toBe('gold');
    const after = step(boutique, stillGrace.state, { type: 'day' }, at('2025-04-01T03:00:00+03:00'));
    expect(after.state.tier.tierId).toBeNull();
    expect(texts(boutique, after.output, 'ru')).toEqual(['Уровень Золото снят: ниже первого уровня']);
  });

  it('paid VIP gives its tier for its duration, on top of the earned one', () => {
    const { state, output } = step(boutique, customer(), { type: 'vip-purchase' }, MORNING);
    expect(texts(boutique, output, 'en')).toEqual(['VIP status Platinum until 14/03/2026 (€99.00)']);
    const s = step(boutique, state, { type: 'sale', sale: sale([['bag', 'bags', 1, 1000]]) }, MORNING + 1000);
    expect(s.output.entries[0]!.delta).toBe(20);
  });
});

describe('occasions', () => {
  const p = demoCafeProgram();

  it('gives the birthday drink once a year, within the window', () => {
    const c = customer({ birthday: '1990-03-20' });
    const before = step(p, c, { type: 'quick-stamp', cardId: 'coffee', count: 1 }, at('2025-03-16T09:00:00+02:00'));
    expect(before.output.entries.find((e) => e.rule === 'occasion:birthday')).toBeUndefined();
    const inWindow = step(p, before.state, { type: 'quick-stamp', cardId: 'coffee', count: 1 }, at('2025-03-17T09:00:00+02:00'));
    expect(texts(p, inWindow.output, 'bg')[0]).toBe('Безплатна напитка: подарък за рождения ден');
    const again = step(p, inWindow.state, { type: 'quick-stamp', cardId: 'coffee', count: 1 }, at('2025-03-20T09:00:00+02:00'));
    expect(again.output.entries.some((e) => e.rule === 'occasion:birthday')).toBe(false);
    const nextYear = step(p, again.state, { type: 'day' }, at('2026-03-20T09:00:00+02:00'));
    expect(nextYear.output.entries.map((e) => e.rule)).toEqual(['occasion:birthday']);
  });

  it('celebrates 29 February on 28 February in a common year, and shows the banner', () => {
    const doc = cafeTemplate();
    const p2 = program({ ...doc, occasions: { birthday: { daysBefore: 0, daysAfter: 0, gift: { kind: 'points', amount: 25 } } } });
    const leapling = customer({ birthday: '2000-02-29' });
    const feb28 = step(p2, leapling, { type: 'day' }, at('2025-02-28T00:30:00+02:00'));
    expect(texts(p2, feb28.output, 'en')).toEqual(['+25 points: birthday gift']);
    const mar1 = step(p2, leapling, { type: 'day' }, at('2025-03-01T00:30:00+02:00'));
    expect(mar1.output.entries).toEqual([]);
    const leapYear = step(p2, leapling, { type: 'day' }, at('2028-02-29T12:00:00+02:00'));
    expect(leapYear.output.entries).toHaveLength(1);
    const banner = describeCustomer(p2, leapling, at('2025-02-28T12:00:00+02:00'), 'Europe/Sofia').banners;
    expect(banner.map((b) => explain(p2, b.message, 'ru'))).toEqual(['Сегодня день рождения!']);
  });

  it('knows Bulgarian name days, in Cyrillic and in Latin spelling', () => {
    const bakery = program(bakeryTemplate());
    for (const firstName of ['Георги', 'Georgi']) {
      const { output } = step(bakery, customer({ firstName }), { type: 'day' }, at('2025-05-06T08:00:00+03:00'));
      expect(texts(bakery, output, 'bg')).toEqual(['Баничка изненада: подарък за имения ден']);
    }
    const d = describeCustomer(bakery, customer({ firstName: 'Мария' }), at('2025-08-15T08:00:00+03:00'), 'Europe/Sofia');
    expect(d.banners.map((b) => explain(bakery, b.message, 'en'))).toEqual(['Name day today (Мария)!']);
  });

  it('gives a welcome bonus on enrolment and an anniversary gift a year later', () => {
    const doc = cafeTemplate();
    const p2 = program({ ...doc, occasions: { ...doc.occasions, anniversary: { gift: { kind: 'points', amount: 50 }, daysAfter: 30 } } });
    const enrolledAt = at('2024-06-01T10:00:00+03:00');
    const enrol = step(p2, customer({}, enrolledAt), { type: 'enrol', referral: null }, enrolledAt);
    expect(texts(p2, enrol.output, 'en')).toEqual(['+1 stamp on the Coffee card: welcome bonus']);
    const year = step(p2, enrol.state, { type: 'day' }, at('2025-06-05T10:00:00+03:00'));
    expect(texts(p2, year.output, 'ru')).toEqual(['+50 баллов: годовщина участия, год 1']);
  });
});

describe('referrals', () => {
  const boutique = program(boutiqueTemplate());
  const claim = { referrerId: 'friend', referrerPhone: '+359888111222', phoneAlreadyReferred: false };

  it('rewards both sides after the first qualifying purchase', () => {
    const enrol = step(boutique, customer({ phone: '+359888999000' }), { type: 'enrol', referral: claim }, MORNING);
    const small = step(boutique, enrol.state, { type: 'sale', sale: sale([['socks', 'socks', 1, 900]]) }, MORNING + 1000);
    expect(small.output.others).toEqual([]);
    const first = step(boutique, small.state, { type: 'sale', sale: sale([['shirt', 'shirts', 1, 4000]]) }, MORNING + 2000, { context: { referrerRewardedCount: 2 } });
    expect(first.output.others).toHaveLength(1);
    expect(first.output.others[0]!.customerId).toBe('friend');
    expect(first.output.others[0]!.entries.map((e) => [e.asset, e.delta])).toEqual([['points', 100]]);
    expect(texts(boutique, first.output, 'en')).toEqual([
      '+40 points: 1 per EUR on €40.00',
      '+50 points: joined on a friend’s recommendation',
      '+100 points: a friend you recommended made their first purchase',
    ]);
  });

  it('refuses self-referral and a second referral of a phone, and stops at the cap', () => {
    const self = step(boutique, customer({ phone: '+359888111222' }), { type: 'enrol', referral: claim }, MORNING);
    expect(texts(boutique, self.output, 'bg')).toEqual(['Препоръката не се зачита: клиент не може да препоръча сам себе си.']);
    const phone = step(boutique, customer(), { type: 'enrol', referral: { ...claim, phoneAlreadyReferred: true } }, MORNING);
    expect(phone.state.referral).toBeNull();
    const ok = step(boutique, customer(), { type: 'enrol', referral: claim }, MORNING);
    const capped = step(boutique, ok.state, { type: 'sale', sale: sale([['shirt', 'shirts', 1, 4000]]) }, MORNING + 1, { context: { referrerRewardedCount: 10 } });
    expect(capped.output.others).toEqual([]);
    expect(texts(boutique, capped.output, 'en')).toContain('The friend who recommended us already has 10 referrals rewarded: no further gift for them.');
  });
});

describe('surprises, big purchases, challenges', () => {
  it('gives regulars a pastry every 5th visit', () => {
    const bakery = program(bakeryTemplate());
    let state = customer();
    const gifts: number[] = [];
    for (let visit = 1; visit <= 10; visit++) {
      const r = step(bakery, state, { type: 'sale', sale: sale([['loaf', 'bread', 1, 200]]) }, at(`2025-03-${String(visit).padStart(2, '0')}T09:00:00+02:00`));
      if (r.output.entries.some((e) => e.rule === 'surprise:regular-pastry')) gifts.push(visit);
      state = r.state;
      if (visit === 5) expect(texts(bakery, r.output, 'en')).toContain('Surprise pastry: surprise “Pastry for a regular” for visit no. 5');
    }
    expect(gifts).toEqual([5, 10]);
  });

  it('draws a chance surprise from the recorded seed, so the draw can be replayed', () => {
    const doc = cafeTemplate();
    const p = program({ ...doc, surprises: [{ id: 'lucky', name: { bg: 'Късмет', ru: 'Удача', en: 'Lucky' }, trigger: { type: 'chance', probability: 0.5 }, gift: { kind: 'points', amount: 10 } }] });
    const outcomes = Array.from({ length: 40 }, (_, i) => step(p, customer(), { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, MORNING, { seed: `seed-${i}` }).output);
    const won = outcomes.filter((o) => o.entries.some((e) => e.rule === 'surprise:lucky'));
    expect(won.length).toBeGreaterThan(5);
    expect(won.length).toBeLessThan(35);
    const entry = won[0]!.entries.find((e) => e.rule === 'surprise:lucky')!;
    const seed = String(entry.explanation.params.seed);
    const replay = step(p, customer(), { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, MORNING, { seed });
    expect(replay.output.entries.find((e) => e.rule === 'surprise:lucky')?.explanation).toEqual(entry.explanation);
    expect(explain(p, entry.explanation, 'en')).toMatch(/^\+10 points: surprise “Lucky”: draw 0\.\d{6} below 0\.5 \(seed seed-\d+\)$/);
  });

  it('gives a gift for a big purchase and for 3 visits in 7 days', () => {
    const doc = cafeTemplate();
    const p = program({
      ...doc,
      bigPurchase: { minAmount: 5000, gift: { kind: 'points', amount: 20 } },
      challenges: [{ id: 'three-in-seven', name: { bg: '3 за 7', ru: '3 за 7', en: '3 in 7' }, visits: 3, withinDays: 7, gift: { kind: 'reward', rewardId: 'free-drink' } }],
    });
    const big = step(p, customer(), { type: 'sale', sale: sale([['cake', 'cakes', 1, 5000]]) }, MORNING);
    expect(texts(p, big.output, 'en')).toContain('+20 points: a purchase of €50.00 or more');
    let state = big.state;
    const rules: string[][] = [];
    for (const d of ['17', '20', '21']) {
      const r = step(p, state, { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, at(`2025-03-${d}T09:00:00+02:00`));
      rules.push(r.output.entries.map((e) => e.rule ?? ''));
      state = r.state;
      if (d === '20') expect(texts(p, r.output, 'bg')).toContain('Безплатна напитка: предизвикателство „3 за 7“: 3 посещения за 7 дни');
    }
    // 15th, 17th, 20th: three days within 7; the 21st starts counting again after the completion.
    expect(rules.map((r) => r.includes('challenge:three-in-seven'))).toEqual([false, true, false]);
  });
});

describe('velocity, feedback, partner offers', () => {
  it('flags but does not block the 4th redemption of a day, naming the staff member', () => {
    const p = demoCafeProgram();
    const lots = Array.from({ length: 4 }, (_, i) => ({ entryId: `r${i}`, asset: 'reward:free-drink', remaining: 1, createdAt: MORNING - 10_000 + i, expiresAt: null }));
    let state = customer({ lots });
    const flags: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = step(p, state, { type: 'redeem', rewardId: 'free-drink', sale: null }, MORNING + i, { staffId: 'Ivan' });
      expect(r.output.entries).toHaveLength(1);
      flags.push(...r.output.flags.map((f) => explain(p, f.explanation, 'en')));
      state = r.state;
    }
    expect(flags).toEqual(['Unusual: 4 redemptions today (limit 3), staff Ivan']);
  });

  it('gives the feedback bonus once a day and prints a partner coupon on big sales', () => {
    const doc = cafeTemplate();
    const p = program({
      ...doc,
      feedback: { gift: { kind: 'points', amount: 5 }, oncePerDays: 1 },
      partnerOffers: [{ id: 'books', partner: 'Книжарница Хеликон', text: { bg: '10% отстъпка за книги.', ru: 'Скидка 10% на книги.', en: '10% off books.' }, code: 'CAFE10', when: { minAmount: 1000 } }],
    });
    const fb = step(p, customer(), { type: 'feedback', score: 9 }, MORNING);
    expect(texts(p, fb.output, 'ru')).toEqual(['+5 баллов: спасибо за отзыв']);
    expect(step(p, fb.state, { type: 'feedback', score: 10 }, MORNING + 1000).output.entries).toEqual([]);
    const small = step(p, customer(), { type: 'sale', sale: sale([['tea', 'tea', 1, 500]]) }, MORNING);
    expect(small.output.receiptExtras).toEqual([]);
    const big = step(p, customer(), { type: 'sale', sale: sale([['cake', 'cakes', 1, 1200]]) }, MORNING);
    expect(big.output.receiptExtras.map((x) => explain(p, x.explanation, 'bg'))).toEqual(['Книжарница Хеликон: 10% отстъпка за книги. Код CAFE10']);
  });
});

describe('expiry', () => {
  const doc = cafeTemplate();
  const p = program({ ...doc, expiry: { enabled: true, afterDays: 90, warnDays: 14 } });

  it('dates each lot, warns on the receipt ahead, and writes expiry entries for what is left', () => {
    const earn = step(p, customer(), { type: 'sale', sale: sale([['cake', 'cakes', 1, 1000]]) }, MORNING);
    const lot = earn.output.entries[0]!;
    expect(lot.expiresAt).toBe(at('2025-06-14T00:00:00+03:00') - 1);
    const spend = step(p, earn.state, { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, at('2025-06-05T10:00:00+03:00'));
    expect(spend.output.receiptExtras.map((x) => explain(p, x.explanation, 'en'))).toEqual(['10 points expire on 13/06/2025']);
    const expire = step(p, spend.state, { type: 'day' }, at('2025-06-14T00:05:00+03:00'));
    expect(expire.output.entries.map((e) => [e.kind, e.delta, e.uses])).toEqual([['expire', -10, [{ lotId: lot.id, amount: 10 }]]]);
    expect(texts(p, expire.output, 'bg')).toEqual(['−10 точки изтекоха на 13.06.2025 г.']);
    expect(balanceOf(expire.state.lots, 'points')).toBe(1);
  });
});

describe('reversal', () => {
  const p = demoCafeProgram();

  it('undoes a sale that filled a card: takes back the reward, gives back the old stamps, removes its own', () => {
    const start = customer({ lots: [{ entryId: 'old', asset: 'stamps:coffee', remaining: 9, createdAt: MORNING - 5000, expiresAt: null }] });
    const s = step(p, start, { type: 'sale', sale: sale([['latte', 'coffee', 2, 400]]) }, MORNING, { operationId: 'sale-1' });
    const r = step(p, s.state, { type: 'reverse', operation: recorded('sale-1', s.output), reason: 'refund' }, MORNING + 60_000);
    expect(texts(p, r.output, 'en')).toEqual(['Undone: refund', 'Undone: refund', 'Undone: refund', 'Undone: refund']);
    expect(r.output.entries.map((e) => [e.asset, e.delta, e.reverses])).toEqual([
      ['points', -8, 'sale-1#4'],
      ['reward:free-drink', -1, 'sale-1#3'],
      ['stamps:coffee', 10, 'sale-1#2'],
      ['stamps:coffee', -2, 'sale-1#1'],
    ]);
    expect(balanceOf(r.state.lots, 'stamps:coffee')).toBe(9);
    expect(r.state.visits).toEqual([]);
    expect(r.state.counters).toEqual({});
  });

  it('takes an earning already spent from the customer’s other lots of that asset first, and owes only the rest', () => {
    // Given 8 points from sale-1, all spent, and 5 points from a later sale still held
    const start = customer({ lots: [{ entryId: 'later', asset: 'points', remaining: 5, createdAt: MORNING + 1000, expiresAt: null }] });
    const s = step(p, start, { type: 'sale', sale: sale([['tea', 'tea', 1, 800]]) }, MORNING, { operationId: 'sale-1' });
    const spent = { ...s.state, lots: s.state.lots.map((l) => (l.entryId === s.output.entries[0]!.id ? { ...l, remaining: 0 } : l)) };
    // When sale-1 is refunded
    const r = step(p, spent, { type: 'reverse', operation: recorded('sale-1', s.output), reason: 'refund' }, MORNING + 2000);
    // Then its 8 points come from the later lot (5) and 3 are owed
    expect(r.output.entries).toEqual([expect.objectContaining({ asset: 'points', delta: -8, uses: [{ lotId: 'later', amount: 5 }] })]);
    expect(r.output.shortfalls).toEqual([{ entryId: r.output.entries[0]!.id, asset: 'points', amount: 3 }]);
  });

  it('repays what is owed from new lots before anything can be spent or converted', () => {
    // Given a customer who owes 3 stamps and holds none
    const owing = customer({ owed: { 'stamps:coffee': 3 } });
    // When 12 stamps come from a quick stamp
    const q = step(p, owing, { type: 'quick-stamp', cardId: 'coffee', count: 12 }, MORNING);
    // Then 3 repay the debt, and 9 are not a full card: no reward
    expect(q.output.entries.map((e) => [e.asset, e.delta, e.kind])).toEqual([['stamps:coffee', 12, 'earn']]);
    expect(q.output.rewardsOffered).toEqual([]);
  });

  it('undoes a sale whose reward was already used: the rest is reversed, the used reward is reported as owed (issue 6)', () => {
    const start = customer({ lots: [{ entryId: 'old', asset: 'stamps:coffee', remaining: 9, createdAt: MORNING - 5000, expiresAt: null }] });
    const s = step(p, start, { type: 'sale', sale: sale([['latte', 'coffee', 1, 400]]) }, MORNING, { operationId: 'sale-1' });
    const used = step(p, s.state, { type: 'redeem', rewardId: 'free-drink', sale: null }, MORNING + 1000);
    const r = evaluate({ program: p, state: used.state, event: { type: 'reverse', operation: recorded('sale-1', s.output), reason: 'refund' }, now: MORNING + 2000, timeZone: p.timeZone, operationId: 'rv', newId: idsFor('rv') });
    if (!r.ok) throw new Error(r.error.code);
    const rewardBack = r.value.entries.find((e) => e.asset === 'reward:free-drink')!;
    expect(rewardBack).toMatchObject({ delta: -1, uses: [] });
    expect(r.value.shortfalls).toEqual([{ entryId: rewardBack.id, asset: 'reward:free-drink', amount: 1 }]);
    expect(r.value.entries.find((e) => e.asset === 'points')).toMatchObject({ delta: -4 });
    expect(r.value.explanations).toContainEqual({ key: 'loyalty.reverse.owed_reward', params: { count: 1, rewardId: 'free-drink' } });
  });
});
