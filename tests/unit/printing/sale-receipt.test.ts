import { describe, expect, it } from 'vitest';
import { buildSaleReceipt, type SaleReceiptData } from '../../../shared/receipt/sale';
import { previewLines } from '../../../shared/receipt/layout';
import { printableDocument } from '../../../shared/receipt/printable';
import type { Locale } from '../../../shared/i18n';
import { encodeDocument } from '../../../electron/printing/escpos';
import { printerProfiles, type PrinterProfile } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';

const sale = (overrides: Partial<SaleReceiptData> = {}): SaleReceiptData => ({
  store: { name: 'Кафе „Среща“', address: ['ул. Шипка 5, София'] },
  number: 42,
  at: Date.UTC(2026, 10, 22, 9, 30),
  timeZone: 'Europe/Sofia',
  staffName: 'Иван Георгиев',
  currency: 'BGN',
  lines: [
    { name: 'Лате', quantity: 2, itemMinor: 360, modifiers: ['Овесено мляко', 'Допълнително еспресо'], modifiersMinor: 100, discountMinor: 460, totalMinor: 460 },
    { name: 'Кроасан', quantity: 1, itemMinor: 250, modifiers: [], modifiersMinor: 0, discountMinor: 0, totalMinor: 250 },
  ],
  subtotalMinor: 1170,
  discountMinor: 460,
  totalMinor: 710,
  tenders: [
    { kind: 'card', amountMinor: 500, reference: 'A1B2C3' },
    { kind: 'cash', amountMinor: 300, reference: null },
  ],
  changeMinor: 90,
  loyalty: {
    customerName: 'Анна',
    rewardsUsed: ['Безплатна напитка'],
    stampsEarned: 1,
    cards: [{ name: 'Кафе', filled: 1, size: 10, rewardName: 'Безплатна напитка', justFilled: false }],
    pointsEarned: 3,
    pointsSpent: 0,
    pointsBalance: 57,
  },
  copy: false,
  reversed: null,
  ...overrides,
});

const printedText = (data: SaleReceiptData, locale: Locale, width: 32 | 48, profile: PrinterProfile = printerProfiles[0]!) => {
  const doc = buildSaleReceipt(data, { locale, width });
  const printed = interpret(encodeDocument(doc, profile), width);
  return { doc, printed, text: printed.lines.join('\n') };
};

describe('the sale receipt on paper', () => {
  for (const width of [32, 48] as const) {
    for (const profile of printerProfiles as PrinterProfile[]) {
      it(`at ${width} columns on ${profile.name} prints exactly what the preview shows, within the paper`, () => {
        const { doc, printed } = printedText(sale(), 'bg', width, profile);
        const preview = previewLines(printableDocument(doc, profile.codePage));
        expect(printed.lines.slice(0, preview.length)).toEqual(preview);
        expect(printed.lines.every((l) => l.length <= width)).toBe(true);
        expect(printed.lines.join('\n')).not.toContain('?');
        expect(printed.cuts).toBe(1);
      });
    }
  }

  it('itemises lines, modifiers, discounts, tenders and change, with number, staff and "not a fiscal receipt" top and bottom', () => {
    const { printed, text } = printedText(sale(), 'bg', 48);
    const lines = printed.lines.map((l) => l.trimEnd());
    expect(lines.filter((l) => l.trim() === 'ТОВА НЕ Е ФИСКАЛЕН БОН')).toHaveLength(2);
    expect(text).toMatch(/Продажба № 42\s+22\.11\.26 г\., 11:30/);
    expect(text).toContain('Обслужи ви Иван Георгиев');
    expect(text).toMatch(/Лате\s+7,20 лв\./);
    expect(text).toMatch(/ {2}2 x 3,60 лв\./);
    expect(text).toMatch(/ {2}\+ Овесено мляко, Допълнително еспресо\s+2,00 лв\./);
    expect(text).toMatch(/ {2}Отстъпка\s+-4,60 лв\./);
    expect(text).toMatch(/Междинна сума\s+11,70 лв\./);
    expect(text).toMatch(/ОБЩО\s+7,10 лв\./);
    expect(text).toMatch(/С карта\s+5,00 лв\.\n {2}реф\. A1B2C3/);
    expect(text).toMatch(/В брой\s+3,00 лв\./);
    expect(text).toMatch(/Ресто\s+0,90 лв\./);
  });

  it('carries the loyalty part: reward used, stamps earned, the card, points earned and the balance', () => {
    const { text } = printedText(sale(), 'bg', 32);
    expect(text).toContain('Лоялност: Анна');
    expect(text).toContain('Награда: Безплатна напитка');
    expect(text).toMatch(/Получени печати\s+\+1/);
    expect(text).toContain('(*) ( ) ( ) ( ) ( ) ( ) ( ) ( )');
    expect(text).toContain('Още 9 до "Безплатна напитка"');
    expect(text).toMatch(/Получени точки\s+\+3/);
    expect(text).toMatch(/Точки\s+57/);
  });

  it('leaves the loyalty part out for a sale without a customer, and says COPY and REFUNDED on a reprint', () => {
    const { text } = printedText(sale({ loyalty: null, copy: true, reversed: 'refund' }), 'ru', 48);
    expect(text).not.toContain('Лояльность');
    expect(text).toContain('КОПИЯ');
    expect(text).toContain('ВОЗВРАТ');
    expect(text).toContain('ЭТО НЕ ФИСКАЛЬНЫЙ ЧЕК');
    expect(text).toMatch(/ИТОГО\s+7,10 лв\./);
  });
});
