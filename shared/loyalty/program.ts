import { z } from 'zod';
import { err, ok, type Result } from '../result';
import type { CounterProgram } from '../domain/program';
import { isTimeZone } from './time';

/**
 * The loyalty program as a versioned document: what a manager edits, what is stored (one version in
 * force at a time) and what every evaluation records. Money is in minor units of `currency`; ids are
 * short slugs that stay stable across versions, because ledger entries refer to them.
 */

export const PROGRAM_SCHEMA = 1 as const;

const slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'slug');
const minor = z.number().int().min(0);
const positiveInt = z.number().int().min(1);
const multiplier = z.number().min(0).max(100);

export const localTextSchema = z.object({ bg: z.string(), ru: z.string(), en: z.string() });

/** What an occasion, a challenge or a surprise gives. */
export const giftSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('points'), amount: z.number().int() }),
  z.object({ kind: z.literal('reward'), rewardId: slug }),
  z.object({ kind: z.literal('stamps'), cardId: slug, count: z.number().int() }),
]);

export const stampCardSchema = z.object({
  id: slug,
  name: localTextSchema,
  size: z.number().int(),
  /** A stamp per qualifying item (by item id or category), or one per visit. */
  earn: z.discriminatedUnion('per', [
    z.object({ per: z.literal('item'), items: z.array(z.string()).default([]), categories: z.array(z.string()).default([]) }),
    z.object({ per: z.literal('visit'), minAmount: minor.default(0) }),
  ]),
  capPerVisit: positiveInt.nullable().default(null),
  rewardId: slug,
});

export const rewardSchema = z.object({
  id: slug,
  name: localTextSchema,
  effect: z.discriminatedUnion('type', [
    z.object({ type: z.literal('percent_off'), percent: z.number() }),
    z.object({ type: z.literal('amount_off'), amount: z.number().int() }),
    z.object({ type: z.literal('free_item'), category: z.string(), maxValue: minor.nullable().default(null) }),
  ]),
  /** Bought at the counter with points or stamps; null when it only comes from a card, a tier or a gift. */
  cost: z
    .discriminatedUnion('asset', [
      z.object({ asset: z.literal('points'), amount: z.number().int() }),
      z.object({ asset: z.literal('stamps'), cardId: slug, amount: z.number().int() }),
    ])
    .nullable()
    .default(null),
});

export const pointsSchema = z.object({
  /** `points` per `per` major currency units (1 per 1 EUR; 1 per 100 RUB). */
  rate: z.object({ points: z.number().int(), per: z.number() }),
  rounding: z.enum(['down', 'nearest', 'up']).default('down'),
  categoryMultipliers: z.record(z.string(), multiplier).default({}),
  /** Tenders that earn nothing (paying with points or a voucher is not spending). */
  excludedTenders: z.array(z.string()).default(['points', 'voucher']),
  /** Partial redemption: each point is worth this many minor units off a sale; null = off. */
  spend: z.object({ valuePerPoint: positiveInt, minPoints: positiveInt.default(1) }).nullable().default(null),
});

export const tierSchema = z.object({
  id: slug,
  name: localTextSchema,
  /** Spend (minor units) or visits within the window needed to reach this tier. */
  threshold: z.number().int(),
  benefits: z
    .object({
      pointsMultiplier: multiplier.default(1),
      discountPercent: z.number().min(0).max(100).default(0),
      freeExtra: localTextSchema.nullable().default(null),
    })
    .prefault({}),
});

export const tiersSchema = z.object({
  basis: z.enum(['spend', 'visits']),
  windowDays: positiveInt,
  /** Lowest first. */
  levels: z.array(tierSchema).min(1),
  /** Downgrades are looked at only this often ... */
  reviewEveryDays: positiveInt.default(30),
  /** ... and happen only after the customer stayed below for this long. */
  graceDays: z.number().int().min(0).default(30),
  vip: z.object({ tierId: slug, price: minor, durationDays: positiveInt }).nullable().default(null),
});

const windowSchema = z.object({ daysBefore: z.number().int().min(0).max(60).default(0), daysAfter: z.number().int().min(0).max(60).default(0) });

