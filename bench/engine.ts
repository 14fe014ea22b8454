/**
 * Issue 3's benchmark: the loyalty engine over 1 000 000 generated sales on one core, against the
 * same rules written for json-rules-engine (the general-purpose rules engine a team would otherwise
 * use). Both get the same customers and sales; both produce the same outcome (stamps per card after
 * the cap, cards filled, points with category and tier multipliers rounded down, tier upgrades,
 * birthday, referral, streak and surprise gifts), and the run fails if they disagree on any sale of
 * the checked sample. json-rules-engine is asynchronous and much slower, so it runs on the first
 * BENCH_JRE_SALES (50 000 by default) of the same sales and its rate is per evaluation.
 */
import { cpus, loadavg } from 'node:os';
import { Engine, type RuleProperties } from 'json-rules-engine';
import { evaluate, programSchema, newCustomerState, localDay, dateOfDay, dayOfDate, type CustomerState, type EngineOutput, type Program, type Sale } from '../shared/loyalty';
import { pointsAsset, stampAsset, type Lot } from '../shared/domain/ledger';
import type { BenchFigure } from './figures';
import { nowMs, round } from './stats';

export const title = 'Loyalty engine vs json-rules-engine (issue 3)';

const SALES = Number(process.env.BENCH_ENGINE_SALES ?? 1_000_000);
const JRE_SALES = Number(process.env.BENCH_JRE_SALES ?? 50_000);
const CHECK_SALES = 20_000;
const CUSTOMERS = 2_000;
const SALE_POOL = 5_000;
const TZ = 'Europe/Sofia';
const DAY = 86_400_000;

const describeRun = (): string[] => [
  `Program: 3 stamp cards, points with category and tier multipliers, 3 tiers, 10 rewards, birthday, referral, streak, surprise; 2,000 generated customers (lots, visits, tiers, birthdays, pending referrals) and 5,000 generated sales (1-4 lines, 10 % with a discount), one sale every 7 s of store time.`,
  `The engine evaluates ${SALES.toLocaleString('en')} sales synchronously in one thread (each evaluation makes the full output: ledger entries with lots and explanations, state changes, reward offers; the timed loop also builds each input, as a caller would, and the run fails if any evaluation is refused).`,
  `json-rules-engine gets the same rules (every threshold, window and cap is a rule condition), the same customers and the same sales, in the first ${JRE_SALES.toLocaleString('en')} of them (its run() is asynchronous, a full million would take minutes); the facts it tests and the action layer that turns its events into stamps and points are plain functions, timed with it.`,
  `Fairness check: on the first ${Math.min(JRE_SALES, CHECK_SALES).toLocaleString('en')} sales both outcomes (stamps per card, cards filled, points, tier upgrade, gifts by rule) must be equal or the run fails; reward offers are not compared (the engine offers on the balance after the sale).`,
  'Both warmed up first. `*_evals_per_s` are wall-clock rates: on this machine, shared with other work, other processes take the core from the run and depress them.',
  '`*_evals_per_cpu_s` divide by the CPU time the process used during the same loop (user + system, all its threads, so V8\'s garbage-collector helper threads are charged too): that is the throughput of one core, and it is the figure to compare with the 200 000 target when the wall rate is depressed by load. It is less disturbed than the wall rate but not immune: processes on the other core still share its caches, so a busy machine lowers it too.',
];

/** The note under the heading: rewritten after the run with what it measured (bench/run.ts reads it then). */
export let notes = describeRun().join(' ');

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

/**
 * What a sale earned, in a form both engines produce: the fair comparison checks these are equal.
 * Gifts are named by the rule that gave them ('occasion:birthday', 'referral:referrer' ...).
 */
interface Outcome {
  stamps: Record<string, number>;
  filled: Record<string, number>;
  points: number;
  tierUp: string | null;
  gifts: string[];
  offers: string[];
}

const emptyOutcome = (): Outcome => ({ stamps: {}, filled: {}, points: 0, tierUp: null, gifts: [], offers: [] });

