import { bakeryTemplate, boutiqueTemplate, cafeTemplate, demoCafeProgram, programSchema, type CustomerState, type EngineInput, type LoyaltyEvent, type Program, type ProgramInput } from '../../../shared/loyalty';
import { at, customer, sale } from './support';

/**
 * Worked examples, one or more per mechanic: a program, a customer, an event and the time. The
 * table test (explanations.test.ts) checks what each one says in Bulgarian, Russian and English.
 */
export interface WorkedExample {
  mechanic: string;
  program: Program;
  state: CustomerState;
  event: LoyaltyEvent;
  now: number;
  extra?: Partial<EngineInput>;
}

const program = (doc: ProgramInput): Program => programSchema.parse(doc);
const cafe = demoCafeProgram();
const cafeDoc = cafeTemplate();
const boutique = program(boutiqueTemplate());
const bakery = program(bakeryTemplate());
const MORNING = at('2025-03-15T10:00:00+02:00');
const lot = (entryId: string, asset: string, remaining: number, createdAt = MORNING - 86_400_000, expiresAt: number | null = null) => ({ entryId, asset, remaining, createdAt, expiresAt });

const lunchCafe = program({
  ...cafeDoc,
  stampCards: [
    ...cafeDoc.stampCards!,
    { id: 'lunch', name: { bg: 'Обяд', ru: 'Обед', en: 'Lunch' }, size: 6, earn: { per: 'visit', minAmount: 800 }, rewardId: 'ten-off' },
  ],
  rewards: [...cafeDoc.rewards!, { id: 'cookie', name: { bg: 'Бисквита', ru: 'Печенье', en: 'Cookie' }, effect: { type: 'free_item', category: 'pastry', maxValue: 200 }, cost: { asset: 'stamps', cardId: 'coffee', amount: 4 } }],
  points: { ...cafeDoc.points!, spend: { valuePerPoint: 5, minPoints: 10 } },
  bigPurchase: { minAmount: 5000, gift: { kind: 'points', amount: 20 } },
  challenges: [{ id: 'three-in-seven', name: { bg: '3 за 7', ru: '3 за 7', en: '3 in 7' }, visits: 3, withinDays: 7, gift: { kind: 'points', amount: 15 } }],
  surprises: [{ id: 'lucky', name: { bg: 'Късмет', ru: 'Удача', en: 'Lucky' }, trigger: { type: 'chance', probability: 0.5 }, gift: { kind: 'points', amount: 10 } }],
  feedback: { gift: { kind: 'points', amount: 5 } },
  partnerOffers: [{ id: 'books', partner: 'Хеликон', text: { bg: '10% за книги.', ru: '10% на книги.', en: '10% off books.' }, code: 'CAFE10', when: { minAmount: 1000 } }],
  occasions: { ...cafeDoc.occasions, anniversary: { gift: { kind: 'points', amount: 50 } } },
  expiry: { enabled: true, afterDays: 90, warnDays: 14 },
});

