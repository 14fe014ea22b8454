import type { Block, MonoImage, ReceiptDocument, Width } from './document';
import { printedMoney } from './money';
import { translate, intlTag, type Locale } from '../i18n';
import type { ShiftReport } from '../contract/shiftViews';
import { localText } from '../domain/program';
import { extrasBlocks, type PrintedExtras } from './extras';

export interface StoreHeader {
  name: string;
  address: string[];
  /** The store's logo, printed above its name when set. */
  logo?: MonoImage | null;
}

/** What a stamp receipt says; names are already in the customer's language. */
export interface StampReceiptData {
  store: StoreHeader;
  customerName: string;
  cards: { name: string; filled: number; size: number; rewardName: string; justFilled: boolean }[];
  points: number | null;
  tier: { name: string; next: string; percent: number } | null;
  rewards: string[];
  /** The feedback question or the customer's card, as a link. */
  qr: string | null;
  coupon: { partner: string; text: string; code: string } | null;
  /** What the loyalty engine chose for this receipt: expiry warnings (a partner's coupon, should a rule give one). */
  extras?: PrintedExtras;
  at: number;
  timeZone: string;
}

interface Options {
  locale: Locale;
  width: Width;
}

const header = (store: StoreHeader): Block[] => [
  ...(store.logo ? [{ type: 'image', image: store.logo } satisfies Block] : []),
  { type: 'text', text: store.name, align: 'center', bold: true, double: true },
  ...store.address.map((line): Block => ({ type: 'text', text: line, align: 'center' })),
  { type: 'rule' },
];

const footer = (locale: Locale): Block[] => [
  { type: 'rule' },
  { type: 'text', text: translate(locale, 'receipt.notFiscal'), align: 'center', bold: true },
  { type: 'feed', lines: 3 },
  { type: 'cut' },
];

// Building an Intl formatter costs more than the rest of a receipt: one per language and time zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
export const dateTime = (at: number, timeZone: string, locale: Locale): string => {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlTag[locale], { dateStyle: 'short', timeStyle: 'short', timeZone });
    dateFormats.set(key, format);
  }
  return format.format(at).replace(/[\u00a0\u202f]/g, ' ');
};

export function buildStampReceipt(data: StampReceiptData, { locale, width }: Options): ReceiptDocument {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const blocks: Block[] = [...header(data.store), { type: 'text', text: dateTime(data.at, data.timeZone, locale), align: 'center' }];
  blocks.push({ type: 'text', text: t('receipt.hello', { name: data.customerName }), bold: true });
  for (const card of data.cards) {
    blocks.push({ type: 'text', text: card.name, align: 'center', bold: true });
    blocks.push({ type: 'stamps', filled: card.filled, size: card.size });
    blocks.push({
      type: 'text',
      align: 'center',
      text: card.justFilled ? t('receipt.full', { reward: card.rewardName }) : t('receipt.remaining', { count: card.size - card.filled, reward: card.rewardName }),
    });
  }
  if (data.points !== null) blocks.push({ type: 'pair', left: t('receipt.points'), right: String(data.points), bold: true });
  if (data.tier) blocks.push({ type: 'text', text: t('receipt.tier', { tier: data.tier.name, percent: data.tier.percent, next: data.tier.next }) });
  if (data.rewards.length > 0) {
    blocks.push({ type: 'rule' }, { type: 'text', text: t('receipt.rewards'), bold: true });
    for (const reward of data.rewards) blocks.push({ type: 'text', text: `* ${reward}` });
  }
  if (data.qr) blocks.push({ type: 'rule' }, { type: 'text', text: t('receipt.qr'), align: 'center' }, { type: 'qr', data: data.qr });
  if (data.coupon) {
    blocks.push(
      { type: 'rule' },
      { type: 'text', text: t('receipt.coupon', { partner: data.coupon.partner }), align: 'center', bold: true },
      { type: 'text', text: data.coupon.text, align: 'center' },
      { type: 'text', text: data.coupon.code, align: 'center', double: true },
    );
  }
  if (data.extras) blocks.push(...extrasBlocks(data.extras, locale));
  blocks.push(...footer(locale));
  return { width, blocks };
}