function engineOutcome(out: EngineOutput): Outcome {
  const o = emptyOutcome();
  for (const e of out.entries) {
    const rule = e.rule ?? '';
    if (e.kind === 'earn' && rule.startsWith('stamp-card:') && e.asset.startsWith('stamps:')) o.stamps[e.asset.slice(7)] = (o.stamps[e.asset.slice(7)] ?? 0) + e.delta;
    else if (e.kind === 'convert') o.filled[e.asset.slice(7)] = (o.filled[e.asset.slice(7)] ?? 0) + 1;
    else if (rule === 'points') o.points += e.delta;
    else if (e.kind === 'earn' && !rule.startsWith('stamp-card:')) o.gifts.push(rule);
  }
  for (const other of out.others) for (const e of other.entries) o.gifts.push(e.rule ?? '');
  for (const c of out.changes) if (c.type === 'tier.set' && c.to.tierId !== c.from.tierId) o.tierUp = c.to.tierId;
  o.gifts.sort();
  return o;
}

/**
 * The same program as json-rules-engine rules: every threshold, window, cap and condition is a rule
 * condition; the facts they test are computed from the same customer and sale by plain functions,
 * and the events the rules fire are turned into the outcome by a small action layer (stamps capped
 * and cards filled, points with category and tier multipliers rounded down, the highest tier
 * reached). Facts, rules and actions are all timed.
 */
function jreRules(p: Program): RuleProperties[] {
  const rules: RuleProperties[] = [];
  for (const card of p.stampCards) {
    rules.push({ name: `stamps:${card.id}`, conditions: { all: [{ fact: 'qualifying', path: `$.${card.id}`, operator: 'greaterThan', value: 0 }] }, event: { type: 'stamps', params: { cardId: card.id, size: card.size, cap: card.capPerVisit } } });
  }
  rules.push({ name: 'points', conditions: { all: [{ fact: 'qualifyingAmount', operator: 'greaterThan', value: 0 }] }, event: { type: 'points' } });
  (p.tiers?.levels ?? []).forEach((t, rank) => {
    rules.push({ name: `tier:${t.id}`, conditions: { all: [{ fact: 'windowSpend', operator: 'greaterThanInclusive', value: t.threshold }] }, event: { type: 'tier', params: { tierId: t.id, rank } } });
  });
  for (const r of p.rewards) {
    if (r.cost?.asset === 'points') rules.push({ name: `afford:${r.id}`, conditions: { all: [{ fact: 'pointsBalance', operator: 'greaterThanInclusive', value: r.cost.amount }] }, event: { type: 'offer', params: { rewardId: r.id } } });
    if (r.cost?.asset === 'stamps') rules.push({ name: `afford:${r.id}`, conditions: { all: [{ fact: 'stampBalance', path: `$.${r.cost.cardId}`, operator: 'greaterThanInclusive', value: r.cost.amount }] }, event: { type: 'offer', params: { rewardId: r.id } } });
  }
  const b = p.occasions.birthday;
  if (b) {
    rules.push({
      name: 'birthday',
      conditions: { all: [{ fact: 'daysToBirthday', operator: 'greaterThanInclusive', value: -b.daysAfter }, { fact: 'daysToBirthday', operator: 'lessThanInclusive', value: b.daysBefore }, { fact: 'birthdayGiven', operator: 'equal', value: false }] },
      event: { type: 'gift', params: { rule: 'occasion:birthday' } },
    });
  }
  if (p.referrals) {
    const r = p.referrals;
    const when = [{ fact: 'referralPending', operator: 'equal', value: true }, { fact: 'qualifyingAmount', operator: 'greaterThanInclusive', value: r.minFirstPurchase }];
    rules.push({ name: 'referee', conditions: { all: when }, event: { type: 'gift', params: { rule: 'referral:referee' } } });
    rules.push({ name: 'referrer', conditions: { all: [...when, { fact: 'referrerRewardedCount', operator: 'lessThan', value: r.capPerReferrer }] }, event: { type: 'gift', params: { rule: 'referral:referrer' } } });
  }
  for (const c of p.challenges) {
    rules.push({ name: `challenge:${c.id}`, conditions: { all: [{ fact: 'distinctDaysInWindow', path: `$.${c.id}`, operator: 'greaterThanInclusive', value: c.visits }] }, event: { type: 'gift', params: { rule: `challenge:${c.id}` } } });
  }
  for (const s of p.surprises) {
    if (s.trigger.type === 'every_nth_visit') {
      rules.push({ name: `surprise:${s.id}`, conditions: { all: [{ fact: 'visitNumberMod', path: `$.${s.trigger.n}`, operator: 'equal', value: 0 }] }, event: { type: 'gift', params: { rule: `surprise:${s.id}` } } });
    }
  }
  return rules;
}

