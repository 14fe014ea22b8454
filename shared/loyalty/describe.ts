import { pointsAsset, rewardAsset, stampAsset, type Explanation } from '../domain/ledger';
import { anniversaryHit, birthdayHit, nameDayHit } from './occasions';
import type { Program } from './program';
import { compile } from './run';
import { expiryExplanation, rewardOffers } from './sale';
import { balanceOf, type CustomerState } from './state';
import { effectiveTier, qualifiedTier, tierMetric } from './tiers';
import { localDay } from './time';
import type { RewardOffer, Sale } from './types';

/** What the counter screen shows about a customer: typed data, and each line as an i18n key + params. */
export interface CustomerSummary {
  cards: { cardId: string; stamps: number; size: number; toGo: number; rewardId: string; message: Explanation }[];
  points: {
    balance: number;
    /** Rewards the balance pays for now, cheapest first: "120 points: enough for a croissant". */
    affordable: { rewardId: string; cost: number; message: Explanation }[];
    /** The cheapest reward not yet affordable. */
    next: { rewardId: string; cost: number; missing: number; message: Explanation } | null;
  } | null;
  wallet: { rewardId: string; count: number; message: Explanation }[];
  tier: {
    tierId: string | null;
    /** Paid VIP in force. */
    vip: boolean;
    basis: 'spend' | 'visits';
    /** Spend (minor units) or visits in the window. */
    value: number;
    next: { tierId: string; threshold: number; remaining: number } | null;
    /** 0..1 towards the next tier; 1 at the top. */
    progress: number;
    discountPercent: number;
    message: Explanation | null;
  } | null;
  banners: { kind: 'birthday' | 'name-day' | 'anniversary'; message: Explanation }[];
  /** Rewards the customer has or can afford that apply to `sale` (all of them without a sale). */
  applicable: RewardOffer[];
  /** Lots that expire within the program's warning period. */
  expiring: { asset: string; amount: number; expiresAt: number; message: Explanation }[];
}

export function describeCustomer(program: Program, state: CustomerState, now: number, timeZone: string, sale: Sale | null = null): CustomerSummary {
  const c = compile(program);
  const today = localDay(now, timeZone);
  const bal = (asset: string): number => balanceOf(state.lots, asset);

  const cards = program.stampCards.map((card) => {
    const stamps = bal(stampAsset(card.id));
    const toGo = card.size - (stamps % card.size);
    return { cardId: card.id, stamps, size: card.size, toGo, rewardId: card.rewardId, message: { key: 'loyalty.describe.card_progress', params: { count: toGo, rewardId: card.rewardId } } };
  });

  let points: CustomerSummary['points'] = null;
  if (program.points) {
    const balance = bal(pointsAsset);
    const priced = program.rewards
      .filter((r) => r.cost?.asset === 'points')
      .map((r) => ({ rewardId: r.id, cost: r.cost?.amount ?? 0 }))
      .sort((a, b) => a.cost - b.cost || (a.rewardId < b.rewardId ? -1 : 1));
    const affordable = priced.filter((r) => r.cost <= balance).map((r) => ({ ...r, message: { key: 'loyalty.describe.points_enough', params: { count: balance, rewardId: r.rewardId } } }));
    const nextReward = priced.find((r) => r.cost > balance);
    const next = nextReward
      ? { ...nextReward, missing: nextReward.cost - balance, message: { key: 'loyalty.describe.points_short', params: { count: nextReward.cost - balance, rewardId: nextReward.rewardId } } }
      : null;
    points = { balance, affordable, next };
  }

  const wallet = program.rewards
    .map((r) => ({ rewardId: r.id, count: bal(rewardAsset(r.id)) }))
    .filter((w) => w.count > 0)
    .map((w) => ({ ...w, message: { key: 'loyalty.describe.wallet', params: { count: w.count, rewardId: w.rewardId } } }));

  let tier: CustomerSummary['tier'] = null;
  if (program.tiers) {
    const t = program.tiers;
    const value = tierMetric(c, state, today);
    const inForce = effectiveTier(c, state.tier, today);
    const rank = inForce ? c.tiers.indexOf(inForce) : -1;
    const higher = c.tiers[rank + 1] ?? null;
    // The next tier is the next above the one in force, or above what the window already earns.
    const earned = qualifiedTier(c, value);
    const nextTier = higher && (!earned || c.tiers.indexOf(earned) <= rank) ? higher : null;
    const remaining = nextTier ? Math.max(0, nextTier.threshold - value) : 0;
    const message: Explanation | null = nextTier
      ? t.basis === 'spend'
        ? { key: 'loyalty.describe.tier_spend', params: { remainingMinor: remaining, tierId: nextTier.id, currency: program.currency } }
        : { key: 'loyalty.describe.tier_visits', params: { count: remaining, tierId: nextTier.id } }
      : inForce
        ? { key: 'loyalty.describe.tier_top', params: { tierId: inForce.id } }
        : null;
    tier = {
      tierId: inForce?.id ?? null,
      vip: inForce !== null && inForce.id !== state.tier.tierId,
      basis: t.basis,
      value,
      next: nextTier ? { tierId: nextTier.id, threshold: nextTier.threshold, remaining } : null,
      progress: nextTier ? Math.min(1, value / nextTier.threshold) : 1,
      discountPercent: inForce?.benefits.discountPercent ?? 0,
      message,
    };
  }

  const banners: CustomerSummary['banners'] = [];
  const birthday = birthdayHit(program, state, today);
  if (birthday) {
    const key = birthday.offset === 0 ? 'loyalty.banner.birthday_today' : birthday.offset > 0 ? 'loyalty.banner.birthday_soon' : 'loyalty.banner.birthday_past';
    banners.push({ kind: 'birthday', message: { key, params: { count: Math.abs(birthday.offset) } } });
  }
  const nameDay = nameDayHit(program, state, today);
  if (nameDay && nameDay.offset >= 0) {
    banners.push({ kind: 'name-day', message: { key: nameDay.offset === 0 ? 'loyalty.banner.name_day_today' : 'loyalty.banner.name_day_soon', params: { count: nameDay.offset, name: state.firstName ?? '' } } });
  }
  const anniversary = anniversaryHit(program, state, today, timeZone);
  if (anniversary && anniversary.offset === 0) banners.push({ kind: 'anniversary', message: { key: 'loyalty.banner.anniversary', params: { count: anniversary.years } } });

  const expiring: CustomerSummary['expiring'] = [];
  if (program.expiry.enabled) {
    const horizon = now + program.expiry.warnDays * 86_400_000;
    for (const l of state.lots) {
      if (l.remaining > 0 && l.expiresAt !== null && l.expiresAt >= now && l.expiresAt <= horizon) {
        expiring.push({ asset: l.asset, amount: l.remaining, expiresAt: l.expiresAt, message: expiryExplanation('loyalty.expiry.warning', l.asset, l.remaining, l.expiresAt) });
      }
    }
    expiring.sort((a, b) => a.expiresAt - b.expiresAt);
  }

  return { cards, points, wallet, tier, banners, applicable: rewardOffers(c, bal, sale), expiring };
}
