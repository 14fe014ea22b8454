import type { Block, ReceiptDocument, Width } from './document';
import { printedMoney } from './money';
import { translate, type Locale } from '../i18n';
import { dateTime, type StoreHeader } from './builders';
import { extrasBlocks, type PrintedExtras } from './extras';

/**
 * The itemised receipt of a sale: lines with their modifiers and discounts, totals, tenders and
 * change, the sale's number and who served, and the loyalty part (stamps earned, the card's
 * progress, points). It is never a fiscal receipt and says so (docs/fiscal.md): a certified fiscal
 * device prints that one. Texts are already in the store's language.
 */
export interface SaleReceiptData {
  store: StoreHeader;
  number: number;
  at: number;
  timeZone: string;
  staffName: string;
  currency: string;
  lines: {
    /** The line's number in the sale (1-based); its position when absent. */
    lineNo?: number;
    name: string;
    quantity: number;
    /** The item's price per unit, without modifiers. */
    itemMinor: number;
    modifiers: string[];
    /** All modifiers of one unit, as the sale priced them. */
    modifiersMinor: number;
    discountMinor: number;
    totalMinor: number;
  }[];
  subtotalMinor: number;
  discountMinor: number;
  /**
   * What each discount was (a reward, the tier's standing discount), as kept with the sale; they add
   * up to `discountMinor`. Absent for a sale kept before discounts were told apart: one line says it all.
   */
  discounts?: PrintedDiscount[];
  totalMinor: number;
  tenders: { kind: string; amountMinor: number; reference: string | null }[];
  changeMinor: number;
  loyalty: {
    customerName: string;
    rewardsUsed: string[];
    stampsEarned: number;
    cards: { name: string; filled: number; size: number; rewardName: string; justFilled: boolean }[];
    pointsEarned: number;
    pointsSpent: number;
    /** The points balance after the sale; null in a program without points. */
    pointsBalance: number | null;
  } | null;
  /** What the loyalty engine chose for this receipt (a partner's coupon, expiry warnings), as kept with the sale. */
  extras?: PrintedExtras;
  /** A reprint says it is a copy. */
  copy: boolean;
  /** A sale refunded or voided since: a reprint says so. */
  reversed: 'refund' | 'void' | null;
}

/** A discount as the receipt names it; names already in the store's language. */
export type PrintedDiscount =
  /** `lineNo`: the line the reward made free, 0 when spread over the order. */
  | { kind: 'reward'; name: string; lineNo: number; amountMinor: number }
  | { kind: 'tier'; name: string; percent: number; amountMinor: number };

interface Options {
  locale: Locale;
  width: Width;
}