/** Splits a sale discount over its lines as the engine does (floors, then largest remainders). */
function spread(total: number, weights: readonly number[], sum: number): number[] {
  if (sum === 0) return weights.map(() => 0);
  if (total === sum) return [...weights];
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (total * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left-- <= 0) break;
    parts[o.i] = (parts[o.i] ?? 0) + 1;
  }
  return parts;
}

interface JreFacts {
  qualifying: Record<string, number>;
  qualifyingAmount: number;
  lineQualifying: number[];
  pointsBalance: number;
  stampBalance: Record<string, number>;
  windowSpend: number;
  daysToBirthday: number;
  birthdayGiven: boolean;
  referralPending: boolean;
  referrerRewardedCount: number;
  distinctDaysInWindow: Record<string, number>;
  visitNumberMod: Record<string, number>;
}

/** The facts json-rules-engine needs, from the same customer and sale. */
function jreFacts(p: Program, c: CustomerState, sale: Sale, now: number): JreFacts {
  const today = localDay(now, TZ);
  const qualifying: Record<string, number> = {};
  for (const card of p.stampCards) {
    qualifying[card.id] = sale.lines.reduce((n, l) => n + (card.earn.per === 'item' && (card.earn.categories.includes(l.category) || card.earn.items.includes(l.itemId)) ? l.quantity : 0), 0);
  }
  const gross = sale.lines.reduce((a, l) => a + l.amount, 0);
  const paid = Math.max(0, gross - sale.discounts.reduce((a, d) => a + d.amount, 0));
  const stampBalance: Record<string, number> = {};
  let pointsBalance = 0;
  for (const l of c.lots) {
    if (l.asset === pointsAsset) pointsBalance += l.remaining;
    else if (l.asset.startsWith('stamps:')) stampBalance[l.asset.slice(7)] = (stampBalance[l.asset.slice(7)] ?? 0) + l.remaining;
  }
  const windowDays = p.tiers?.windowDays ?? 365;
  const windowSpend = c.visits.reduce((a, v) => a + (v.day > today - windowDays && v.day <= today ? v.spend : 0), 0) + paid;
  // The nearest birthday (this year, next or last), 29 February on 28 February in a common year.
  const md = (c.birthday ?? '').slice(5).split('-').map(Number);
  const { year } = dateOfDay(today);
  let daysToBirthday = Number.POSITIVE_INFINITY;
  let birthdayYear = year;
  for (const y of [year, year + 1, year - 1]) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const d = md[0] === 2 && md[1] === 29 && !leap ? dayOfDate(y, 2, 28) : dayOfDate(y, md[0] ?? 1, md[1] ?? 1);
    if (Math.abs(d - today) < Math.abs(daysToBirthday)) {
      daysToBirthday = d - today;
      birthdayYear = y;
    }
  }
  const distinct: Record<string, number> = {};
  for (const ch of p.challenges) {
    const since = Math.max(today - ch.withinDays + 1, Number(c.marks[`challenge:${ch.id}`] ?? Number.NEGATIVE_INFINITY) + 1);
    distinct[ch.id] = new Set([...c.visits.filter((v) => v.day >= since && v.day <= today).map((v) => v.day), today]).size;
  }
  const visitNo = (c.counters.visits ?? 0) + 1;
  const visitNumberMod: Record<string, number> = {};
  for (const s of p.surprises) if (s.trigger.type === 'every_nth_visit') visitNumberMod[s.trigger.n] = visitNo % s.trigger.n;
  return {
    qualifying,
    qualifyingAmount: paid,
    lineQualifying: spread(paid, sale.lines.map((l) => l.amount), gross),
    pointsBalance,
    stampBalance,
    windowSpend,
    daysToBirthday,
    birthdayGiven: c.marks.birthday === String(birthdayYear),
    referralPending: c.referral?.status === 'pending',
    referrerRewardedCount: 0,
    distinctDaysInWindow: distinct,
    visitNumberMod,
  };
}