export const occasionsSchema = z
  .object({
    birthday: windowSchema.extend({ gift: giftSchema, leapDay: z.enum(['feb28', 'mar1']).default('feb28') }).nullable().default(null),
    nameDay: windowSchema
      .extend({ gift: giftSchema, calendar: z.record(z.string().regex(/^\d{2}-\d{2}$/), z.array(z.string())) })
      .nullable()
      .default(null),
    welcome: z.object({ gift: giftSchema }).nullable().default(null),
    anniversary: z.object({ gift: giftSchema, daysAfter: z.number().int().min(0).max(60).default(30) }).nullable().default(null),
  })
  .prefault({});

export const referralsSchema = z.object({
  referrerGift: giftSchema,
  refereeGift: giftSchema,
  /** The new customer's first sale must be at least this much for either side to be rewarded. */
  minFirstPurchase: minor.default(0),
  capPerReferrer: positiveInt,
});

export const surpriseSchema = z.object({
  id: slug,
  name: localTextSchema,
  trigger: z.discriminatedUnion('type', [
    z.object({ type: z.literal('every_nth_visit'), n: z.number().int() }),
    z.object({ type: z.literal('chance'), probability: z.number() }),
  ]),
  /** Only for regulars: at least this many visits in the last `regularDays` days (this one included). */
  minVisits: z.number().int().min(0).default(0),
  regularDays: positiveInt.default(30),
  gift: giftSchema,
});

export const challengeSchema = z.object({
  id: slug,
  name: localTextSchema,
  /** Visits on distinct days, all within `withinDays` days. */
  visits: z.number().int(),
  withinDays: positiveInt,
  gift: giftSchema,
});

export const velocitySchema = z.object({
  id: slug,
  metric: z.enum(['stamps', 'redemptions', 'points', 'sales']),
  /** Flag when a customer's total for the local day goes above this. */
  maxPerDay: positiveInt,
});

export const partnerOfferSchema = z.object({
  id: slug,
  partner: z.string().min(1),
  text: localTextSchema,
  code: z.string().min(1),
  when: z
    .object({ minAmount: minor.default(0), categories: z.array(z.string()).default([]), everyNthSale: positiveInt.default(1) })
    .prefault({}),
});

export const programSchema = z.object({
  schema: z.literal(PROGRAM_SCHEMA),
  version: positiveInt,
  name: z.string(),
  currency: z.enum(['EUR', 'BGN', 'RUB']),
  timeZone: z.string(),
  stampCards: z.array(stampCardSchema).default([]),
  points: pointsSchema.nullable().default(null),
  rewards: z.array(rewardSchema).default([]),
  tiers: tiersSchema.nullable().default(null),
  occasions: occasionsSchema,
  referrals: referralsSchema.nullable().default(null),
  surprises: z.array(surpriseSchema).default([]),
  bigPurchase: z.object({ minAmount: positiveInt, gift: giftSchema }).nullable().default(null),
  challenges: z.array(challengeSchema).default([]),
  velocity: z.array(velocitySchema).default([]),
  feedback: z.object({ gift: giftSchema, oncePerDays: positiveInt.default(1) }).nullable().default(null),
  partnerOffers: z.array(partnerOfferSchema).default([]),
  /**
   * A terminal enrolled with HQ that is offline and holds no valid offline allowance (never fetched,
   * or expired): 'deny' refuses redemptions until it is back (stamps still work), 'allow' redeems
   * against the balance it knows and leaves double spends to HQ's conflict queue. A terminal that
   * was never enrolled is never limited.
   */
  offlineRedemption: z.enum(['allow', 'deny']).default('deny'),
  expiry: z
    .object({ enabled: z.boolean().default(false), afterDays: positiveInt.default(365), warnDays: z.number().int().min(0).default(30) })
    .prefault({}),
});

export type Program = z.output<typeof programSchema>;
/** A program as written by hand or in a template: defaults may be left out. */
export type ProgramInput = z.input<typeof programSchema>;
export type Gift = z.output<typeof giftSchema>;
export type StampCard = z.output<typeof stampCardSchema>;
export type Reward = z.output<typeof rewardSchema>;
export type PointsRules = z.output<typeof pointsSchema>;
export type Tier = z.output<typeof tierSchema>;
export type Tiers = z.output<typeof tiersSchema>;
export type Surprise = z.output<typeof surpriseSchema>;
export type Challenge = z.output<typeof challengeSchema>;
export type PartnerOffer = z.output<typeof partnerOfferSchema>;

