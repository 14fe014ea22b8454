import { bulgarianNameDays } from './namedays-bg';
import { PROGRAM_SCHEMA, programSchema, type Program, type ProgramInput } from './program';

/** Programs a shop starts from; the manager edits and publishes a copy. Prices in minor units. */
export interface TemplateOptions {
  name?: string;
  currency?: Program['currency'];
  timeZone?: string;
  version?: number;
}

const base = (o: TemplateOptions, name: string) => ({
  schema: PROGRAM_SCHEMA,
  version: o.version ?? 1,
  name: o.name ?? name,
  currency: o.currency ?? 'EUR',
  timeZone: o.timeZone ?? 'Europe/Sofia',
});

/** Coffee stamp card (10 = a free drink), points for everything, a birthday drink. */
export function cafeTemplate(o: TemplateOptions = {}): ProgramInput {
  return {
    ...base(o, 'Café'),
    stampCards: [
      {
        id: 'coffee',
        name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' },
        size: 10,
        earn: { per: 'item', categories: ['coffee'] },
        capPerVisit: 5,
        rewardId: 'free-drink',
      },
    ],
    points: { rate: { points: 1, per: 1 }, rounding: 'down', categoryMultipliers: { pastry: 2 } },
    rewards: [
      { id: 'free-drink', name: { bg: 'Безплатна напитка', ru: 'Бесплатный напиток', en: 'Free drink' }, effect: { type: 'free_item', category: 'coffee', maxValue: 500 } },
      { id: 'croissant', name: { bg: 'Безплатен кроасан', ru: 'Бесплатный круассан', en: 'Free croissant' }, effect: { type: 'free_item', category: 'pastry', maxValue: 400 }, cost: { asset: 'points', amount: 120 } },
      { id: 'ten-off', name: { bg: '10% отстъпка', ru: 'Скидка 10%', en: '10% off' }, effect: { type: 'percent_off', percent: 10 }, cost: { asset: 'points', amount: 50 } },
    ],
    occasions: {
      birthday: { daysBefore: 3, daysAfter: 7, gift: { kind: 'reward', rewardId: 'free-drink' } },
      welcome: { gift: { kind: 'stamps', cardId: 'coffee', count: 1 } },
    },
    velocity: [
      { id: 'many-stamps', metric: 'stamps', maxPerDay: 12 },
      { id: 'many-redemptions', metric: 'redemptions', maxPerDay: 3 },
    ],
  };
}

/** Bread stamp card, a surprise pastry every 5th visit for regulars, name-day treats. */
export function bakeryTemplate(o: TemplateOptions = {}): ProgramInput {
  return {
    ...base(o, 'Bakery'),
    stampCards: [
      {
        id: 'bread',
        name: { bg: 'Хляб', ru: 'Хлеб', en: 'Bread' },
        size: 8,
        earn: { per: 'item', categories: ['bread'] },
        capPerVisit: 3,
        rewardId: 'free-loaf',
      },
    ],
    rewards: [
      { id: 'free-loaf', name: { bg: 'Безплатен хляб', ru: 'Бесплатный хлеб', en: 'Free loaf' }, effect: { type: 'free_item', category: 'bread', maxValue: 400 } },
      { id: 'surprise-pastry', name: { bg: 'Баничка изненада', ru: 'Выпечка-сюрприз', en: 'Surprise pastry' }, effect: { type: 'free_item', category: 'pastry', maxValue: 300 } },
    ],
    surprises: [
      {
        id: 'regular-pastry',
        name: { bg: 'Баничка за редовен клиент', ru: 'Выпечка постоянному клиенту', en: 'Pastry for a regular' },
        trigger: { type: 'every_nth_visit', n: 5 },
        minVisits: 4,
        regularDays: 30,
        gift: { kind: 'reward', rewardId: 'surprise-pastry' },
      },
    ],
    occasions: {
      nameDay: { daysBefore: 0, daysAfter: 2, calendar: bulgarianNameDays, gift: { kind: 'reward', rewardId: 'surprise-pastry' } },
    },
  };
}

/** Points, silver / gold / platinum by spend over 12 months, referrals, optional paid platinum. */
export function boutiqueTemplate(o: TemplateOptions = {}): ProgramInput {
  return {
    ...base(o, 'Boutique'),
    points: { rate: { points: 1, per: 1 }, rounding: 'down', categoryMultipliers: { accessories: 2 } },
    rewards: [
      { id: 'ten-eur-off', name: { bg: '10 € отстъпка', ru: 'Скидка 10 €', en: '€10 off' }, effect: { type: 'amount_off', amount: 1000 }, cost: { asset: 'points', amount: 200 } },
      { id: 'fifteen-off', name: { bg: '15% отстъпка', ru: 'Скидка 15%', en: '15% off' }, effect: { type: 'percent_off', percent: 15 }, cost: { asset: 'points', amount: 500 } },
    ],
    tiers: {
      basis: 'spend',
      windowDays: 365,
      levels: [
        { id: 'silver', name: { bg: 'Сребро', ru: 'Серебро', en: 'Silver' }, threshold: 20_000, benefits: { pointsMultiplier: 1 } },
        { id: 'gold', name: { bg: 'Злато', ru: 'Золото', en: 'Gold' }, threshold: 80_000, benefits: { pointsMultiplier: 1.5, discountPercent: 5 } },
        { id: 'platinum', name: { bg: 'Платина', ru: 'Платина', en: 'Platinum' }, threshold: 200_000, benefits: { pointsMultiplier: 2, discountPercent: 10, freeExtra: { bg: 'Безплатна корекция', ru: 'Бесплатная подгонка', en: 'Free alterations' } } },
      ],
      reviewEveryDays: 30,
      graceDays: 60,
      vip: { tierId: 'platinum', price: 9_900, durationDays: 365 },
    },
    referrals: { referrerGift: { kind: 'points', amount: 100 }, refereeGift: { kind: 'points', amount: 50 }, minFirstPurchase: 3_000, capPerReferrer: 10 },
    occasions: { birthday: { daysBefore: 7, daysAfter: 7, gift: { kind: 'points', amount: 100 } } },
  };
}

export const templates = { cafe: cafeTemplate, bakery: bakeryTemplate, boutique: boutiqueTemplate } as const;
export type TemplateId = keyof typeof templates;

/**
 * The café a fresh install opens on (version 1): "Demo café", EUR, Sofia, the coffee card of 10
 * stamps that fill into a "Free drink" ('coffee' -> 'free-drink'), points, the birthday drink, as
 * electron/app/demo.ts seeds. Without the template's welcome stamp: now that enrolment goes through
 * the engine, a demo customer's card starts empty, as the counter has always shown it; a shop turns
 * the welcome bonus on in its own program.
 */
export function demoCafeProgram(): Program {
  const cafe = cafeTemplate({ name: 'Demo café', currency: 'EUR', timeZone: 'Europe/Sofia', version: 1 });
  return programSchema.parse({ ...cafe, occasions: { birthday: cafe.occasions?.birthday } });
}