export function buildSaleReceipt(data: SaleReceiptData, { locale, width }: Options): ReceiptDocument {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const money = (minor: number) => printedMoney(minor, data.currency, locale);
  const notFiscal: Block = { type: 'text', text: t('receipt.notFiscal'), align: 'center', bold: true };
  const blocks: Block[] = [
    ...(data.store.logo ? [{ type: 'image', image: data.store.logo } satisfies Block] : []),
    { type: 'text', text: data.store.name, align: 'center', bold: true, double: true },
    ...data.store.address.map((line): Block => ({ type: 'text', text: line, align: 'center' })),
    // Said at the top as well as the bottom: a torn-off receipt still says it.
    notFiscal,
    { type: 'rule' },
  ];
  if (data.copy) blocks.push({ type: 'text', text: t('receipt.sale.copy'), align: 'center', bold: true, double: true });
  if (data.reversed) blocks.push({ type: 'text', text: t(data.reversed === 'refund' ? 'receipt.sale.refunded' : 'receipt.sale.voided'), align: 'center', bold: true });
  blocks.push(
    { type: 'pair', left: t('receipt.sale.number', { number: data.number }), right: dateTime(data.at, data.timeZone, locale), bold: true },
    { type: 'text', text: t('receipt.sale.staff', { name: data.staffName }) },
    { type: 'rule' },
  );
  const discounts = data.discounts ?? [];
  const label = (d: PrintedDiscount) =>
    d.kind === 'reward' ? t('receipt.sale.discount.reward', { reward: d.name }) : t('receipt.sale.discount.tier', { tier: d.name, percent: d.percent });
  // What is left of a line's discount after the rewards that made it free is the tier's, unless a
  // reward was spread over the order too: then the line just says "discount".
  const tier = discounts.find((d) => d.kind === 'tier');
  const spread = discounts.some((d) => d.kind === 'reward' && d.lineNo === 0);
  const restLabel = tier && !spread ? label(tier) : t('receipt.sale.discount');
  for (const [i, line] of data.lines.entries()) {
    blocks.push({ type: 'pair', left: line.name, right: money(line.quantity * line.itemMinor) });
    // A pair with nothing on the right keeps the indent (text blocks wrap at spaces and drop it).
    if (line.quantity > 1) blocks.push({ type: 'pair', left: `  ${line.quantity} x ${money(line.itemMinor)}`, right: '' });
    if (line.modifiers.length > 0) blocks.push({ type: 'pair', left: `  + ${line.modifiers.join(', ')}`, right: money(line.quantity * line.modifiersMinor) });
    let rest = line.discountMinor;
    for (const d of discounts) {
      if (d.kind !== 'reward' || d.lineNo !== (line.lineNo ?? i + 1) || rest <= 0) continue;
      const amount = Math.min(d.amountMinor, rest);
      blocks.push({ type: 'pair', left: `  ${label(d)}`, right: money(-amount) });
      rest -= amount;
    }
    if (rest > 0) blocks.push({ type: 'pair', left: `  ${restLabel}`, right: money(-rest) });
  }
  blocks.push({ type: 'rule' });
  if (data.discountMinor > 0) {
    blocks.push({ type: 'pair', left: t('receipt.sale.subtotal'), right: money(data.subtotalMinor) });
    // Each discount with what it was; whatever the kept ones do not account for, as one line.
    let rest = data.discountMinor;
    for (const d of discounts) {
      blocks.push({ type: 'pair', left: label(d), right: money(-d.amountMinor) });
      rest -= d.amountMinor;
    }
    if (rest > 0) blocks.push({ type: 'pair', left: t('receipt.sale.discount'), right: money(-rest) });
  }
  blocks.push({ type: 'pair', left: t('receipt.sale.total'), right: money(data.totalMinor), bold: true });
  for (const tender of data.tenders) {
    blocks.push({ type: 'pair', left: t(`tender.${tender.kind}`), right: money(tender.amountMinor) });
    if (tender.reference) blocks.push({ type: 'pair', left: `  ${t('receipt.sale.reference', { reference: tender.reference })}`, right: '' });
  }
  if (data.changeMinor > 0) blocks.push({ type: 'pair', left: t('receipt.sale.change'), right: money(data.changeMinor), bold: true });

  const loyalty = data.loyalty;
  if (loyalty) {
    blocks.push({ type: 'rule' }, { type: 'text', text: t('receipt.sale.loyalty', { name: loyalty.customerName }), bold: true });
    for (const reward of loyalty.rewardsUsed) blocks.push({ type: 'text', text: t('receipt.sale.reward', { reward }) });
    if (loyalty.stampsEarned > 0) blocks.push({ type: 'pair', left: t('receipt.sale.stampsEarned'), right: `+${loyalty.stampsEarned}` });
    for (const card of loyalty.cards) {
      blocks.push({ type: 'text', text: card.name, align: 'center', bold: true }, { type: 'stamps', filled: card.filled, size: card.size });
      blocks.push({
        type: 'text',
        align: 'center',
        text: card.justFilled ? t('receipt.full', { reward: card.rewardName }) : t('receipt.remaining', { count: card.size - card.filled, reward: card.rewardName }),
      });
    }
    if (loyalty.pointsEarned > 0) blocks.push({ type: 'pair', left: t('receipt.sale.pointsEarned'), right: `+${loyalty.pointsEarned}` });
    if (loyalty.pointsSpent > 0) blocks.push({ type: 'pair', left: t('receipt.sale.pointsSpent'), right: `-${loyalty.pointsSpent}` });
    if (loyalty.pointsBalance !== null) blocks.push({ type: 'pair', left: t('receipt.points'), right: String(loyalty.pointsBalance), bold: true });
  }
  if (data.extras) blocks.push(...extrasBlocks(data.extras, locale));
  blocks.push({ type: 'rule' }, notFiscal, { type: 'feed', lines: 3 }, { type: 'cut' });
  return { width, blocks };
}
