import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildShiftReport, buildStampReceipt, buildTestPage, type StampReceiptData } from '../../../shared/receipt/builders';
import { previewLines } from '../../../shared/receipt/layout';
import { printableDocument } from '../../../shared/receipt/printable';
import type { ReceiptDocument, Width } from '../../../shared/receipt/document';
import type { Locale } from '../../../shared/i18n';
import type { ShiftReport } from '../../../shared/contract/shiftViews';
import { encodeDocument } from '../../../electron/printing/escpos';
import { printerProfiles, type PrinterProfile } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';
import jsQR from 'jsqr';

const goldens = join(__dirname, '../../fixtures/receipts');
const store = { name: 'Demo café', address: ['ул. Витоша 1, София'] };
const at = Date.UTC(2026, 10, 22, 8, 30);

const stampData = (locale: Locale): StampReceiptData => ({
  store,
  customerName: locale === 'ru' ? 'Анна' : locale === 'bg' ? 'Анна' : 'Anna',
  cards: [{ name: locale === 'en' ? 'Coffee' : locale === 'bg' ? 'Кафе' : 'Кофе', filled: 7, size: 10, rewardName: locale === 'en' ? 'Free drink' : locale === 'bg' ? 'Безплатна напитка' : 'Бесплатный напиток', justFilled: false }],
  points: 120,
  tier: null,
  rewards: [locale === 'bg' ? 'Безплатен кроасан' : locale === 'ru' ? 'Бесплатный круассан' : 'Free croissant'],
  qr: 'https://loyaltill.bg/f/2900000000015',
  coupon: { partner: 'Книжарница Хеликон', text: '-10% на книги', code: 'HELI-2026' },
  at,
  timeZone: 'Europe/Sofia',
});

const zReport: ShiftReport = {
  kind: 'Z',
  shift: { id: 's', currency: 'BGN', openedAt: at - 8 * 3_600_000, openedBy: 'Иван Георгиев', floatMinor: 10000, closedAt: at, zNumber: 42 },
  closedBy: 'Мария Петрова',
  cash: { floatMinor: 10000, cashInMinor: 2000, cashOutMinor: 1500, cashSalesMinor: 123450, expectedMinor: 133950, countedMinor: 133900, differenceMinor: -50, counted: null, movements: [] },
  sales: {
    count: 87,
    totalMinor: 187650,
    discountMinor: 1340,
    byTender: [{ kind: 'card', minor: 64200 }, { kind: 'cash', minor: 123450 }],
    byCategory: [{ categoryId: 'coffee', name: { bg: 'Кафе', ru: 'Кофе', en: 'Coffee' }, quantity: 120, minor: 150000 }],
    byStaff: [{ staffName: 'Иван Георгиев', count: 87, minor: 187650 }],
    refunds: { count: 1, minor: 340 },
    voids: { count: 0, minor: 0 },
  },
  loyalty: { stampsGiven: 96, stampsReversed: 1, rewardsEarned: 9, rewardsRedeemed: 7, pointsEarned: 1340, pointsSpent: 240, newMembers: 5 },
  eventsWaiting: 12,
};

function golden(name: string, bytes: Uint8Array) {
  const file = join(goldens, `${name}.bin`);
  if (process.env.UPDATE_GOLDENS === '1') {
    mkdirSync(goldens, { recursive: true });
    writeFileSync(file, bytes);
  }
  expect(existsSync(file), `${name}: no golden file (run with UPDATE_GOLDENS=1 and review the bytes)`).toBe(true);
  expect(Buffer.from(bytes).equals(readFileSync(file)), `${name} differs from its golden file (UPDATE_GOLDENS=1 to accept)`).toBe(true);
}

const cases: { name: string; locale: Locale; doc: (w: Width) => ReceiptDocument }[] = [
  { name: 'stamp-bg', locale: 'bg', doc: (width) => buildStampReceipt(stampData('bg'), { locale: 'bg', width }) },
  { name: 'stamp-ru', locale: 'ru', doc: (width) => buildStampReceipt(stampData('ru'), { locale: 'ru', width }) },
  { name: 'z-report-bg', locale: 'bg', doc: (width) => buildShiftReport(zReport, store, 'Europe/Sofia', { locale: 'bg', width }) },
  { name: 'test-page-ru', locale: 'ru', doc: (width) => buildTestPage(store, 'Epson (CP866)', { locale: 'ru', width }) },
];

describe('receipts on paper', () => {
  for (const c of cases) {
    for (const width of [32, 48] as const) {
      for (const profile of printerProfiles as PrinterProfile[]) {
        it(`${c.name} at ${width} columns on ${profile.name} prints exactly what the preview shows`, () => {
          const doc = c.doc(width);
          const bytes = encodeDocument(doc, profile);
          golden(`${c.name}-${width}-${profile.id}`, bytes);
          const printed = interpret(bytes, width);
          expect(printed.codePages).toEqual([profile.codePageNumber]);
          const preview = previewLines(printableDocument(doc, profile.codePage));
          expect(printed.lines.slice(0, preview.length)).toEqual(preview);
          expect(printed.lines.every((l) => l.length <= width)).toBe(true);
          expect(printed.lines.join('\n')).not.toContain('?');
          expect(printed.cuts).toBe(1);
        });
      }
    }
  }

  it('greets the customer, draws the card as stamps, says how many are left, and is not a fiscal receipt', () => {
    const doc = buildStampReceipt(stampData('ru'), { locale: 'ru', width: 32 });
    const printed = interpret(encodeDocument(doc, printerProfiles[0]!), 32);
    const text = printed.lines.join('\n');
    expect(text).toContain('Здравствуйте, Анна!');
    expect(text).toContain('(*) (*) (*) (*) (*) (*) (*) ( )');
    expect(text).toContain('Ещё 3 до "Бесплатный напиток"'); // CP866 has no « », so plain quotes
    expect(text).toContain('ЭТО НЕ ФИСКАЛЬНЫЙ ЧЕК');
    expect(printed.qr).toEqual(['https://loyaltill.bg/f/2900000000015']);
    // Drawn as the printer draws it, and read back by an independent decoder.
    const image = printed.qrImages[0]!;
    expect(jsQR(image.data, image.width, image.height)?.data).toBe('https://loyaltill.bg/f/2900000000015');
  });

  it('prints money with a currency word, never a euro or rouble sign the code page lacks', () => {
    const doc = buildShiftReport(zReport, store, 'Europe/Sofia', { locale: 'bg', width: 48 });
    const text = interpret(encodeDocument(doc, printerProfiles[0]!), 48).lines.join('\n');
    expect(text).toMatch(/Разлика\s+-0,50 лв\./);
    expect(text).toMatch(/Очаквано в касата\s+1 339,50 лв\./);
    expect(text).not.toMatch(/[€₽]/);
  });
});
