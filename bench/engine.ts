/**
 * Issue 3's benchmark: the loyalty engine over 1 000 000 generated sales on one core, against the
 * same rules written for json-rules-engine (the general-purpose rules engine a team would otherwise
 * use). Both get the same customers and sales; both produce the stamps, points, tier, occasion,
 * referral, streak and surprise outcomes. json-rules-engine is asynchronous and much slower, so it
 * runs on a sample (BENCH_JRE_SALES, 50 000 by default) and its rate is per evaluation.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { evaluate, programSchema, newCustomerState, localDay, type CustomerState, type Program, type Sale } from '../shared/loyalty';
import { pointsAsset, stampAsset, type Lot } from '../shared/domain/ledger';
import type { BenchFigure } from './figures';
import { nowMs, round } from './stats';

export const title = 'Loyalty engine vs json-rules-engine (issue 3)';

const SALES = Number(process.env.BENCH_ENGINE_SALES ?? 1_000_000);
const JRE_SALES = Number(process.env.BENCH_JRE_SALES ?? 50_000);
const CUSTOMERS = 2_000;
const SALE_POOL = 5_000;
const TZ = 'Europe/Sofia';
const DAY = 86_400_000;

export const notes = `${SALES.toLocaleString('en')} generated sales through the engine (one core, synchronous); json-rules-engine on the first ${JRE_SALES.toLocaleString('en')} of the same sales (its run() is async and about two orders of magnitude slower, so a full million would take minutes). Program: 3 stamp cards, points with category and tier multipliers, 3 tiers, 10 rewards, birthday, referral, streak, surprise.`;

const name = (en: string) => ({ bg: en, ru: en, en });

export const benchProgram: Program = programSchema.parse({
  schema: 1,
  version: 7,
  name: 'Bench café',
  currency: 'EUR',
  timeZone: TZ,
  stampCards: [
    { id: 'coffee', name: name('Coffee'), size: 10, earn: { per: 'item', categories: ['coffee'] }, capPerVisit: 5, rewardId: 'free-drink' },
    { id: 'lunch', name: name('Lunch'), size: 8, earn: { per: 'item', categories: ['lunch'] }, capPerVisit: 2, rewardId: 'free-lunch' },
    { id: 'pastry', name: name('Pastry'), size: 6, earn: { per: 'item', items: ['croissant', 'banitsa'] }, capPerVisit: 3, rewardId: 'free-pastry' },
  ],
  points: { rate: { points: 1, per: 1 }, rounding: 'down', categoryMultipliers: { pastry: 2, lunch: 1.5 } },
  rewards: [
    { id: 'free-drink', name: name('Free drink'), effect: { type: 'free_item', category: 'coffee', maxValue: 500 } },
    { id: 'free-lunch', name: name('Free lunch'), effect: { type: 'free_item', category: 'lunch', maxValue: 1200 } },
    { id: 'free-pastry', name: name('Free pastry'), effect: { type: 'free_item', category: 'pastry', maxValue: 400 } },
    { id: 'croissant', name: name('Croissant'), effect: { type: 'free_item', category: 'pastry' }, cost: { asset: 'points', amount: 120 } },
    { id: 'ten-off', name: name('10% off'), effect: { type: 'percent_off', percent: 10 }, cost: { asset: 'points', amount: 50 } },
    { id: 'twenty-off', name: name('20% off'), effect: { type: 'percent_off', percent: 20 }, cost: { asset: 'points', amount: 180 } },
    { id: 'five-eur', name: name('5 EUR off'), effect: { type: 'amount_off', amount: 500 }, cost: { asset: 'points', amount: 100 } },
    { id: 'ten-eur', name: name('10 EUR off'), effect: { type: 'amount_off', amount: 1000 }, cost: { asset: 'points', amount: 190 } },
    { id: 'cookie', name: name('Cookie'), effect: { type: 'free_item', category: 'pastry', maxValue: 200 }, cost: { asset: 'stamps', cardId: 'coffee', amount: 4 } },
    { id: 'juice', name: name('Juice'), effect: { type: 'free_item', category: 'drinks', maxValue: 350 }, cost: { asset: 'points', amount: 80 } },
  ],
  tiers: {
    basis: 'spend',
    windowDays: 365,
    levels: [
      { id: 'silver', name: name('Silver'), threshold: 10_000, benefits: { pointsMultiplier: 1 } },
      { id: 'gold', name: name('Gold'), threshold: 40_000, benefits: { pointsMultiplier: 1.5, discountPercent: 5 } },
      { id: 'platinum', name: name('Platinum'), threshold: 100_000, benefits: { pointsMultiplier: 2, discountPercent: 10 } },
    ],
  },
  occasions: { birthday: { daysBefore: 3, daysAfter: 3, gift: { kind: 'reward', rewardId: 'free-drink' } } },
  referrals: { referrerGift: { kind: 'points', amount: 50 }, refereeGift: { kind: 'points', amount: 25 }, minFirstPurchase: 500, capPerReferrer: 10 },
  surprises: [{ id: 'tenth', name: name('Every 10th visit'), trigger: { type: 'every_nth_visit', n: 10 }, gift: { kind: 'reward', rewardId: 'free-pastry' } }],
  challenges: [{ id: 'streak', name: name('3 in 7'), visits: 3, withinDays: 7, gift: { kind: 'points', amount: 20 } }],
});

/** A small deterministic generator, so both engines see the same data on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const catalogue = [
  ['espresso', 'coffee', 180],
  ['cappuccino', 'coffee', 280],
  ['latte', 'coffee', 320],
  ['croissant', 'pastry', 220],
  ['banitsa', 'pastry', 250],
  ['soup', 'lunch', 650],
  ['salad', 'lunch', 780],
  ['juice', 'drinks', 350],
  ['water', 'drinks', 150],
] as const;

const START = Date.parse('2025-05-01T08:00:00+03:00');

function makeCustomers(random: () => number): CustomerState[] {
  const today = localDay(START, TZ);
  return Array.from({ length: CUSTOMERS }, (_, i) => {
    const lots: Lot[] = [];
    const add = (asset: string, remaining: number, k: number) => lots.push({ entryId: `c${i}-l${k}`, asset, remaining, createdAt: START - (30 - k) * DAY, expiresAt: null });
    add(stampAsset('coffee'), Math.floor(random() * 9) + 1, 1);
    add(stampAsset('lunch'), Math.floor(random() * 7), 2);
    add(pointsAsset, Math.floor(random() * 150) + 1, 3);
    add(pointsAsset, Math.floor(random() * 80) + 1, 4);
    const visits = Array.from({ length: Math.floor(random() * 20) }, (_, k) => ({ id: `c${i}-v${k}`, day: today - Math.floor(random() * 300), spend: Math.floor(random() * 3000) }));
    const tierId = random() < 0.5 ? null : random() < 0.6 ? 'silver' : random() < 0.7 ? 'gold' : 'platinum';
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    return newCustomerState(`cust-${i}`, START - 400 * DAY, {
      birthday: `1990-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      lots: lots.filter((l) => l.remaining > 0),
      visits,
      counters: { visits: visits.length, sales: visits.length },
      tier: { tierId, reviewDay: today + 10, graceUntilDay: null, vip: null },
      referral: random() < 0.05 ? { referrerId: `cust-${(i + 1) % CUSTOMERS}`, status: 'pending' } : null,
    });
  });
}

function makeSales(random: () => number): Sale[] {
  return Array.from({ length: SALE_POOL }, () => {
    const n = 1 + Math.floor(random() * 4);
    const lines = Array.from({ length: n }, () => {
      const [itemId, category, unitPrice] = catalogue[Math.floor(random() * catalogue.length)]!;
      const quantity = 1 + Math.floor(random() * 2);
      return { itemId, category, quantity, unitPrice, amount: quantity * unitPrice };
    });
    const total = lines.reduce((a, l) => a + l.amount, 0);
    const discount = random() < 0.1 ? Math.floor(total * 0.1) : 0;
    return { currency: 'EUR', lines, discounts: discount ? [{ amount: discount }] : [], tenders: [{ method: 'card', amount: total - discount }] };
  });
}

/** The same program as json-rules-engine rules: conditions on facts, outcomes as events. */
function jreRules(p: Program): RuleProperties[] {
  const rules: RuleProperties[] = [];
  for (const card of p.stampCards) {
    rules.push({ name: `stamps:${card.id}`, conditions: { all: [{ fact: 'qualifying', path: `$.${card.id}`, operator: 'greaterThan', value: 0 }] }, event: { type: 'stamps', params: { cardId: card.id, size: card.size, cap: card.capPerVisit } } });
  }
  rules.push({ name: 'points', conditions: { all: [{ fact: 'qualifyingAmount', operator: 'greaterThan', value: 0 }] }, event: { type: 'points' } });
  for (const t of p.tiers?.levels ?? []) {
    rules.push({ name: `tier:${t.id}`, conditions: { all: [{ fact: 'windowSpend', operator: 'greaterThanInclusive', value: t.threshold }] }, event: { type: 'tier', params: { tierId: t.id, multiplier: t.benefits.pointsMultiplier } }, priority: 10 });
  }
  for (const r of p.rewards) {
    if (r.cost?.asset === 'points') rules.push({ name: `afford:${r.id}`, conditions: { all: [{ fact: 'pointsBalance', operator: 'greaterThanInclusive', value: r.cost.amount }] }, event: { type: 'offer', params: { rewardId: r.id } } });
    if (r.cost?.asset === 'stamps') rules.push({ name: `afford:${r.id}`, conditions: { all: [{ fact: 'stampBalance', path: `$.${r.cost.cardId}`, operator: 'greaterThanInclusive', value: r.cost.amount }] }, event: { type: 'offer', params: { rewardId: r.id } } });
  }
  const b = p.occasions.birthday;
  if (b) {
    rules.push({
      name: 'birthday',
      conditions: { all: [{ fact: 'daysToBirthday', operator: 'greaterThanInclusive', value: -b.daysAfter }, { fact: 'daysToBirthday', operator: 'lessThanInclusive', value: b.daysBefore }, { fact: 'birthdayGivenThisYear', operator: 'equal', value: false }] },
      event: { type: 'gift', params: { reason: 'birthday' } },
    });
  }
  if (p.referrals) {
    rules.push({ name: 'referral', conditions: { all: [{ fact: 'referralPending', operator: 'equal', value: true }, { fact: 'qualifyingAmount', operator: 'greaterThanInclusive', value: p.referrals.minFirstPurchase }] }, event: { type: 'referral' } });
  }
  for (const c of p.challenges) {
    rules.push({ name: `challenge:${c.id}`, conditions: { all: [{ fact: 'distinctDaysInWindow', path: `$.${c.id}`, operator: 'greaterThanInclusive', value: c.visits }] }, event: { type: 'gift', params: { reason: c.id } } });
  }
  for (const s of p.surprises) {
    if (s.trigger.type === 'every_nth_visit') rules.push({ name: `surprise:${s.id}`, conditions: { all: [{ fact: 'visitNumberMod', path: `$.${s.trigger.n}`, operator: 'equal', value: 0 }] }, event: { type: 'gift', params: { reason: s.id } } });
  }
  return rules;
}

