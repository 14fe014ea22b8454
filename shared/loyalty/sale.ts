import { pointsAsset, type Explanation } from '../domain/ledger';
import type { Reward } from './program';
import { seededRoll } from './random';
import { change, counter, earnPoints, earnStamps, grantGift, giftEntriesForOther, note, setMark, type CompiledProgram, type Run } from './run';
import { dayCounter } from './state';
import { effectiveTier } from './tiers';
import { DAY_MS } from './time';
import type { RewardOffer, Sale } from './types';

/** What a sale pays after its discounts, and the part of each line that earns. */
export interface SaleAmounts {
  /** Paid after line and sale discounts. */
  paid: number;
  /** Paid less tenders that earn nothing (points, vouchers). */
  qualifying: number;
  /** Per line, the qualifying amount (sale discounts and excluded tenders spread by line amount). */
  lineQualifying: number[];
}

export function saleAmounts(sale: Sale, excludedTenders: readonly string[]): SaleAmounts {
  let gross = 0;
  for (const l of sale.lines) gross += Math.max(0, l.amount);
  let discounts = 0;
  for (const d of sale.discounts) discounts += Math.max(0, d.amount);
  const paid = Math.max(0, gross - discounts);
  let excluded = 0;
  for (const t of sale.tenders) if (excludedTenders.includes(t.method)) excluded += Math.max(0, t.amount);
  const qualifying = Math.max(0, paid - excluded);
  return { paid, qualifying, lineQualifying: spread(qualifying, sale.lines.map((l) => Math.max(0, l.amount)), gross) };
}

/** What a sale pays after line and sale discounts (the base a reward or a point spend comes off). */
export function salePaid(sale: Sale): number {
  let gross = 0;
  for (const l of sale.lines) gross += Math.max(0, l.amount);
  let discounts = 0;
  for (const d of sale.discounts) discounts += Math.max(0, d.amount);
  return Math.max(0, gross - discounts);
}

/** Splits `total` over weights, floors first and then largest remainders (ties by line order), so parts sum to total. */
function spread(total: number, weights: number[], sum: number): number[] {
  if (sum === 0) return weights.map(() => 0);
  if (total === sum) return weights;
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ i, r: (total * w) % sum })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    parts[o.i] = (parts[o.i] ?? 0) + 1;
    left--;
  }
  return parts;
}

