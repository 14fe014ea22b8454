import type { AppError } from '../errors';
import { groupedDigits, isPaymentCardNumber } from '../codes/paymentCard';
import { err, ok, type Result } from '../result';
import type { Catalogue } from './catalogue';
import type { CounterProgram, LocalText } from './program';

/**
 * Pricing an order: pure, so the counter can show it live and the sale records exactly what was
 * shown. Rewards applied to the order take off the price of one qualifying item each (the dearest,
 * which is the customer's drink in a free-drink reward). Stamps are earned per qualifying item paid
 * for; an item made free by a reward earns none.
 */
export interface OrderLine {
  itemId: string;
  quantity: number;
  modifierIds: string[];
}

export interface PricedLine {
  lineNo: number;
  itemId: string;
  name: LocalText;
  categoryId: string;
  quantity: number;
  unitPriceMinor: number;
  modifiersMinor: number;
  modifierIds: string[];
  discountMinor: number;
  totalMinor: number;
}

export interface PricedOrder {
  currency: string;
  lines: PricedLine[];
  subtotalMinor: number;
  discountMinor: number;
  totalMinor: number;
  /** Rewards applied, each with the line it made free. */
  rewards: { rewardId: string; lineNo: number; discountMinor: number }[];
  /** Stamps the sale earns, per stamp card. */
  stamps: { cardId: string; count: number }[];
  /** The customer's tier discount, taken off what is left after rewards; null without one. */
  tier: { tierId: string; name: LocalText; percent: number; discountMinor: number } | null;
  /** Points the sale earns (the terminal fills this in from the loyalty engine; 0 without a customer). */
  points: number;
  /** Points the rewards bought with points on this order cost. */
  pointsSpent: number;
  /** On a quote: rewards the customer's points can buy that would take something off this order (one tap each). */
  offers: { rewardId: string; name: LocalText; cost: number; discountMinor: number }[];
}

/** The standing discount of the customer's tier, as the program's tier level gives it. */
export interface TierDiscount {
  tierId: string;
  name: LocalText;
  percent: number;
}

export function priceOrder(
  catalogue: Catalogue,
  program: CounterProgram,
  lines: readonly OrderLine[],
  rewardIds: readonly string[],
  tier: TierDiscount | null = null,
): Result<PricedOrder, AppError> {
  const priced: PricedLine[] = [];
  for (const [i, line] of lines.entries()) {
    const item = catalogue.items.find((it) => it.id === line.itemId);
    if (!item) return err({ code: 'sale.item_unknown', params: { itemId: line.itemId } });
    let modifiersMinor = 0;
    for (const id of line.modifierIds) {
      const modifier = catalogue.modifiers.find((m) => m.id === id);
      if (!modifier) return err({ code: 'sale.item_unknown', params: { itemId: id } });
      modifiersMinor += modifier.priceMinor;
    }
    const unit = item.priceMinor + modifiersMinor;
    priced.push({
      lineNo: i + 1,
      itemId: item.id,
      name: item.name,
      categoryId: item.categoryId,
      quantity: line.quantity,
      unitPriceMinor: item.priceMinor,
      modifiersMinor,
      modifierIds: [...line.modifierIds],
      discountMinor: 0,
      totalMinor: unit * line.quantity,
    });
  }

  // Units still at full price, per line, that a reward may make free.
  const freeUnits = new Map<number, number>();
  const rewards: PricedOrder['rewards'] = [];
  for (const rewardId of rewardIds) {
    const rule = program.rewards.find((r) => r.id === rewardId);
    const categories = rule?.freeItemCategories ?? [];
    const candidates = priced
      .filter((l) => categories.includes(l.categoryId) && (freeUnits.get(l.lineNo) ?? 0) < l.quantity)
      .sort((a, b) => b.unitPriceMinor + b.modifiersMinor - (a.unitPriceMinor + a.modifiersMinor) || a.lineNo - b.lineNo);
    const target = candidates[0];
    if (!target) return err({ code: 'sale.reward_not_applicable', params: { rewardId } });
    const discount = target.unitPriceMinor + target.modifiersMinor;
    freeUnits.set(target.lineNo, (freeUnits.get(target.lineNo) ?? 0) + 1);
    target.discountMinor += discount;
    target.totalMinor -= discount;
    rewards.push({ rewardId, lineNo: target.lineNo, discountMinor: discount });
  }

  const stamps = program.stampCards
    .map((card) => ({
      cardId: card.id,
      count: priced
        .filter((l) => (card.categories ?? []).includes(l.categoryId))
        .reduce((sum, l) => sum + l.quantity - (freeUnits.get(l.lineNo) ?? 0), 0),
    }))
    .filter((s) => s.count > 0);

  // The tier's standing discount, per line on what rewards left, rounded down to whole minor units;
  // the order's discount is the sum of the lines', so lines and totals always agree.
  let tierApplied: PricedOrder['tier'] = null;
  if (tier !== null && tier.percent > 0) {
    let off = 0;
    for (const l of priced) {
      const d = Math.floor((l.totalMinor * tier.percent) / 100);
      l.discountMinor += d;
      l.totalMinor -= d;
      off += d;
    }
    tierApplied = { tierId: tier.tierId, name: tier.name, percent: tier.percent, discountMinor: off };
  }
  const subtotal = priced.reduce((s, l) => s + (l.unitPriceMinor + l.modifiersMinor) * l.quantity, 0);
  const discount = priced.reduce((s, l) => s + l.discountMinor, 0);
  return ok({ currency: catalogue.currency, lines: priced, subtotalMinor: subtotal, discountMinor: discount, totalMinor: subtotal - discount, rewards, stamps, tier: tierApplied, points: 0, pointsSpent: 0, offers: [] });
}