/** A problem in a program document: an i18n key (`loyalty.issue.*`), its parameters and where it is. */
export interface ProgramIssue {
  key: string;
  /** Names are given in English here; `names` has them in every language (see explainIssue). */
  params: Record<string, string | number>;
  names: Record<string, LocalText>;
  path: string;
}

type LocalText = z.output<typeof localTextSchema>;

function issue(key: string, path: string, given: Record<string, string | number | LocalText> = {}): ProgramIssue {
  const params: Record<string, string | number> = {};
  const names: Record<string, LocalText> = {};
  for (const [k, v] of Object.entries(given)) {
    if (typeof v === 'object') {
      names[k] = v;
      params[k] = v.en;
    } else params[k] = v;
  }
  return { key, params, names, path };
}

/** Checks shape with zod, then the meaning: names, costs, references, sizes, orders. */
export function validateProgram(doc: unknown): Result<Program, ProgramIssue[]> {
  const parsed = programSchema.safeParse(doc);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((i) => issue('loyalty.issue.shape', i.path.join('.'), { path: i.path.join('.') || '/', detail: i.message })),
    );
  }
  const issues = meaningIssues(parsed.data);
  return issues.length > 0 ? err(issues) : ok(parsed.data);
}

function meaningIssues(p: Program): ProgramIssue[] {
  const out: ProgramIssue[] = [];
  if (!p.name.trim()) out.push(issue('loyalty.issue.no_name', 'name'));
  if (!isTimeZone(p.timeZone)) out.push(issue('loyalty.issue.time_zone', 'timeZone', { zone: p.timeZone }));
  const rewardIds = new Set(p.rewards.map((r) => r.id));
  const cardIds = new Set(p.stampCards.map((c) => c.id));
  duplicates(p.rewards.map((r) => r.id)).forEach((id) => out.push(issue('loyalty.issue.duplicate_id', 'rewards', { id })));
  duplicates(p.stampCards.map((c) => c.id)).forEach((id) => out.push(issue('loyalty.issue.duplicate_id', 'stampCards', { id })));

  const named = (text: { en: string; bg: string; ru: string }, path: string, id: string): void => {
    if (!text.en.trim() || !text.bg.trim() || !text.ru.trim()) out.push(issue('loyalty.issue.missing_name', path, { id }));
  };
  const giftRef = (gift: Gift, path: string): void => {
    if (gift.kind === 'reward' && !rewardIds.has(gift.rewardId)) out.push(issue('loyalty.issue.unknown_reward', path, { id: gift.rewardId }));
    if (gift.kind === 'stamps' && !cardIds.has(gift.cardId)) out.push(issue('loyalty.issue.unknown_card', path, { id: gift.cardId }));
    if (gift.kind === 'points' && !p.points) out.push(issue('loyalty.issue.points_off', path));
    if ((gift.kind === 'points' || gift.kind === 'stamps') && (gift.kind === 'points' ? gift.amount : gift.count) <= 0) {
      out.push(issue('loyalty.issue.gift_not_positive', path));
    }
  };

  p.stampCards.forEach((c, i) => {
    const path = `stampCards.${i}`;
    named(c.name, path, c.id);
    if (c.size < 2 || c.size > 100) out.push(issue('loyalty.issue.card_size', `${path}.size`, { card: c.name, size: c.size }));
    if (!rewardIds.has(c.rewardId)) out.push(issue('loyalty.issue.unknown_reward', `${path}.rewardId`, { id: c.rewardId }));
    if (c.earn.per === 'item' && c.earn.items.length === 0 && c.earn.categories.length === 0) {
      out.push(issue('loyalty.issue.card_nothing_qualifies', `${path}.earn`, { card: c.name }));
    }
  });

  p.rewards.forEach((r, i) => {
    const path = `rewards.${i}`;
    named(r.name, path, r.id);
    const e = r.effect;
    if (e.type === 'percent_off' && (e.percent <= 0 || e.percent > 100)) {
      out.push(issue('loyalty.issue.percent_range', `${path}.effect.percent`, { reward: r.name, percent: e.percent }));
    }
    if (e.type === 'amount_off' && e.amount <= 0) out.push(issue('loyalty.issue.amount_not_positive', `${path}.effect.amount`, { reward: r.name }));
    if (r.cost) {
      if (r.cost.amount <= 0) {
        out.push(issue(`loyalty.issue.costs_nothing_${r.cost.asset}`, `${path}.cost.amount`, { reward: r.name, amount: r.cost.amount }));
      }
      if (r.cost.asset === 'points' && !p.points) out.push(issue('loyalty.issue.points_off', `${path}.cost`));
      if (r.cost.asset === 'stamps' && !cardIds.has(r.cost.cardId)) out.push(issue('loyalty.issue.unknown_card', `${path}.cost.cardId`, { id: r.cost.cardId }));
    }
  });

  if (p.points) {
    if (p.points.rate.points <= 0 || p.points.rate.per <= 0) out.push(issue('loyalty.issue.rate_not_positive', 'points.rate'));
  }

  if (p.tiers) {
    const t = p.tiers;
    t.levels.forEach((level, i) => {
      named(level.name, `tiers.levels.${i}`, level.id);
      const previous = t.levels[i - 1];
      if (previous && level.threshold <= previous.threshold) {
        out.push(issue('loyalty.issue.tier_order', `tiers.levels.${i}.threshold`, { tier: level.name, previous: previous.name }));
      }
      if (level.threshold < 0) out.push(issue('loyalty.issue.tier_order', `tiers.levels.${i}.threshold`, { tier: level.name, previous: '0' }));
    });
    duplicates(t.levels.map((l) => l.id)).forEach((id) => out.push(issue('loyalty.issue.duplicate_id', 'tiers.levels', { id })));
    if (t.vip && !t.levels.some((l) => l.id === t.vip?.tierId)) out.push(issue('loyalty.issue.unknown_tier', 'tiers.vip.tierId', { id: t.vip.tierId }));
  }

  const o = p.occasions;
  if (o.birthday) giftRef(o.birthday.gift, 'occasions.birthday.gift');
  if (o.nameDay) {
    giftRef(o.nameDay.gift, 'occasions.nameDay.gift');
    if (Object.keys(o.nameDay.calendar).length === 0) out.push(issue('loyalty.issue.empty_calendar', 'occasions.nameDay.calendar'));
  }
  if (o.welcome) giftRef(o.welcome.gift, 'occasions.welcome.gift');
  if (o.anniversary) giftRef(o.anniversary.gift, 'occasions.anniversary.gift');
  if (p.referrals) {
    giftRef(p.referrals.referrerGift, 'referrals.referrerGift');
    giftRef(p.referrals.refereeGift, 'referrals.refereeGift');
  }
  p.surprises.forEach((s, i) => {
    named(s.name, `surprises.${i}`, s.id);
    giftRef(s.gift, `surprises.${i}.gift`);
    if (s.trigger.type === 'every_nth_visit' && s.trigger.n < 2) out.push(issue('loyalty.issue.every_nth', `surprises.${i}.trigger.n`, { name: s.name }));
    if (s.trigger.type === 'chance' && (s.trigger.probability <= 0 || s.trigger.probability >= 1)) {
      out.push(issue('loyalty.issue.probability', `surprises.${i}.trigger.probability`, { name: s.name }));
    }
  });
  if (p.bigPurchase) giftRef(p.bigPurchase.gift, 'bigPurchase.gift');
  p.challenges.forEach((c, i) => {
    named(c.name, `challenges.${i}`, c.id);
    giftRef(c.gift, `challenges.${i}.gift`);
    if (c.visits < 2 || c.visits > c.withinDays) out.push(issue('loyalty.issue.challenge_visits', `challenges.${i}.visits`, { name: c.name }));
  });
  if (p.feedback) giftRef(p.feedback.gift, 'feedback.gift');
  if (p.points?.spend && !p.points) out.push(issue('loyalty.issue.points_off', 'points.spend'));
  return out;
}

function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** The slice of a program the quick-stamp decider (shared/domain/counter.ts) reads. */
export function toCounterProgram(p: Program): CounterProgram {
  return {
    version: p.version,
    name: p.name,
    stampCards: p.stampCards.map((c) => ({
      id: c.id,
      name: c.name,
      size: c.size,
      rewardId: c.rewardId,
      categories: c.earn.per === 'item' ? [...c.earn.categories] : [],
    })),
    rewards: p.rewards.map((r) => ({
      id: r.id,
      name: r.name,
      freeItemCategories: r.effect.type === 'free_item' ? [r.effect.category] : [],
    })),
  };
}

/** Minor units per major unit. All three currencies have two decimals (stotinki, cents, kopecks). */
export const currencyDecimals = (_currency: Program['currency']): number => 2;