export const workedExamples: WorkedExample[] = [
  { mechanic: 'stamps per visit', program: lunchCafe, state: customer(), event: { type: 'sale', sale: sale([['soup', 'lunch', 1, 900]]) }, now: MORNING },
  { mechanic: 'several cards in one sale', program: lunchCafe, state: customer({ lots: [lot('c', 'stamps:coffee', 9)] }), event: { type: 'sale', sale: sale([['latte', 'coffee', 2, 450]]) }, now: MORNING },
  { mechanic: 'points with a category multiplier', program: cafe, state: customer(), event: { type: 'sale', sale: sale([['croissant', 'pastry', 2, 280], ['tea', 'tea', 1, 250]]) }, now: MORNING },
  { mechanic: 'points rounded to nearest', program: program({ ...cafeDoc, points: { ...cafeDoc.points!, rounding: 'nearest' } }), state: customer(), event: { type: 'sale', sale: sale([['tea', 'tea', 1, 370]]) }, now: MORNING },
  { mechanic: 'partial points spend', program: lunchCafe, state: customer({ lots: [lot('p', 'points', 80)] }), event: { type: 'spend-points', points: 30, sale: sale([['latte', 'coffee', 1, 450]]) }, now: MORNING },
  { mechanic: 'reward bought with points', program: cafe, state: customer({ lots: [lot('p', 'points', 130)] }), event: { type: 'redeem', rewardId: 'ten-off', sale: sale([['cake', 'cakes', 1, 600]]) }, now: MORNING },
  { mechanic: 'reward bought with stamps', program: lunchCafe, state: customer({ lots: [lot('c', 'stamps:coffee', 5)] }), event: { type: 'redeem', rewardId: 'cookie', sale: sale([['cookie', 'pastry', 1, 180]]) }, now: MORNING },
  { mechanic: 'reward from the wallet', program: cafe, state: customer({ lots: [lot('r', 'reward:free-drink', 1)] }), event: { type: 'redeem', rewardId: 'free-drink', sale: sale([['latte', 'coffee', 1, 450]]) }, now: MORNING },
  { mechanic: 'tier upgrade', program: boutique, state: customer({ visits: [{ id: 'v0', day: 20_000, spend: 19_000 }] }), event: { type: 'sale', sale: sale([['belt', 'belts', 1, 2000]]) }, now: at('2025-01-01T12:00:00+02:00') },
  { mechanic: 'tier grace', program: boutique, state: customer({ tier: { tierId: 'gold', reviewDay: 20_100, graceUntilDay: null, vip: null } }), event: { type: 'day' }, now: at('2025-01-12T03:00:00+02:00') },
  { mechanic: 'tier downgrade after grace', program: boutique, state: customer({ tier: { tierId: 'gold', reviewDay: 20_190, graceUntilDay: 20_160, vip: null }, visits: [{ id: 'v', day: 20_150, spend: 25_000 }] }), event: { type: 'day' }, now: at('2025-03-20T03:00:00+02:00') },
  { mechanic: 'paid VIP', program: boutique, state: customer(), event: { type: 'vip-purchase' }, now: MORNING },
  { mechanic: 'birthday', program: cafe, state: customer({ birthday: '1990-03-17' }), event: { type: 'quick-stamp', cardId: 'coffee', count: 1 }, now: MORNING },
  { mechanic: 'name day', program: bakery, state: customer({ firstName: 'Nikolay' }), event: { type: 'day' }, now: at('2025-12-07T09:00:00+02:00') },
  { mechanic: 'welcome bonus', program: programSchema.parse(cafeDoc), state: customer({}, MORNING), event: { type: 'enrol', referral: null }, now: MORNING },
  { mechanic: 'membership anniversary', program: lunchCafe, state: customer({}, at('2023-03-10T10:00:00+02:00')), event: { type: 'day' }, now: MORNING },
  { mechanic: 'referral pending', program: boutique, state: customer(), event: { type: 'enrol', referral: { referrerId: 'friend', referrerPhone: '+359888111222', phoneAlreadyReferred: false } }, now: MORNING },
  { mechanic: 'referral refused: phone already referred', program: boutique, state: customer(), event: { type: 'enrol', referral: { referrerId: 'friend', referrerPhone: null, phoneAlreadyReferred: true } }, now: MORNING },
  { mechanic: 'referral rewarded', program: boutique, state: customer({ referral: { referrerId: 'friend', status: 'pending' } }), event: { type: 'sale', sale: sale([['shirt', 'shirts', 1, 3000]]) }, now: MORNING },
  { mechanic: 'referral cap', program: boutique, state: customer({ referral: { referrerId: 'friend', status: 'pending' } }), event: { type: 'sale', sale: sale([['shirt', 'shirts', 1, 3000]]) }, now: MORNING, extra: { context: { referrerRewardedCount: 10 } } },
  { mechanic: 'surprise every 5th visit', program: bakery, state: customer({ counters: { visits: 4 }, visits: [1, 5, 9, 12].map((d, i) => ({ id: `v${i}`, day: 20_150 + d, spend: 200 })) }), event: { type: 'sale', sale: sale([['loaf', 'bread', 1, 200]]) }, now: MORNING },
  { mechanic: 'surprise by chance, seeded', program: lunchCafe, state: customer(), event: { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, now: MORNING, extra: { seed: 'seed-1' } },
  { mechanic: 'big purchase', program: lunchCafe, state: customer(), event: { type: 'sale', sale: sale([['cake', 'cakes', 1, 5200]]) }, now: MORNING, extra: { seed: 'seed-0' } },
  { mechanic: 'challenge: 3 visits in 7 days', program: lunchCafe, state: customer({ visits: [{ id: 'a', day: 20_159, spend: 100 }, { id: 'b', day: 20_161, spend: 100 }] }), event: { type: 'sale', sale: sale([['tea', 'tea', 1, 100]]) }, now: MORNING, extra: { seed: 'seed-0' } },
  { mechanic: 'velocity flag', program: cafe, state: customer({ counters: { 'day:20162:stamps': 10 } }), event: { type: 'quick-stamp', cardId: 'coffee', count: 3 }, now: MORNING, extra: { staffId: 'Мария' } },
  { mechanic: 'feedback bonus', program: lunchCafe, state: customer(), event: { type: 'feedback', score: 9 }, now: MORNING },
  { mechanic: 'feedback already today', program: lunchCafe, state: customer({ marks: { feedback: '20162' } }), event: { type: 'feedback', score: 9 }, now: MORNING },
  { mechanic: 'partner coupon', program: lunchCafe, state: customer(), event: { type: 'sale', sale: sale([['cake', 'cakes', 1, 1200]]) }, now: MORNING, extra: { seed: 'seed-0' } },
  { mechanic: 'expiry warning', program: lunchCafe, state: customer({ lots: [lot('p', 'points', 40, MORNING - 80 * 86_400_000, at('2025-03-20T23:59:59+02:00'))] }), event: { type: 'feedback', score: 10 }, now: MORNING },
  { mechanic: 'expiry entry', program: lunchCafe, state: customer({ lots: [lot('p', 'points', 40, MORNING - 95 * 86_400_000, at('2025-03-14T23:59:59+02:00'))] }), event: { type: 'day' }, now: MORNING },
];