/** The facts json-rules-engine needs, computed from the same customer and sale in plain code. */
function jreFacts(p: Program, c: CustomerState, sale: Sale, now: number): Record<string, unknown> {
  const today = localDay(now, TZ);
  const qualifying: Record<string, number> = {};
  for (const card of p.stampCards) {
    qualifying[card.id] = sale.lines.reduce((n, l) => n + ((card.earn.per === 'item' && (card.earn.categories.includes(l.category) || card.earn.items.includes(l.itemId))) ? l.quantity : 0), 0);
  }
  const paid = sale.lines.reduce((a, l) => a + l.amount, 0) - sale.discounts.reduce((a, d) => a + d.amount, 0);
  const stampBalance: Record<string, number> = {};
  let pointsBalance = 0;
  for (const l of c.lots) {
    if (l.asset === pointsAsset) pointsBalance += l.remaining;
    else if (l.asset.startsWith('stamps:')) stampBalance[l.asset.slice(7)] = (stampBalance[l.asset.slice(7)] ?? 0) + l.remaining;
  }
  const windowSpend = c.visits.reduce((a, v) => a + (v.day > today - 365 ? v.spend : 0), 0) + paid;
  const [m, d] = (c.birthday ?? '1990-01-01').slice(5).split('-').map(Number);
  const year = new Date(today * DAY).getUTCFullYear();
  const daysToBirthday = Math.round(Date.UTC(year, (m ?? 1) - 1, d ?? 1) / DAY) - today;
  const distinct: Record<string, number> = {};
  for (const ch of p.challenges) distinct[ch.id] = new Set([...c.visits.filter((v) => v.day > today - ch.withinDays).map((v) => v.day), today]).size;
  const visitNo = (c.counters.visits ?? 0) + 1;
  const visitNumberMod: Record<string, number> = {};
  for (const s of p.surprises) if (s.trigger.type === 'every_nth_visit') visitNumberMod[s.trigger.n] = visitNo % s.trigger.n;
  return {
    qualifying,
    qualifyingAmount: paid,
    pointsBalance,
    stampBalance,
    windowSpend,
    daysToBirthday,
    birthdayGivenThisYear: c.marks.birthday === String(year),
    referralPending: c.referral?.status === 'pending',
    distinctDaysInWindow: distinct,
    visitNumberMod,
  };
}

