import { describe, expect, it } from 'vitest';
import { buildSaleReceipt, type SaleReceiptData } from '../../../shared/receipt/sale';
import { buildStampReceipt } from '../../../shared/receipt/builders';
import { printedExtras, keepExtras, type KeptExtra } from '../../../shared/receipt/extras';
import { previewLines } from '../../../shared/receipt/layout';
import { printableDocument } from '../../../shared/receipt/printable';
import type { Locale } from '../../../shared/i18n';
import { demoCafeProgram, programSchema, type ProgramInput, type ReceiptExtra } from '../../../shared/loyalty';
import { encodeDocument } from '../../../electron/printing/escpos';
import { printerProfiles, type PrinterProfile } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';

/**
 * The loyalty engine's receipt extras on paper (issue 3): a partner's coupon and the advance warning
 * of points and stamps about to expire, in the reader's language, decoded from the ESC/POS bytes.
 */
const at = Date.UTC(2026, 11, 22, 21, 59, 59, 999); // the end of 22 December in Sofia
const parse = (extra: Partial<ProgramInput>) => programSchema.parse({ ...demoCafeProgram(), expiry: { enabled: true, afterDays: 30, warnDays: 7 }, ...extra });
const program = parse({
  partnerOffers: [{ id: 'cinema', partner: 'Cinema City', text: { bg: 'Два билета на цената на един', ru: 'Два билета по цене одного', en: 'Two tickets for the price of one' }, code: 'CC-2FOR1', when: { minAmount: 1000 } }],
});
// As the engine words them (shared/loyalty/sale.ts partnerOffer, expiryWarnings).
const extras: ReceiptExtra[] = [
  { type: 'partner-offer', offerId: 'cinema', partner: 'Cinema City', code: 'CC-2FOR1', explanation: { key: 'loyalty.partner.offer', params: { offerId: 'cinema', partner: 'Cinema City', code: 'CC-2FOR1' } } },
  { type: 'expiry-warning', asset: 'points', amount: 10, expiresAt: at, explanation: { key: 'loyalty.expiry.warning.points', params: { count: 10, atMs: at } } },
  { type: 'expiry-warning', asset: 'stamps:coffee', amount: 3, expiresAt: at, explanation: { key: 'loyalty.expiry.warning.stamps', params: { count: 3, cardId: 'coffee', atMs: at } } },
];

const sale = (locale: Locale, kept: KeptExtra[] = keepExtras(program, extras)): SaleReceiptData => ({
  store: { name: 'Demo cafe', address: [] },
  number: 7,
  at: Date.UTC(2026, 11, 17, 9, 0),
  timeZone: 'Europe/Sofia',
  staffName: 'Ivan',
  currency: 'EUR',
  lines: [{ name: 'Latte', quantity: 3, itemMinor: 360, modifiers: [], modifiersMinor: 0, discountMinor: 0, totalMinor: 1080 }],
  subtotalMinor: 1080,
  discountMinor: 0,
  totalMinor: 1080,
  tenders: [{ kind: 'cash', amountMinor: 1080, reference: null }],
  changeMinor: 0,
  loyalty: { customerName: 'Anna', rewardsUsed: [], stampsEarned: 3, cards: [], pointsEarned: 10, pointsSpent: 0, pointsBalance: 10 },
  extras: printedExtras(program, kept, locale),
  copy: false,
  reversed: null,
});

const decoded = (locale: Locale, width: 32 | 48 = 48, profile: PrinterProfile = printerProfiles[0]!, data = sale(locale)) => {
  const doc = buildSaleReceipt(data, { locale, width });
  const printed = interpret(encodeDocument(doc, profile), width);
  return { doc, printed, text: printed.lines.join('\n') };
};

describe('receipt extras on paper', () => {
  it('prints the partner coupon with its code and the expiry warnings on the sale receipt, in Bulgarian', () => {
    const { text } = decoded('bg');
    expect(text).toContain('От нашия партньор Cinema City');
    expect(text).toContain('Два билета на цената на един');
    expect(text).toContain('Код: CC-2FOR1');
    expect(text).toContain('Изтичат скоро');
    expect(text).toContain('! 10 точки изтичат на 22.12.2026 г.');
    expect(text).toMatch(/! 3 печата на карта "Кафе" изтичат на\s+22\.12\.2026\s+г\./);
  });

  it('in Russian and in English', () => {
    const ru = decoded('ru').text;
    expect(ru).toContain('От нашего партнёра Cinema City');
    expect(ru).toContain('Два билета по цене одного');
    expect(ru).toContain('Код: CC-2FOR1');
    expect(ru).toContain('Скоро сгорят');
    expect(ru).toContain('! 10 баллов сгорят 22.12.2026');
    const en = decoded('en').text;
    expect(en).toContain('From our partner Cinema City');
    expect(en).toContain('Two tickets for the price of one');
    expect(en).toContain('Code: CC-2FOR1');
    expect(en).toContain('! 10 points expire on 22/12/2026');
  });

  it('prints the coupon as kept even when the program has since dropped the offer', () => {
    const kept = keepExtras(program, extras);
    const text = decoded('en', 48, printerProfiles[0]!, { ...sale('en'), extras: printedExtras(parse({ partnerOffers: [] }), kept, 'en') }).text;
    expect(text).toContain('Two tickets for the price of one');
    expect(text).toContain('Code: CC-2FOR1');
  });

  it('prints nothing extra when the engine chose nothing', () => {
    const { text } = decoded('en', 48, printerProfiles[0]!, sale('en', []));
    expect(text).not.toContain('From our partner');
    expect(text).not.toContain('Expiring soon');
  });

  for (const width of [32, 48] as const) {
    for (const profile of printerProfiles as PrinterProfile[]) {
      it(`at ${width} columns on ${profile.name} prints what the preview shows, within the paper`, () => {
        for (const locale of ['bg', 'ru', 'en'] as const) {
          const { doc, printed } = decoded(locale, width, profile);
          expect(printed.lines.slice(0, previewLines(printableDocument(doc, profile.codePage)).length)).toEqual(previewLines(printableDocument(doc, profile.codePage)));
          expect(printed.lines.every((l) => l.length <= width)).toBe(true);
          expect(printed.lines.join('\n')).not.toContain('?');
        }
      });
    }
  }

  it('prints the warnings on the stamp receipt too, in the customer’s language', () => {
    const doc = buildStampReceipt(
      {
        store: { name: 'Demo cafe', address: [] },
        customerName: 'Вера',
        cards: [{ name: 'Кофе', filled: 3, size: 10, rewardName: 'Бесплатный напиток', justFilled: false }],
        points: 10,
        tier: null,
        rewards: [],
        qr: null,
        coupon: null,
        extras: printedExtras(program, keepExtras(program, extras.slice(1)), 'ru'),
        at: Date.UTC(2026, 11, 17, 9, 0),
        timeZone: 'Europe/Sofia',
      },
      { locale: 'ru', width: 48 },
    );
    const text = interpret(encodeDocument(doc, printerProfiles[0]!), 48).lines.join('\n');
    expect(text).toContain('Скоро сгорят');
    expect(text).toContain('! 10 баллов сгорят 22.12.2026');
    expect(text).toContain('! 3 штампа на карте "Кофе" сгорят 22.12.2026');
    expect(text).not.toContain('Cinema City');
  });
});
