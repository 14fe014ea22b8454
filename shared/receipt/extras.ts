import type { Explanation } from '../domain/ledger';
import { localText, type LocalText } from '../domain/program';
import { translate, type Locale } from '../i18n';
import type { Block } from './document';
import { explain, type Program, type ReceiptExtra } from '../loyalty';
import type { PricedOrder } from '../domain/sale';

/**
 * The loyalty engine's receipt extras as an operation keeps them (migration 012): as evaluated, and
 * a partner offer with its text as the program said it then, so a reprint prints the same coupon.
 */
export type KeptExtra =
  | Extract<ReceiptExtra, { type: 'expiry-warning' }>
  | (Extract<ReceiptExtra, { type: 'partner-offer' }> & { text: LocalText | null });

/**
 * A discount of a sale as it was given, kept beside the sale's extras (same row, same transaction),
 * so the receipt and a reprint next month say what each discount was, with the names of the day:
 * a reward (the line it made free, 0 when spread over the order) or the customer's tier discount.
 * Together they add up to the sale's discount; a sale kept before they existed has none.
 */
export type KeptDiscount =
  | { type: 'discount'; kind: 'reward'; rewardId: string; name: LocalText | null; lineNo: number; amountMinor: number }
  | { type: 'discount'; kind: 'tier'; tierId: string; name: LocalText; percent: number; amountMinor: number };

/** Whatever is kept with a sale's or stamp's receipt. */
export type KeptPart = KeptExtra | KeptDiscount;

export const isKeptDiscount = (x: KeptPart): x is KeptDiscount => x.type === 'discount';
export const isKeptExtra = (x: KeptPart): x is KeptExtra => x.type !== 'discount';

/** Each discount of a priced order with what it was, named as the program names it now. */
export function keepDiscounts(program: Pick<Program, 'rewards'>, order: Pick<PricedOrder, 'rewards' | 'tier'>): KeptDiscount[] {
  const kept: KeptDiscount[] = order.rewards
    .filter((r) => r.discountMinor > 0)
    .map((r) => ({ type: 'discount', kind: 'reward', rewardId: r.rewardId, name: program.rewards.find((x) => x.id === r.rewardId)?.name ?? null, lineNo: r.lineNo, amountMinor: r.discountMinor }));
  if (order.tier && order.tier.discountMinor > 0) {
    kept.push({ type: 'discount', kind: 'tier', tierId: order.tier.tierId, name: order.tier.name, percent: order.tier.percent, amountMinor: order.tier.discountMinor });
  }
  return kept;
}

/** What a receipt prints of them, already in the reader's language. */
export interface PrintedExtras {
  coupons: { partner: string; text: string; code: string }[];
  warnings: string[];
}

/** The extras to keep with an operation: each partner offer with its text from the program in force. */
export function keepExtras(program: Program, extras: readonly ReceiptExtra[]): KeptExtra[] {
  return extras.map((x) => (x.type === 'partner-offer' ? { ...x, text: program.partnerOffers.find((o) => o.id === x.offerId)?.text ?? null } : x));
}

/** Kept extras as a receipt prints them; warnings name cards and rewards by the program's names. */
export function printedExtras(program: Program, extras: readonly KeptExtra[], locale: Locale): PrintedExtras {
  const coupons: PrintedExtras['coupons'] = [];
  const warnings: string[] = [];
  for (const x of extras) {
    if (x.type === 'partner-offer') coupons.push({ partner: x.partner, text: x.text ? localText(x.text, locale) : '', code: x.code });
    else warnings.push(explain(program, x.explanation satisfies Explanation, locale));
  }
  return { coupons, warnings };
}

/** The receipt's part for them: each coupon cut-out style, then the expiry warnings under a heading. */
export function extrasBlocks(extras: PrintedExtras, locale: Locale): Block[] {
  const blocks: Block[] = [];
  for (const coupon of extras.coupons) {
    blocks.push({ type: 'rule' }, { type: 'text', text: translate(locale, 'receipt.coupon', { partner: coupon.partner }), align: 'center', bold: true });
    if (coupon.text !== '') blocks.push({ type: 'text', text: coupon.text, align: 'center' });
    blocks.push({ type: 'text', text: translate(locale, 'receipt.coupon.code', { code: coupon.code }), align: 'center', bold: true });
  }
  if (extras.warnings.length > 0) {
    blocks.push({ type: 'rule' }, { type: 'text', text: translate(locale, 'receipt.expiring'), bold: true });
    for (const warning of extras.warnings) blocks.push({ type: 'text', text: `! ${warning}` });
  }
  return blocks;
}