export async function run(): Promise<BenchFigure[]> {
  const random = rng(20251122);
  const customers = makeCustomers(random);
  const sales = makeSales(random);
  const program = benchProgram;
  const at = (i: number) => START + i * 7_000;

  // Warm up both, so the JIT has seen the code.
  for (let i = 0; i < 20_000; i++) evaluate({ program, state: customers[i % CUSTOMERS]!, event: { type: 'sale', sale: sales[i % SALE_POOL]! }, now: at(i), timeZone: TZ, operationId: `w${i}`, newId: idGen(`w${i}`) });

  let entries = 0;
  const t0 = nowMs();
  for (let i = 0; i < SALES; i++) {
    const op = `s${i}`;
    const r = evaluate({ program, state: customers[(i * 7) % CUSTOMERS]!, event: { type: 'sale', sale: sales[i % SALE_POOL]! }, now: at(i), timeZone: TZ, operationId: op, newId: idGen(op) });
    if (r.ok) entries += r.value.entries.length;
  }
  const engineSeconds = (nowMs() - t0) / 1000;
  const engineRate = SALES / engineSeconds;

  const jre = new Engine(jreRules(program), { allowUndefinedFacts: true });
  for (let i = 0; i < 2_000; i++) await jre.run(jreFacts(program, customers[i % CUSTOMERS]!, sales[i % SALE_POOL]!, at(i)));
  let jreEvents = 0;
  const t1 = nowMs();
  for (let i = 0; i < JRE_SALES; i++) {
    const c = customers[(i * 7) % CUSTOMERS]!;
    const result = await jre.run(jreFacts(program, c, sales[i % SALE_POOL]!, at(i)));
    jreEvents += result.events.length;
  }
  const jreSeconds = (nowMs() - t1) / 1000;
  const jreRate = JRE_SALES / jreSeconds;
  process.stderr.write(`engine: ${SALES} sales, ${entries} entries in ${engineSeconds.toFixed(2)} s; json-rules-engine: ${JRE_SALES} sales, ${jreEvents} events in ${jreSeconds.toFixed(2)} s\n`);

  return [
    { name: 'engine_evals_per_s', value: round(engineRate, 0), unit: `evaluations/s (${SALES.toLocaleString('en')} sales, one core)` },
    { name: 'jre_evals_per_s', value: round(jreRate, 0), unit: `evaluations/s (json-rules-engine, sample of ${JRE_SALES.toLocaleString('en')} sales)` },
    { name: 'engine_vs_jre_ratio', value: round(engineRate / jreRate, 1), unit: 'x' },
  ];
}

function idGen(op: string): () => string {
  let n = 0;
  return () => `${op}#${++n}`;
}