/** Minor units a reward takes off a sale; null when it cannot apply (no item of its category). */
export function rewardDiscount(reward: Reward, sale: Sale, paid: number): number | null {
  const e = reward.effect;
  switch (e.type) {
    case 'percent_off':
      return paid > 0 ? Math.floor((paid * e.percent) / 100) : null;
    case 'amount_off':
      return paid > 0 ? Math.min(e.amount, paid) : null;
    case 'free_item': {
      let best = -1;
      for (const l of sale.lines) if (l.category === e.category && l.quantity > 0) best = Math.max(best, l.unitPrice);
      if (best < 0) return null;
      return Math.min(e.maxValue ?? best, best, paid);
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Rewards the customer has or can afford, with what each takes off `sale` (those that cannot apply left out). */
export function rewardOffers(c: CompiledProgram, bal: (asset: string) => number, sale: Sale | null): RewardOffer[] {
  const paid = sale ? salePaid(sale) : 0;
  const offers: RewardOffer[] = [];
  for (const { reward: r, asset, costAsset } of c.catalogue) {
    const source = bal(asset) > 0 ? 'wallet' : r.cost?.asset === 'points' && bal(pointsAsset) >= r.cost.amount ? 'points' : r.cost?.asset === 'stamps' && costAsset !== null && bal(costAsset) >= r.cost.amount ? 'stamps' : null;
    if (source !== null) addOffer(offers, r, source, sale, paid);
  }
  return offers;
}

/**
 * rewardOffers on balances summed by slot (walletSums): no closure and no map lookup per reward.
 * Whether the customer has or can afford a reward is asked first, and what it takes off the sale
 * only then (most of the catalogue is out of reach, and the discount is a pure function).
 */
export function rewardOffersBySlot(c: CompiledProgram, sums: readonly number[], sale: Sale | null): RewardOffer[] {
  const paid = sale ? salePaid(sale) : 0;
  const points = sums[0] ?? 0;
  const offers: RewardOffer[] = [];
  for (const { reward: r, slot, costSlot } of c.catalogue) {
    const cost = r.cost;
    const source =
      slot >= 0 && (sums[slot] ?? 0) > 0
        ? 'wallet'
        : cost?.asset === 'points' && points >= cost.amount
          ? 'points'
          : cost?.asset === 'stamps' && (costSlot < 0 ? 0 : (sums[costSlot] ?? 0)) >= cost.amount
            ? 'stamps'
            : null;
    if (source !== null) addOffer(offers, r, source, sale, paid);
  }
  return offers;
}

function addOffer(offers: RewardOffer[], r: Reward, source: RewardOffer['source'], sale: Sale | null, paid: number): void {
  const discount = sale ? rewardDiscount(r, sale, paid) : null;
  if (sale && discount === null) return;
  if (source === 'wallet') offers.push({ rewardId: r.id, source, cost: 0, cardId: null, discount });
  else if (r.cost?.asset === 'stamps') offers.push({ rewardId: r.id, source, cost: r.cost.amount, cardId: r.cost.cardId, discount });
  else offers.push({ rewardId: r.id, source, cost: r.cost?.amount ?? 0, cardId: null, discount });
}

/** Counts this operation as a visit unless its visit is already recorded. Returns whether it is new. */
export function recordVisit(run: Run, spend: number): boolean {
  const id = run.input.visitId ?? run.input.operationId;
  // Only a visit made of several operations can be recorded already (operation ids are unique).
  if (run.input.visitId) for (const v of run.state.visits) if (v.id === id) return false;
  change(run, { type: 'visit.add', visit: { id, day: run.today, spend } });
  change(run, { type: 'counter.add', name: 'visits', delta: 1 });
  return true;
}

export function applySale(run: Run, sale: Sale): void {
  const p = run.program;
  const amounts = saleAmounts(sale, p.points?.excludedTenders ?? ['points', 'voucher']);
  const tierAtStart = effectiveTier(run.c, run.state.tier, run.today);
  const newVisit = recordVisit(run, amounts.qualifying);
  change(run, { type: 'counter.add', name: 'sales', delta: 1 });
  run.added.sales += 1;

  stampsForSale(run, sale, amounts, newVisit);
  pointsForSale(run, sale, amounts, tierAtStart?.id ?? null, tierAtStart?.benefits.pointsMultiplier ?? 1);
  referralOnPurchase(run, amounts.qualifying);
  if (newVisit) visitRewards(run);
  if (p.bigPurchase && amounts.qualifying >= p.bigPurchase.minAmount) {
    grantGift(run, p.bigPurchase.gift, 'big-purchase', 'loyalty.reason.big_purchase', { minAmountMinor: p.bigPurchase.minAmount, currency: p.currency });
  }
  partnerOffer(run, sale, amounts.paid);
}

function stampsForSale(run: Run, sale: Sale, amounts: SaleAmounts, newVisit: boolean): void {
  const visitKey = run.input.visitId ?? run.input.operationId;
  for (const card of run.c.cards.values()) {
    let qualifying = 0;
    let key = 'loyalty.stamps.items';
    if (card.earn.per === 'item') {
      for (let i = 0; i < sale.lines.length; i++) {
        const l = sale.lines[i]!;
        if ((amounts.lineQualifying[i] ?? 0) > 0 && (card.itemSet.has(l.itemId) || card.categorySet.has(l.category))) qualifying += Math.max(0, Math.floor(l.quantity));
      }
    } else {
      key = 'loyalty.stamps.visit';
      if (newVisit && amounts.qualifying >= card.earn.minAmount) qualifying = 1;
    }
    if (qualifying === 0) continue;
    let count = qualifying;
    const params: Explanation['params'] = { count, cardId: card.id, qualifying };
    if (card.capPerVisit !== null) {
      // Only a visit made of several operations needs to remember what its earlier ones stamped.
      const counterName = run.input.visitId ? dayCounter(run.today, `visit:${visitKey}:stamps:${card.id}`) : null;
      const already = counterName ? counter(run, counterName) : 0;
      count = Math.max(0, Math.min(qualifying, card.capPerVisit - already));
      if (count < qualifying) {
        key = 'loyalty.stamps.capped';
        params.count = count;
        params.cap = card.capPerVisit;
      }
      if (counterName && count > 0) change(run, { type: 'counter.add', name: counterName, delta: count });
    }
    if (count > 0) earnStamps(run, card, count, card.rule, { key, params });
  }
}

function pointsForSale(run: Run, sale: Sale, amounts: SaleAmounts, tierId: string | null, tierMultiplier: number): void {
  const pr = run.program.points;
  if (!pr || amounts.qualifying === 0) return;
  let weighted = 0;
  // Boosted categories: most sales have at most one, so a map is made only for a second.
  let firstCategory: string | null = null;
  let firstAmount = 0;
  let boosted: Map<string, number> | null = null;
  for (let i = 0; i < sale.lines.length; i++) {
    const l = sale.lines[i]!;
    const q = amounts.lineQualifying[i] ?? 0;
    const m = run.c.categoryMultipliers.get(l.category) ?? 1;
    weighted += q * Math.round(m * 100);
    if (m === 1 || q <= 0) continue;
    if (boosted !== null) boosted.set(l.category, (boosted.get(l.category) ?? 0) + q);
    else if (firstCategory === null || firstCategory === l.category) {
      firstCategory = l.category;
      firstAmount += q;
    } else boosted = new Map([[firstCategory, firstAmount], [l.category, q]]);
  }
  // Integer arithmetic throughout: multipliers in hundredths, money in minor units.
  const numerator = weighted * Math.round(tierMultiplier * 100) * pr.rate.points;
  const denominator = run.c.pointsPer * 10_000;
  const exact = numerator / denominator;
  const count = pr.rounding === 'down' ? Math.floor(exact) : pr.rounding === 'up' ? Math.ceil(exact) : Math.round(exact);
  if (count <= 0) return;
  const params: Explanation['params'] = { count, rate: pr.rate.points, per: pr.rate.per, currency: run.program.currency, paidMinor: amounts.qualifying };
  if (numerator % denominator !== 0) params.rounding = pr.rounding;
  if (tierId !== null && tierMultiplier !== 1) {
    params.tierId = tierId;
    params.tierMultiplier = tierMultiplier;
  }
  if (firstCategory !== null) {
    // The explanation names the category that added most (ties by name); the rest are counted.
    let category = firstCategory;
    let amount = firstAmount;
    if (boosted !== null) {
      amount = -1;
      for (const [k, v] of boosted) {
        if (v > amount || (v === amount && k < category)) {
          category = k;
          amount = v;
        }
      }
    }
    params.category = category;
    params.categoryMultiplier = run.c.categoryMultipliers.get(category) ?? 1;
    params.categoryAmountMinor = amount;
    if (boosted !== null && boosted.size > 1) params.moreCategories = boosted.size - 1;
  }
  earnPoints(run, count, 'points', { key: 'loyalty.points.earned', params });
}

function referralOnPurchase(run: Run, qualifying: number): void {
  const r = run.program.referrals;
  const ref = run.state.referral;
  if (!r || !ref || ref.status !== 'pending' || qualifying < r.minFirstPurchase) return;
  change(run, { type: 'referral.set', from: ref, to: { ...ref, status: 'rewarded' } });
  grantGift(run, r.refereeGift, 'referral:referee', 'loyalty.reason.referee');
  const already = run.input.context?.referrerRewardedCount ?? 0;
  if (already >= r.capPerReferrer) {
    note(run, 'loyalty.referral.cap_reached', { cap: r.capPerReferrer });
    return;
  }
  const entries = giftEntriesForOther(run, r.referrerGift, 'referral:referrer', 'loyalty.reason.referrer', {});
  run.others.push({ customerId: ref.referrerId, entries, reverseEntryIds: [] });
  run.notes.push(...entries.map((e) => e.explanation));
}

/** Surprises for regulars and challenges: only on a new visit. */
function visitRewards(run: Run): void {
  const visitNo = counter(run, 'visits');
  for (const s of run.program.surprises) {
    if (s.minVisits > 0 && visitsSince(run, run.today - s.regularDays + 1) < s.minVisits) continue;
    if (s.trigger.type === 'every_nth_visit') {
      if (visitNo % s.trigger.n === 0) grantGift(run, s.gift, `surprise:${s.id}`, 'loyalty.reason.surprise_nth', { surpriseId: s.id, visitNo });
    } else {
      const seed = run.input.seed ?? run.input.operationId;
      const roll = seededRoll(seed, s.id);
      if (roll < s.trigger.probability) {
        grantGift(run, s.gift, `surprise:${s.id}`, 'loyalty.reason.surprise_chance', {
          surpriseId: s.id,
          seed,
          roll: roll.toFixed(6),
          probability: s.trigger.probability,
        });
      }
    }
  }
  for (const ch of run.program.challenges) {
    const markKey = run.c.challengeKeys.get(ch.id) ?? `challenge:${ch.id}`;
    const last = Number(run.state.marks[markKey] ?? Number.NEGATIVE_INFINITY);
    const from = Math.max(run.today - ch.withinDays + 1, last + 1);
    if (distinctVisitDays(run, from) >= ch.visits) {
      setMark(run, markKey, String(run.today));
      grantGift(run, ch.gift, markKey, 'loyalty.reason.challenge', { challengeId: ch.id, visits: ch.visits, days: ch.withinDays });
    }
  }
}

/** Distinct days with a visit from `fromDay` to today (a bit per day for short windows, no set allocated). */
function distinctVisitDays(run: Run, fromDay: number): number {
  if (run.today - fromDay < 31) {
    let mask = 0;
    for (const v of run.state.visits) if (v.day >= fromDay && v.day <= run.today) mask |= 1 << (run.today - v.day);
    let n = 0;
    for (; mask !== 0; mask &= mask - 1) n++;
    return n;
  }
  const days = new Set<number>();
  for (const v of run.state.visits) if (v.day >= fromDay && v.day <= run.today) days.add(v.day);
  return days.size;
}

function visitsSince(run: Run, fromDay: number): number {
  let n = 0;
  for (const v of run.state.visits) if (v.day >= fromDay) n++;
  return n;
}

function partnerOffer(run: Run, sale: Sale, paid: number): void {
  const saleNo = run.input.context?.storeSaleNumber ?? counter(run, 'sales');
  for (const o of run.program.partnerOffers) {
    if (paid < o.when.minAmount) continue;
    if (o.when.categories.length > 0 && !sale.lines.some((l) => o.when.categories.includes(l.category))) continue;
    if (saleNo % o.when.everyNthSale !== 0) continue;
    run.receipt.push({ type: 'partner-offer', offerId: o.id, partner: o.partner, code: o.code, explanation: { key: 'loyalty.partner.offer', params: { offerId: o.id, partner: o.partner, code: o.code } } });
    return;
  }
}

const velocityMetrics = ['stamps', 'redemptions', 'points', 'sales'] as const;

/** Flags (never blocks) a day above a velocity limit, naming the staff member. */
export function velocity(run: Run): void {
  for (const metric of velocityMetrics) {
    const added = run.added[metric];
    // Day totals are kept only for what some velocity rule watches.
    if (added === 0 || !run.c.velocityMetrics.has(metric)) continue;
    const name = dayCounter(run.today, metric);
    const before = run.input.state.counters[name] ?? 0;
    change(run, { type: 'counter.add', name, delta: added });
    for (const rule of run.program.velocity) {
      if (rule.metric !== metric || before + added <= rule.maxPerDay) continue;
      run.flags.push({
        ruleId: rule.id,
        metric,
        count: before + added,
        max: rule.maxPerDay,
        day: run.today,
        staffId: run.input.staffId ?? null,
        explanation: { key: `loyalty.flag.${metric}`, params: { count: before + added, max: rule.maxPerDay, staff: run.input.staffId ?? '-' } },
      });
    }
  }
}

/** Warns, on the receipt, of lots that expire within the program's warning period. */
export function expiryWarnings(run: Run): void {
  const e = run.program.expiry;
  if (!e.enabled) return;
  const horizon = run.now + e.warnDays * DAY_MS;
  const byAsset = new Map<string, { amount: number; expiresAt: number }>();
  for (const l of run.lots) {
    if (l.remaining <= 0 || l.expiresAt === null || l.expiresAt > horizon || l.expiresAt < run.now) continue;
    const seen = byAsset.get(l.asset);
    byAsset.set(l.asset, { amount: (seen?.amount ?? 0) + l.remaining, expiresAt: Math.min(seen?.expiresAt ?? l.expiresAt, l.expiresAt) });
  }
  for (const [asset, w] of [...byAsset].sort(([a], [b]) => (a < b ? -1 : 1))) {
    run.receipt.push({ type: 'expiry-warning', asset, amount: w.amount, expiresAt: w.expiresAt, explanation: expiryExplanation('loyalty.expiry.warning', asset, w.amount, w.expiresAt) });
  }
}

export function expiryExplanation(prefix: string, asset: string, amount: number, at: number): Explanation {
  if (asset === pointsAsset) return { key: `${prefix}.points`, params: { count: amount, atMs: at } };
  if (asset.startsWith('stamps:')) return { key: `${prefix}.stamps`, params: { count: amount, cardId: asset.slice(7), atMs: at } };
  return { key: `${prefix}.reward`, params: { count: amount, rewardId: asset.slice(7), atMs: at } };
}

/** Balances of every asset the program knows after the planned entries, by slot (CompiledProgram.assetSlot), summed once. */
export function walletSums(run: Run): number[] {
  const slots = run.c.assetSlot;
  const sums: number[] = new Array<number>(slots.size).fill(0);
  for (const l of run.lots) {
    if (l.remaining <= 0) continue;
    const slot = slots.get(l.asset);
    if (slot !== undefined) sums[slot] = (sums[slot] ?? 0) + l.remaining;
  }
  return sums;
}
