import type { AppError } from '../errors';
import { pointsAsset, rewardAsset, stampAsset, type Explanation, type PlannedEntry } from '../domain/ledger';
import { err, ok, type Result } from '../result';
import { grantOccasions } from './occasions';
import {
  balance,
  change,
  convertFullCards,
  emit,
  expiryOfNewLot,
  grantGift,
  lotOf,
  note,
  setMark,
  setTier,
  startRun,
  takeOldest,
  takeOldestUpTo,
  type Run,
} from './run';
import { applySale, expiryExplanation, expiryWarnings, recordVisit, rewardDiscount, rewardOffersBySlot, salePaid, velocity, walletSums } from './sale';
import { invertChange, type StateChange } from './state';
import { reviewTier, upgradeIfQualified } from './tiers';
import type { EngineInput, EngineOutput, LoyaltyEvent, RecordedOperation, Sale } from './types';

/**
 * The loyalty engine: one pure function from (program version, customer state, event, time in the
 * store's zone) to ledger entries, state changes, offers, flags and explanations. No clock, no I/O,
 * no randomness but `input.seed`; the same input gives the same output. The database applies
 * `entries` (as the quick-stamp decider's are applied) and `changes` (applyChanges) in one
 * transaction, and records the output so a reversal can be planned from it later.
 */
export function evaluate(input: EngineInput): Result<EngineOutput, AppError> {
  const run = startRun(input);
  const failed = dispatch(run, input.event);
  if (failed) return err(failed);
  if (input.event.type !== 'reverse' && input.event.type !== 'day') {
    upgradeIfQualified(run);
    velocity(run);
    expiryWarnings(run);
  }
  const sale = saleOf(input.event);
  if (input.event.type !== 'day') run.offers = rewardOffersBySlot(run.c, walletSums(run), sale);
  return ok({
    programVersion: input.program.version,
    operationId: input.operationId,
    entries: run.entries,
    changes: run.changes,
    rewardsOffered: run.offers,
    flags: run.flags,
    explanations: explanationsOf(run),
    receiptExtras: run.receipt,
    others: run.others,
    discount: run.discount,
    shortfalls: run.shortfalls,
  });
}

function explanationsOf(run: Run): Explanation[] {
  const out: Explanation[] = [];
  for (const e of run.entries) out.push(e.explanation);
  for (const n of run.notes) out.push(n);
  return out;
}

const saleOf = (e: LoyaltyEvent): Sale | null => (e.type === 'sale' || e.type === 'spend-points' ? e.sale : e.type === 'redeem' ? e.sale : null);

function dispatch(run: Run, event: LoyaltyEvent): AppError | null {
  const sale = saleOf(event);
  if (sale && sale.currency !== run.program.currency) return { code: 'loyalty.currency_mismatch', params: { expected: run.program.currency, got: sale.currency } };
  switch (event.type) {
    case 'sale':
      grantOccasions(run);
      applySale(run, event.sale);
      return null;
    case 'quick-stamp':
      return quickStamp(run, event.cardId, event.count);
    case 'enrol':
      enrol(run, event);
      return null;
    case 'day':
      day(run);
      return null;
    case 'feedback':
      return feedback(run, event.score);
    case 'redeem':
      return redeem(run, event.rewardId, event.sale);
    case 'spend-points':
      return spendPoints(run, event.points, event.sale);
    case 'vip-purchase':
      return vipPurchase(run);
    case 'reverse':
      return reverse(run, event.operation, event.reason);
    default: {
      const never: never = event;
      return never;
    }
  }
}

function quickStamp(run: Run, cardId: string, count: number): AppError | null {
  const card = run.c.cards.get(cardId);
  if (!card) return { code: 'loyalty.card_unknown', params: { cardId } };
  if (!Number.isInteger(count) || count < 1 || count > 100) return { code: 'loyalty.stamp_count_invalid', params: { max: 100 } };
  grantOccasions(run);
  recordVisit(run, 0);
  earnStampsQuick(run, card.id, count);
  return null;
}

function earnStampsQuick(run: Run, cardId: string, count: number): void {
  const card = run.c.cards.get(cardId);
  if (!card) return;
  // The same entry shape as the quick-stamp decider in shared/domain/counter.ts, so either can be applied.
  const entry: PlannedEntry = { id: run.input.newId(), asset: stampAsset(card.id), delta: count, kind: 'earn', rule: `stamp-card:${card.id}`, explanation: { key: 'ledger.stamp.earned', params: { count, cardId: card.id } } };
  const expiresAt = expiryOfNewLot(run);
  if (expiresAt !== null) entry.expiresAt = expiresAt;
  emit(run, entry);
  run.added.stamps += count;
  convertFullCards(run, card);
}