/** json-rules-engine's events turned into the outcome (the "actions" a team would write beside the rules). */
function jreOutcome(p: Program, c: CustomerState, sale: Sale, facts: JreFacts, events: { type: string; params?: Record<string, unknown> }[]): Outcome {
  const o = emptyOutcome();
  const tierRank = (id: string | null) => (p.tiers?.levels ?? []).findIndex((t) => t.id === id);
  let best = -1;
  let bestId: string | null = null;
  for (const e of events) {
    const params = e.params ?? {};
    if (e.type === 'stamps') {
      const cardId = String(params.cardId);
      const cap = typeof params.cap === 'number' ? params.cap : Number.POSITIVE_INFINITY;
      const count = Math.min(facts.qualifying[cardId] ?? 0, cap);
      o.stamps[cardId] = count;
      const filled = Math.floor(((facts.stampBalance[cardId] ?? 0) + count) / Number(params.size));
      if (filled > 0) o.filled[cardId] = filled;
    } else if (e.type === 'points' && p.points) {
      const tier = p.tiers?.levels[tierRank(c.tier.tierId)];
      let weighted = 0;
      sale.lines.forEach((l, i) => (weighted += (facts.lineQualifying[i] ?? 0) * Math.round((p.points?.categoryMultipliers[l.category] ?? 1) * 100)));
      const per = Math.round(p.points.rate.per * 100);
      o.points = Math.floor((weighted * Math.round((tier?.benefits.pointsMultiplier ?? 1) * 100) * p.points.rate.points) / (per * 10_000));
    } else if (e.type === 'tier' && Number(params.rank) > best) {
      best = Number(params.rank);
      bestId = String(params.tierId);
    } else if (e.type === 'gift') {
      o.gifts.push(String(params.rule));
    } else if (e.type === 'offer') {
      o.offers.push(String(params.rewardId));
    }
  }
  if (best > tierRank(c.tier.tierId)) o.tierUp = bestId;
  o.gifts.sort();
  return o;
}

/** Compares everything but offers (the engine offers on the balance after the sale, the rules on the one before). */
const sameOutcome = (a: Outcome, b: Outcome): boolean =>
  JSON.stringify({ ...a, offers: [] }) === JSON.stringify({ ...b, offers: [] });

