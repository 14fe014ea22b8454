import { describe, expect, it } from 'vitest';
import { buildSaleReceipt, type SaleReceiptData } from '../../../shared/receipt/sale';
import { keepDiscounts } from '../../../shared/receipt/extras';
import { previewLines } from '../../../shared/receipt/layout';
import { printableDocument } from '../../../shared/receipt/printable';
import type { Locale } from '../../../shared/i18n';
import { encodeDocument } from '../../../electron/printing/escpos';
import { printerProfiles, type PrinterProfile } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';

/** Two lattes (one free with the reward) and a croissant, then 10 % off for a Gold customer. */
const sale = (locale: Locale, overrides: Partial<SaleReceiptData> = {}): SaleReceiptData => {
  const names = {
    bg: { latte: 'Лате', croissant: 'Кроасан', drink: 'Безплатна напитка', gold: 'Злато' },
    ru: { latte: 'Латте', croissant: 'Круассан', drink: 'Бесплатный напиток', gold: 'Золото' },
    en: { latte: 'Latte', croissant: 'Croissant', drink: 'Free drink', gold: 'Gold' },
  }[locale];
  return {
    store: { name: 'Café', address: [] },
    number: 7,
    at: Date.UTC(2026, 10, 20, 8, 0),
    timeZone: 'Europe/Sofia',
    staffName: 'Ivan',
    currency: 'EUR',
    lines: [
      { lineNo: 1, name: names.latte, quantity: 2, itemMinor: 360, modifiers: [], modifiersMinor: 0, discountMinor: 396, totalMinor: 324 },
      { lineNo: 2, name: names.croissant, quantity: 1, itemMinor: 250, modifiers: [], modifiersMinor: 0, discountMinor: 25, totalMinor: 225 },
    ],
    subtotalMinor: 970,
    discountMinor: 421,
    discounts: [
      { kind: 'reward', name: names.drink, lineNo: 1, amountMinor: 360 },
      { kind: 'tier', name: names.gold, percent: 10, amountMinor: 61 },
    ],
    totalMinor: 549,
    tenders: [{ kind: 'cash', amountMinor: 600, reference: null }],
    changeMinor: 51,
    loyalty: null,
    copy: false,
    reversed: null,
    ...overrides,
  };
};

/** What the printer prints, read back from the ESC/POS bytes. */
const paper = (data: SaleReceiptData, locale: Locale, width: 32 | 48, profile: PrinterProfile = printerProfiles[0]!) => {
  const doc = buildSaleReceipt(data, { locale, width });
  const printed = interpret(encodeDocument(doc, profile), width);
  return { doc, printed, text: printed.lines.join('\n') };
};