/** The Z- (or X-) report of a shift, as a manager reads it at closing. */
export function buildShiftReport(report: ShiftReport, store: StoreHeader, timeZone: string, { locale, width }: Options): ReceiptDocument {
  const ui = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const money = (minor: number) => printedMoney(minor, report.shift.currency, locale);
  const when = (at: number | null) => (at === null ? '…' : dateTime(at, timeZone, locale));
  const blocks: Block[] = [
    ...header(store),
    { type: 'text', text: report.kind === 'Z' ? ui('report.z', { number: report.shift.zNumber ?? 0 }) : ui('report.x'), align: 'center', bold: true, double: true },
    { type: 'text', text: `${when(report.shift.openedAt)} - ${when(report.shift.closedAt)}`, align: 'center' },
    { type: 'text', text: report.closedBy ? `${report.shift.openedBy} / ${report.closedBy}` : report.shift.openedBy, align: 'center' },
    { type: 'rule' },
    { type: 'pair', left: ui('report.sales'), right: `${report.sales.count} / ${money(report.sales.totalMinor)}`, bold: true },
    ...report.sales.byTender.map((x): Block => ({ type: 'pair', left: `  ${ui(`tender.${x.kind}`)}`, right: money(x.minor) })),
    { type: 'text', text: ui('report.byCategory'), bold: true },
    ...report.sales.byCategory.map((x): Block => ({ type: 'pair', left: `  ${localText(x.name, locale)} x${x.quantity}`, right: money(x.minor) })),
    { type: 'text', text: ui('report.byStaff'), bold: true },
    ...report.sales.byStaff.map((x): Block => ({ type: 'pair', left: `  ${x.staffName} (${x.count})`, right: money(x.minor) })),
    { type: 'pair', left: ui('report.discounts'), right: money(report.sales.discountMinor) },
    ...(report.sales.discountsByKind ?? []).map((x): Block => ({ type: 'pair', left: `  ${ui(`report.discounts.${x.kind}`)}`, right: money(x.minor) })),
    { type: 'pair', left: ui('report.refunds'), right: `${report.sales.refunds.count} / ${money(report.sales.refunds.minor)}` },
    { type: 'pair', left: ui('report.voids'), right: `${report.sales.voids.count} / ${money(report.sales.voids.minor)}` },
    { type: 'rule' },
    { type: 'pair', left: ui('report.float'), right: money(report.cash.floatMinor) },
    { type: 'pair', left: ui('shift.cashIn'), right: money(report.cash.cashInMinor) },
    { type: 'pair', left: ui('shift.cashOut'), right: money(report.cash.cashOutMinor) },
    { type: 'pair', left: ui('report.expected'), right: money(report.cash.expectedMinor), bold: true },
  ];
  if (report.cash.countedMinor !== null) blocks.push({ type: 'pair', left: ui('report.counted'), right: money(report.cash.countedMinor), bold: true });
  if (report.cash.differenceMinor !== null) blocks.push({ type: 'pair', left: ui('report.difference'), right: money(report.cash.differenceMinor), bold: true });
  blocks.push(
    { type: 'rule' },
    { type: 'text', text: ui('report.loyalty'), bold: true },
    { type: 'pair', left: ui('report.stampsGiven'), right: String(report.loyalty.stampsGiven) },
    { type: 'pair', left: ui('report.rewardsRedeemed'), right: String(report.loyalty.rewardsRedeemed) },
    { type: 'pair', left: ui('report.pointsEarned'), right: String(report.loyalty.pointsEarned) },
    { type: 'pair', left: ui('report.pointsSpent'), right: String(report.loyalty.pointsSpent) },
    { type: 'pair', left: ui('report.newMembers'), right: String(report.loyalty.newMembers) },
    { type: 'pair', left: ui('report.waiting'), right: String(report.eventsWaiting), bold: true },
  );
  if (report.audit) {
    // The audit log's head, to compare with `audit.verify` later: a log cut short no longer reaches it.
    blocks.push(
      { type: 'rule' },
      { type: 'text', text: ui('report.audit'), bold: true },
      { type: 'pair', left: ui('report.audit.records'), right: String(report.audit.records) },
      { type: 'text', text: ui('report.audit.head') },
      { type: 'text', text: report.audit.headHash.match(/.{1,8}/g)!.join(' ') },
    );
  }
  blocks.push(...footer(locale));
  return { width, blocks };
}

/** What "test print" prints: the code page's Cyrillic, the width, money in every currency, a QR code. */
export function buildTestPage(store: StoreHeader, profileName: string, { locale, width }: Options): ReceiptDocument {
  return {
    width,
    blocks: [
      ...header(store),
      { type: 'text', text: translate(locale, 'receipt.test'), align: 'center', bold: true, double: true },
      { type: 'text', text: profileName, align: 'center' },
      { type: 'text', text: translate(locale, 'receipt.test.width', { width }) },
      { type: 'text', text: '1234567890'.repeat(width / 8).slice(0, width) },
      { type: 'text', text: translate(locale, 'receipt.test.chars') },
      { type: 'pair', left: 'EUR', right: printedMoney(123456, 'EUR', locale) },
      { type: 'pair', left: 'BGN', right: printedMoney(123456, 'BGN', locale) },
      { type: 'pair', left: 'RUB', right: printedMoney(123456, 'RUB', locale) },
      { type: 'stamps', filled: 3, size: 10 },
      { type: 'qr', data: 'https://loyaltill.bg/test' },
      ...footer(locale),
    ],
  };
}