/**
 * Takes a reward's discount, as the loyalty engine priced it, off the order: a free item comes off
 * the dearest line of its category; anything else (percent or amount off) is spread over the lines
 * by their totals, largest remainders first, so lines and total always agree.
 */
export function applyRewardDiscount(order: PricedOrder, rewardId: string, amountMinor: number, freeItemCategory: string | null): PricedOrder {
  const lines = order.lines.map((l) => ({ ...l }));
  const cut = (l: PricedLine, d: number) => {
    l.discountMinor += d;
    l.totalMinor -= d;
  };
  let applied = 0;
  let lineNo = 0;
  if (freeItemCategory !== null) {
    const target = lines
      .filter((l) => l.categoryId === freeItemCategory && l.totalMinor > 0)
      .sort((a, b) => b.unitPriceMinor + b.modifiersMinor - (a.unitPriceMinor + a.modifiersMinor) || a.lineNo - b.lineNo)[0];
    if (target) {
      applied = Math.min(amountMinor, target.totalMinor);
      cut(target, applied);
      lineNo = target.lineNo;
    }
  } else {
    const total = lines.reduce((s, l) => s + l.totalMinor, 0);
    applied = Math.min(amountMinor, total);
    if (total > 0) {
      const parts = lines.map((l) => Math.floor((applied * l.totalMinor) / total));
      let left = applied - parts.reduce((a, b) => a + b, 0);
      const ranked = lines.map((l, i) => ({ i, r: (applied * l.totalMinor) % total })).sort((a, b) => b.r - a.r || a.i - b.i);
      for (const o of ranked) {
        if (left <= 0) break;
        if (parts[o.i]! < lines[o.i]!.totalMinor) {
          parts[o.i]! += 1;
          left--;
        }
      }
      lines.forEach((l, i) => cut(l, parts[i]!));
    }
  }
  const discount = lines.reduce((s, l) => s + l.discountMinor, 0);
  return {
    ...order,
    lines,
    discountMinor: discount,
    totalMinor: order.subtotalMinor - discount,
    rewards: [...order.rewards, { rewardId, lineNo, discountMinor: applied }],
  };
}

export type TenderKind = 'cash' | 'card' | 'voucher';
export interface Tender {
  kind: TenderKind;
  amountMinor: number;
  /** The external payment terminal's or voucher's reference; never card data. */
  reference?: string;
}

export interface SettledTenders {
  tenders: (Tender & { appliedMinor: number })[];
  changeMinor: number;
}

/**
 * Splits payment across tenders. Only cash can be over-tendered (the change is given back in cash);
 * card and voucher amounts must not exceed what is left to pay.
 */
export function settleTenders(totalMinor: number, tenders: readonly Tender[]): Result<SettledTenders, AppError> {
  // Card data never reaches the till: a reference that is a bank card number is refused, not stored.
  for (const t of tenders) {
    const digits = t.reference === undefined ? null : groupedDigits(t.reference.trim());
    if (digits !== null && isPaymentCardNumber(digits)) return err({ code: 'sale.card_data_refused', params: { kind: t.kind } });
  }
  let left = totalMinor;
  const settled: SettledTenders['tenders'] = [];
  for (const tender of tenders.filter((t) => t.kind !== 'cash')) {
    if (tender.amountMinor > left) return err({ code: 'sale.overpaid', params: { kind: tender.kind } });
    left -= tender.amountMinor;
    settled.push({ ...tender, appliedMinor: tender.amountMinor });
  }
  const cashGiven = tenders.filter((t) => t.kind === 'cash').reduce((s, t) => s + t.amountMinor, 0);
  if (cashGiven < left) return err({ code: 'sale.underpaid', params: { missingMinor: left - cashGiven } });
  if (cashGiven > 0) settled.push({ kind: 'cash', amountMinor: cashGiven, appliedMinor: left });
  return ok({ tenders: settled, changeMinor: cashGiven - left });
}