const expected = {
  bg: { reward: 'Безплатна напитка (награда)', tier: 'Ниво Злато -10 %', discount: 'Отстъпка', copy: 'КОПИЕ', money: (s: string) => s.replace('.', ',') },
  ru: { reward: 'Бесплатный напиток (награда)', tier: 'Уровень Золото -10 %', discount: 'Скидка', copy: 'КОПИЯ', money: (s: string) => s.replace('.', ',') },
  en: { reward: 'Free drink (reward)', tier: 'Gold tier -10 %', discount: 'Discount', copy: 'COPY', money: (s: string) => s },
} as const;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('each discount on the sale receipt says what it was', () => {
  for (const locale of ['bg', 'ru', 'en'] as const) {
    const x = expected[locale];
    for (const width of [32, 48] as const) {
      for (const profile of printerProfiles as PrinterProfile[]) {
        it(`in ${locale} at ${width} columns on ${profile.name}: the reward under the line it made free, the tier's share, and each in the totals`, () => {
          const { doc, printed } = paper(sale(locale), locale, width, profile);
          // Joined lines, so a label that wraps before its amount on narrow paper still reads as one.
          const text = printed.lines.map((l) => l.trim()).join(' ');
          expect(printed.lines.every((l) => l.length <= width)).toBe(true);
          expect(printed.lines.join('\n')).not.toContain('?');
          expect(printed.lines.slice(0, previewLines(printableDocument(doc, profile.codePage)).length)).toEqual(previewLines(printableDocument(doc, profile.codePage)));
          const amount = (s: string) => escape(x.money(s));
          // Under the lattes: the free one (3.60), then the tier's 10 % of what was left (0.36).
          expect(text).toMatch(new RegExp(`${escape(x.reward)}\\s+-${amount('3.60')}.*${escape(x.tier)}\\s+-${amount('0.36')}`));
          // Under the croissant: only the tier's 0.25.
          expect(text).toMatch(new RegExp(`${escape(x.tier)}\\s+-${amount('0.25')}`));
          // In the totals, each discount once with its whole amount, and no unnamed "discount" line.
          expect(text).toMatch(new RegExp(`${escape(x.reward)}\\s+-${amount('3.60')}.*${escape(x.tier)}\\s+-${amount('0.61')}`));
          expect(text).not.toMatch(new RegExp(`(^| )${escape(x.discount)}\\s+-`));
        });
      }
    }

    it(`in ${locale}: a reprint says it is a copy; a sale kept before discounts were told apart prints one discount line as before`, () => {
      const copy = paper(sale(locale, { copy: true }), locale, 48).text;
      expect(copy.split('\n').some((l) => l.trim() === x.copy)).toBe(true);
      const { discounts: _dropped, ...old } = sale(locale);
      const text = paper(old, locale, 48).text;
      expect(text).not.toContain(x.reward);
      expect(text).toMatch(new RegExp(`\\n {2}${escape(x.discount)}\\s+-${escape(x.money('3.96'))}`));
      expect(text).toMatch(new RegExp(`\\n${escape(x.discount)}\\s+-${escape(x.money('4.21'))}`));
    });
  }

  it('at 32 columns wraps a long discount under its line keeping the indent, with the amount on its last line', () => {
    const lines = paper(sale('ru'), 'ru', 32).printed.lines.map((l) => l.trimEnd());
    const at = lines.findIndex((l) => l.startsWith('Латте'));
    // "  Бесплатный напиток (награда)" does not fit beside its amount on 58 mm paper: the amount goes below, the indent stays.
    expect(lines[at + 2]).toBe('  Бесплатный напиток (награда)');
    expect(lines[at + 3]).toMatch(/^ {20,}-3,60 EUR$/);
    expect(lines[at + 4]).toMatch(/^ {2}Уровень Золото -10 %\s+-0,36/);
  });

  it('names the rest of a line "discount" when a reward was spread over the order, and leaves nothing unaccounted in the totals', () => {
    const spread = sale('en', {
      lines: [
        { lineNo: 1, name: 'Latte', quantity: 1, itemMinor: 360, modifiers: [], modifiersMinor: 0, discountMinor: 72, totalMinor: 288 },
        { lineNo: 2, name: 'Croissant', quantity: 1, itemMinor: 250, modifiers: [], modifiersMinor: 0, discountMinor: 50, totalMinor: 200 },
      ],
      subtotalMinor: 610,
      discountMinor: 122,
      discounts: [
        { kind: 'tier', name: 'Gold', percent: 10, amountMinor: 61 },
        { kind: 'reward', name: '10% off', lineNo: 0, amountMinor: 55 },
      ],
      totalMinor: 488,
    });
    const text = paper(spread, 'en', 48).text;
    expect(text).toMatch(/\n {2}Discount\s+-0\.72/);
    expect(text).toMatch(/\n {2}Discount\s+-0\.50/);
    expect(text).toMatch(/\nGold tier -10 %\s+-0\.61/);
    expect(text).toMatch(/\n10% off \(reward\)\s+-0\.55/);
    // 1.22 - 0.61 - 0.55: what the kept discounts do not account for still shows.
    expect(text).toMatch(/\nDiscount\s+-0\.06/);
  });

  it('keeps each discount of a priced order with its kind and the names of the day, adding up to the order\'s discount', () => {
    const program = { rewards: [{ id: 'free-drink', name: { bg: 'Безплатна напитка', ru: 'Бесплатный напиток', en: 'Free drink' } }] } as unknown as Parameters<typeof keepDiscounts>[0];
    const kept = keepDiscounts(program, {
      rewards: [
        { rewardId: 'free-drink', lineNo: 1, discountMinor: 360 },
        { rewardId: 'gone', lineNo: 0, discountMinor: 0 },
      ],
      tier: { tierId: 'gold', name: { bg: 'Злато', ru: 'Золото', en: 'Gold' }, percent: 10, discountMinor: 61 },
    });
    expect(kept).toEqual([
      { type: 'discount', kind: 'reward', rewardId: 'free-drink', name: { bg: 'Безплатна напитка', ru: 'Бесплатный напиток', en: 'Free drink' }, lineNo: 1, amountMinor: 360 },
      { type: 'discount', kind: 'tier', tierId: 'gold', name: { bg: 'Злато', ru: 'Золото', en: 'Gold' }, percent: 10, amountMinor: 61 },
    ]);
    expect(keepDiscounts(program, { rewards: [], tier: null })).toEqual([]);
  });
});