export async function run(): Promise<BenchFigure[]> {
  const random = rng(20251122);
  const customers = makeCustomers(random);
  const sales = makeSales(random);
  const program = benchProgram;
  const at = (i: number) => START + i * 7_000;
  const customerOf = (i: number) => customers[(i * 7) % CUSTOMERS]!;
  const saleOf = (i: number) => sales[i % SALE_POOL]!;
  const input = (i: number, op: string) => ({ program, state: customerOf(i), event: { type: 'sale' as const, sale: saleOf(i) }, now: at(i), timeZone: TZ, operationId: op, newId: idGen(op) });

  // Warm up both, so the JIT has seen the code.
  for (let i = 0; i < 20_000; i++) evaluate(input(i, `w${i}`));

  let entries = 0;
  let refused = 0;
  const load0 = loadavg()[0] ?? 0;
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < SALES; i++) {
    const r = evaluate(input(i, `s${i}`));
    if (r.ok) entries += r.value.entries.length;
    else refused++;
  }
  const engineCpu = cpuSeconds(cpu0);
  const engineSeconds = (nowMs() - t0) / 1000;
  // The 1-minute load average as the engine's loop ends: what the machine was doing while it was timed.
  const engineLoad = loadavg()[0] ?? 0;
  if (refused > 0) throw new Error(`engine refused ${refused} of ${SALES} bench sales: the rate would not be of full evaluations`);
  const engineRate = SALES / engineSeconds;
  const engineCpuRate = SALES / engineCpu;

  const jre = new Engine(jreRules(program), { allowUndefinedFacts: true });
  const jreRun = async (i: number): Promise<Outcome> => {
    const c = customerOf(i);
    const facts = jreFacts(program, c, saleOf(i), at(i));
    const result = await jre.run(facts as unknown as Record<string, unknown>);
    return jreOutcome(program, c, saleOf(i), facts, result.events);
  };
  for (let i = 0; i < 2_000; i++) await jreRun(i);
  const checked = Math.min(JRE_SALES, CHECK_SALES);
  const jreOutcomes: Outcome[] = [];
  const t1 = nowMs();
  const cpu1 = process.cpuUsage();
  for (let i = 0; i < JRE_SALES; i++) {
    const outcome = await jreRun(i);
    if (i < checked) jreOutcomes.push(outcome);
  }
  const jreCpu = cpuSeconds(cpu1);
  const jreSeconds = (nowMs() - t1) / 1000;
  const jreRate = JRE_SALES / jreSeconds;

  // The same sales through the engine again (untimed): both must have earned exactly the same.
  let differ = 0;
  const seen = { stamps: 0, filled: 0, points: 0, tierUp: 0, gifts: 0 };
  for (let i = 0; i < checked; i++) {
    const r = evaluate(input(i, `s${i}`));
    if (!r.ok) throw new Error(`engine refused bench sale ${i}: ${r.error.code}`);
    const mine = engineOutcome(r.value);
    const theirs = jreOutcomes[i]!;
    if (!sameOutcome(mine, theirs)) {
      if (differ++ < 3) process.stderr.write(`sale ${i} differs:\n engine ${JSON.stringify(mine)}\n    jre ${JSON.stringify(theirs)}\n`);
    }
    seen.stamps += Object.keys(mine.stamps).length > 0 ? 1 : 0;
    seen.filled += Object.keys(mine.filled).length > 0 ? 1 : 0;
    seen.points += mine.points > 0 ? 1 : 0;
    seen.tierUp += mine.tierUp ? 1 : 0;
    seen.gifts += mine.gifts.length > 0 ? 1 : 0;
  }
  if (differ > 0) throw new Error(`engine and json-rules-engine disagree on ${differ} of ${checked} sales: the comparison would not be fair`);
  process.stderr.write(
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; engine: ${SALES} sales, ${entries} entries in ${engineSeconds.toFixed(2)} s wall, ${engineCpu.toFixed(2)} s CPU (${round(engineCpuRate, 0)}/s by CPU time); ` +
      `json-rules-engine: ${JRE_SALES} sales in ${jreSeconds.toFixed(2)} s wall, ${jreCpu.toFixed(2)} s CPU (${round(JRE_SALES / jreCpu, 0)}/s by CPU time); ` +
      `outcomes equal on ${checked} sales (with stamps ${seen.stamps}, cards filled ${seen.filled}, points ${seen.points}, tier up ${seen.tierUp}, gifts ${seen.gifts})\n`,
  );

  const jreCpuRate = JRE_SALES / jreCpu;
  const disturbed = engineRate < engineCpuRate * 0.9;
  notes = [
    ...describeRun(),
    `This run: engine ${round(engineRate, 0).toLocaleString('en')}/s wall and ${round(engineCpuRate, 0).toLocaleString('en')} per CPU second (${engineSeconds.toFixed(2)} s wall, ${engineCpu.toFixed(2)} s CPU), 1-minute load average ${load0.toFixed(2)} as its loop began and ${engineLoad.toFixed(2)} as it ended on ${cpus().length} cores${disturbed ? ': the wall rate is depressed by other processes, and the per-CPU-second rate is the single-core throughput' : ''}.`,
  ].join(' ');

  return [
    { name: 'engine_evals_per_s', value: round(engineRate, 0), unit: `evaluations/s wall (${SALES.toLocaleString('en')} sales, one thread; depressed when other processes load the machine)` },
    { name: 'jre_evals_per_s', value: round(jreRate, 0), unit: `evaluations/s wall (json-rules-engine, ${JRE_SALES.toLocaleString('en')} of the same sales)` },
    { name: 'engine_vs_jre_ratio', value: round(engineRate / jreRate, 1), unit: 'x (wall rates)' },
    // On a machine shared with other work the wall rate understates one core; these say by how much.
    { name: 'engine_evals_per_cpu_s', value: round(engineCpuRate, 0), unit: 'evaluations per CPU second (same run; single-core throughput)' },
    { name: 'jre_evals_per_cpu_s', value: round(jreCpuRate, 0), unit: 'evaluations per CPU second (same run)' },
    { name: 'engine_vs_jre_cpu_ratio', value: round(engineCpuRate / jreCpuRate, 1), unit: 'x (per-CPU-second rates, which load does not skew between the two)' },
    { name: 'engine_bench_load_avg', value: round(engineLoad, 2), unit: `1-minute load average as the engine's timed loop ended (${cpus().length} cores)` },
  ];
}

/** User + system CPU seconds of this process since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function idGen(op: string): () => string {
  let n = 0;
  return () => `${op}#${++n}`;
}
