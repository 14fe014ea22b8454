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
import { customProfile, printerProfiles, profileFor, type PrinterProfile } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';
import jsQR from 'jsqr';

const goldens = join(__dirname, '../../fixtures/receipts');
const store = { name: 'Demo café', address: ['ул. Витоша 1, София'] };
/** A 24 x 6 dot logo: a frame with a diagonal, so a row or bit order mistake shows. */
const logoPixels = Array.from({ length: 6 }, (_, y) => Array.from({ length: 24 }, (_, x) => (y === 0 || y === 5 || x === 0 || x === 23 || x === y * 4 ? 1 : 0)));
const logoBits = Buffer.from(logoPixels.flatMap((row) => Array.from({ length: 3 }, (_, b) => row.slice(b * 8, b * 8 + 8).reduce((n: number, bit) => (n << 1) | bit, 0)))).toString('base64');
const storeWithLogo = { ...store, logo: { width: 24, height: 6, bits: logoBits } };
const at = Date.UTC(2026, 10, 22, 8, 30);

const stampData = (locale: Locale): StampReceiptData => ({
  store: storeWithLogo,
  customerName: locale === 'ru' ? 'Анна' : locale === 'bg' ? 'Анна' : 'Anna',
  cards: [{ name: locale === 'en' ? 'Coffee' : locale === 'bg' ? 'Кафе' : 'Кофе', filled: 7, size: 10, rewardName: locale === 'en' ? 'Free drink' : locale === 'bg' ? 'Безплатна напитка' : 'Бесплатный напиток', justFilled: false }],
  points: 120,
  tier: { name: locale === 'en' ? 'Silver' : locale === 'bg' ? 'Сребро' : 'Серебро', next: locale === 'en' ? 'Gold' : locale === 'bg' ? 'Злато' : 'Золото', percent: 60 },
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
          // Star printers select the code page with ESC GS t, the others with ESC t.
          expect(Array.from(bytes.subarray(2, profile.star ? 6 : 5))).toEqual(profile.star ? [0x1b, 0x1d, 0x74, profile.codePageNumber] : [0x1b, 0x74, profile.codePageNumber]);
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

  it('prints the store logo as a raster image, dot for dot, where the preview shows [LOGO]', () => {
    const doc = buildStampReceipt(stampData('bg'), { locale: 'bg', width: 32 });
    const printed = interpret(encodeDocument(doc, printerProfiles[0]!), 32);
    expect(printed.images).toHaveLength(1);
    expect(printed.images[0]!.pixels).toEqual(logoPixels);
    expect(printed.lines[0]!.trim()).toBe('[LOGO]');
    expect(previewLines(doc)[0]!.trim()).toBe('[LOGO]');
  });

  it('shows points, tier progress, rewards and the partner coupon', () => {
    const text = interpret(encodeDocument(buildStampReceipt(stampData('bg'), { locale: 'bg', width: 48 }), printerProfiles[1]!), 48).lines.join('\n');
    expect(text).toMatch(/Точки\s+120/);
    expect(text).toContain('Сребро');
    expect(text).toContain('Злато');
    expect(text).toContain('* Безплатен кроасан');
    expect(text).toContain('Книжарница Хеликон');
    expect(text).toContain('HELI-2026');
  });

  it('selects the code page each maker numbers its own way', () => {
    const numbers = Object.fromEntries(printerProfiles.map((p) => [p.id, [p.codePage, p.codePageNumber, p.star]]));
    expect(numbers).toMatchObject({
      'epson-cp866': ['cp866', 17, false],
      'epson-wpc1251': ['win1251', 46, false],
      'xprinter-wpc1251': ['win1251', 23, false],
      'bixolon-wpc1251': ['win1251', 28, false],
      'star-cp866': ['cp866', 10, true],
      'star-wpc1251': ['win1251', 34, true],
    });
  });

  it('prints in the code page a custom profile names, for a printer no built-in profile fits', () => {
    const profile = profileFor({ transport: 'tcp', host: 'p', port: 9100, profileId: 'custom', custom: { codePage: 'win1251', number: 73, star: false }, width: 32 });
    expect(profile).toEqual(customProfile('win1251', 73, false));
    const bytes = encodeDocument(buildTestPage(store, profile.name, { locale: 'ru', width: 32 }), profile);
    expect(Array.from(bytes.subarray(2, 5))).toEqual([0x1b, 0x74, 73]);
    const printed = interpret(bytes, 32, { tables: { 73: 'win1251' } });
    expect(printed.lines).toContain('Кириллица:');
    expect(printed.lines).toContain('АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ');
  });

  it('writes the euro and rouble signs as words every code page has, never as a wrong glyph', () => {
    const doc = { width: 32 as const, blocks: [{ type: 'text' as const, text: 'Кафе 3,50 € / 250 ₽' }] };
    for (const profile of printerProfiles) {
      const line = interpret(encodeDocument(doc, profile), 32).lines[0];
      expect(line).toBe('Кафе 3,50 EUR / 250 руб.');
    }
  });

  it('never sends a status query hidden in a logo’s dots, which a printer would answer mid-receipt', () => {
    const bits = Buffer.from([0x10, 0x04, 0x01, 0xff, 0x10, 0x05, 0x10, 0x20]).toString('base64');
    const bytes = encodeDocument({ width: 32, blocks: [{ type: 'image', image: { width: 16, height: 4, bits } }] }, printerProfiles[0]!);
    for (let i = 0; i + 1 < bytes.length; i++) expect([bytes[i], bytes[i + 1]]).not.toEqual([0x10, 0x04]);
    const image = interpret(bytes, 32).images[0]!;
    expect(image.pixels.map((row) => row.join(''))).toEqual(['0000000000000100', '0000000111111111', '0000000000000101', '0001000000100000']);
  });
});