function enrol(run: Run, event: Extract<LoyaltyEvent, { type: 'enrol' }>): void {
  const o = run.program.occasions;
  if (o.welcome && run.state.marks.welcome === undefined) {
    setMark(run, 'welcome', 'done');
    grantGift(run, o.welcome.gift, 'occasion:welcome', 'loyalty.reason.welcome');
  }
  const claim = event.referral;
  if (claim && run.program.referrals && run.state.referral === null) {
    const self = claim.referrerId === run.state.customerId || (claim.referrerPhone !== null && claim.referrerPhone === run.state.phone);
    if (self) note(run, 'loyalty.referral.refused_self');
    else if (claim.phoneAlreadyReferred) note(run, 'loyalty.referral.refused_phone');
    else {
      change(run, { type: 'referral.set', from: null, to: { referrerId: claim.referrerId, status: 'pending' } });
      note(run, 'loyalty.referral.pending', { minFirstPurchaseMinor: run.program.referrals.minFirstPurchase, currency: run.program.currency });
    }
  }
  grantOccasions(run);
}

function day(run: Run): void {
  const expired = run.lots
    .filter((l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt <= run.now)
    .sort((a, b) => a.createdAt - b.createdAt || (a.entryId < b.entryId ? -1 : 1));
  for (const lot of expired) {
    emit(run, {
      id: run.input.newId(),
      asset: lot.asset,
      delta: -lot.remaining,
      kind: 'expire',
      rule: 'expiry',
      explanation: expiryExplanation('loyalty.expired', lot.asset, lot.remaining, lot.expiresAt ?? run.now),
      uses: [{ lotId: lot.entryId, amount: lot.remaining }],
    });
  }
  reviewTier(run);
  grantOccasions(run);
  const oldest = run.today - run.c.horizonDays;
  if (run.state.visits.some((v) => v.day < oldest)) change(run, { type: 'visits.prune', beforeDay: oldest });
  if (Object.keys(run.state.counters).some((k) => /^day:(-?\d+):/.test(k) && Number(k.split(':')[1]) < run.today - 1)) {
    change(run, { type: 'counters.prune', beforeDay: run.today - 1 });
  }
}

function feedback(run: Run, score: number): AppError | null {
  if (!Number.isInteger(score) || score < 0 || score > 10) return { code: 'loyalty.feedback_invalid' };
  const rule = run.program.feedback;
  if (!rule) return null;
  const last = run.state.marks.feedback === undefined ? null : Number(run.state.marks.feedback);
  if (last !== null && run.today - last < rule.oncePerDays) {
    note(run, 'loyalty.feedback.already', { count: rule.oncePerDays });
    return null;
  }
  setMark(run, 'feedback', String(run.today));
  grantGift(run, rule.gift, 'feedback', 'loyalty.reason.feedback', { score });
  return null;
}

function redeem(run: Run, rewardId: string, sale: Sale | null): AppError | null {
  const reward = run.c.rewards.get(rewardId);
  if (!reward) return { code: 'loyalty.reward_unknown', params: { rewardId } };
  let discount = 0;
  if (sale) {
    const d = rewardDiscount(reward, sale, salePaid(sale));
    if (d === null) return { code: 'loyalty.reward_not_applicable', params: { rewardId } };
    discount = d;
  }
  const fromWallet = takeOldest(run, rewardAsset(rewardId), 1);
  if (fromWallet) {
    emit(run, { id: run.input.newId(), asset: rewardAsset(rewardId), delta: -1, kind: 'redeem', rule: `reward:${rewardId}`, explanation: { key: 'ledger.reward.redeemed', params: { rewardId } }, uses: fromWallet });
  } else if (reward.cost?.asset === 'points') {
    const uses = takeOldest(run, pointsAsset, reward.cost.amount);
    if (!uses) return { code: 'loyalty.not_enough_points', params: { rewardId, need: reward.cost.amount, have: balance(run, pointsAsset) } };
    emit(run, { id: run.input.newId(), asset: pointsAsset, delta: -reward.cost.amount, kind: 'redeem', rule: `reward:${rewardId}`, explanation: { key: 'loyalty.redeem.points', params: { count: reward.cost.amount, rewardId } }, uses });
  } else if (reward.cost?.asset === 'stamps') {
    const asset = stampAsset(reward.cost.cardId);
    const uses = takeOldest(run, asset, reward.cost.amount);
    if (!uses) return { code: 'loyalty.not_enough_stamps', params: { rewardId, need: reward.cost.amount, have: balance(run, asset) } };
    emit(run, { id: run.input.newId(), asset, delta: -reward.cost.amount, kind: 'redeem', rule: `reward:${rewardId}`, explanation: { key: 'loyalty.redeem.stamps', params: { count: reward.cost.amount, cardId: reward.cost.cardId, rewardId } }, uses });
  } else {
    return { code: 'loyalty.reward_not_bought', params: { rewardId } };
  }
  run.added.redemptions += 1;
  run.discount = discount;
  return null;
}

function spendPoints(run: Run, points: number, sale: Sale): AppError | null {
  const rule = run.program.points?.spend;
  if (!rule) return { code: 'loyalty.points_off' };
  const paid = salePaid(sale);
  const max = Math.floor(paid / rule.valuePerPoint);
  if (!Number.isInteger(points) || points < rule.minPoints || points > max) {
    return { code: 'loyalty.points_spend_invalid', params: { min: rule.minPoints, max } };
  }
  const uses = takeOldest(run, pointsAsset, points);
  if (!uses) return { code: 'loyalty.not_enough_points', params: { rewardId: '-', need: points, have: balance(run, pointsAsset) } };
  const discount = points * rule.valuePerPoint;
  emit(run, { id: run.input.newId(), asset: pointsAsset, delta: -points, kind: 'redeem', rule: 'points:spend', explanation: { key: 'loyalty.points.spent', params: { count: points, discountMinor: discount, currency: run.program.currency } }, uses });
  run.added.redemptions += 1;
  run.discount = discount;
  return null;
}

function vipPurchase(run: Run): AppError | null {
  const vip = run.program.tiers?.vip;
  if (!vip) return { code: 'loyalty.vip_off' };
  const current = run.state.tier;
  const from = current.vip && current.vip.untilDay >= run.today ? current.vip.untilDay + 1 : run.today;
  const untilDay = from + vip.durationDays - 1;
  setTier(run, { ...current, vip: { tierId: vip.tierId, untilDay } });
  note(run, 'loyalty.vip.bought', { tierId: vip.tierId, untilDay, priceMinor: vip.price, currency: run.program.currency });
  return null;
}

/**
 * Undoes an operation exactly: newest entry first, each earning taken back from its own lot, each
 * spend given back to the lots it used, each state change inverted; entries made for someone else
 * (a referrer) are handed back to the database to reverse on their ledger. An earning already
 * spent is taken from the customer's other lots of that asset, and what is still missing is
 * reported in `shortfalls` (never refused): the database keeps it as a deficit.
 */
function reverse(run: Run, op: RecordedOperation, reason: string): AppError | null {
  if (op.reversed) return { code: 'loyalty.reverse_twice' };
  if (op.entries.some((e) => e.kind === 'reverse') || (op.entries.length === 0 && op.changes.length === 0)) return { code: 'loyalty.reverse_nothing' };
  for (const e of [...op.entries].reverse()) {
    const base = { id: run.input.newId(), asset: e.asset, delta: -e.delta, kind: 'reverse' as const, rule: e.rule, explanation: { key: 'ledger.reversal', params: { reason } }, reverses: e.id };
    if (e.delta > 0 && !e.restores) {
      // Its own lot first; what was since spent from it comes from the customer's other lots of the
      // same asset, and what they do not hold either is owed (issue 6: a refund is never blocked).
      const left = Math.min(lotOf(run, e.id)?.remaining ?? 0, e.delta);
      const uses = left > 0 ? [{ lotId: e.id, amount: left }] : [];
      if (left < e.delta) uses.push(...takeOldestUpTo(run, e.asset, e.delta - left, e.id));
      const covered = uses.reduce((sum, u) => sum + u.amount, 0);
      emit(run, { ...base, uses });
      if (covered < e.delta) {
        run.shortfalls.push({ entryId: base.id, asset: e.asset, amount: e.delta - covered });
        note(run, e.asset.startsWith('reward:') ? 'loyalty.reverse.owed_reward' : e.asset.startsWith('stamps:') ? 'loyalty.reverse.owed_stamps' : 'loyalty.reverse.owed_points', {
          count: e.delta - covered,
          ...(e.asset.startsWith('reward:') ? { rewardId: e.asset.slice(7) } : e.asset.startsWith('stamps:') ? { cardId: e.asset.slice(7) } : {}),
        });
      }
    } else if (e.delta < 0) {
      emit(run, { ...base, restores: e.uses ?? [] });
    }
  }
  for (const c of [...op.changes].reverse()) {
    const inverse = invertChange(c);
    if (inverse && stillCurrent(run, c)) change(run, inverse);
  }
  for (const other of op.others) {
    if (other.entries.length > 0) run.others.push({ customerId: other.customerId, entries: [], reverseEntryIds: other.entries.map((e) => e.id) });
  }
  // Stamps given back by undoing a stamp-priced redemption can fill a card again.
  for (const card of run.c.cards.values()) convertFullCards(run, card);
  return null;
}

/** A later change may have replaced what this one set; then its inverse would undo the later one too. */
function stillCurrent(run: Run, c: StateChange): boolean {
  switch (c.type) {
    case 'tier.set':
      return JSON.stringify(run.state.tier) === JSON.stringify(c.to);
    case 'mark.set':
      return (run.state.marks[c.key] ?? null) === c.to;
    case 'referral.set':
      return JSON.stringify(run.state.referral) === JSON.stringify(c.to);
    default:
      return true;
  }
}
