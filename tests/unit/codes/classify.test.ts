import { describe, expect, it } from 'vitest';
import { classifyCode, type ScannedCode } from '../../../shared/codes/classify';
import type { AppError } from '../../../shared/errors';
import { inStoreCardCode } from '../../../shared/codes/ean';
import { bankCards } from '../../fixtures/devices/bankCards';

const loyalty = (code: string): ScannedCode => ({ kind: 'loyalty', code });
const product = (gtin: string): ScannedCode => ({ kind: 'product', gtin });

describe('classifyCode: loyalty cards', () => {
  it.each<[string, string, string]>([
    ['a card this terminal printed', inStoreCardCode(1), '2900000000018'],
    ['another store prefix (20)', '2012345678903', '2012345678903'],
    ['with the scanner suffix CR LF', ' 2900000000018\r\n', '2900000000018'],
    ['with an AIM EAN-13 prefix', ']E02900000000018', '2900000000018'],
    ['a QR payload in our scheme', 'loyaltill:card:abc-1234', 'ABC-1234'],
    ['our scheme, upper case, EAN inside', 'LOYALTILL:CARD:2900000000018', '2900000000018'],
    ['our scheme behind an AIM QR prefix', ']Q1loyaltill:card:XY-42-77', 'XY-42-77'],
    ['a link to the card', 'https://till.example.bg/c/card/ABCD1234', 'ABCD1234'],
    ['a link with a query and a slash', 'https://till.example.bg/card/abcd1234/?src=receipt', 'ABCD1234'],
    ['a Code 128 code', 'ab12cd', 'AB12CD'],
    ['a Code 128 code with AIM prefix', ']C0KAFE-0042', 'KAFE-0042'],
    ['an RFID tag in hex', '0a00b1c2d3', '0A00B1C2D3'],
    ['an NFC UID in decimal', '0012345678', '0012345678'],
    ['a swiped loyalty card (track 2)', ';2900000000018?', '2900000000018'],
  ])('%s', (_what, raw, code) => {
    expect(classifyCode(raw)).toEqual({ ok: true, value: loyalty(code) });
  });
});

describe('classifyCode: products', () => {
  it.each<[string, string, string]>([
    ['EAN-13', '4006381333931', '4006381333931'],
    ['EAN-13 behind ]E0', ']E04006381333931', '4006381333931'],
    ['UPC-A, normalised to 13 digits', '036000291452', '0036000291452'],
    ['EAN-8', '96385074', '96385074'],
    ['EAN-8 behind ]E4', ']E496385074\r', '96385074'],
    ['an EAN-13 that also passes Luhn', '5901234123457', '5901234123457'],
    // 13-digit Visa numbers are no longer issued; a valid EAN-13 from Russia (460) stays a product.
    ['a Russian EAN-13 in the Visa range that passes Luhn', '4600000000060', '4600000000060'],
  ])('%s', (_what, raw, gtin) => {
    expect(classifyCode(raw)).toEqual({ ok: true, value: product(gtin) });
  });
});

describe('classifyCode: refusals', () => {
  it.each<[string, string, AppError]>([
    ['nothing', '', { code: 'code.empty' }],
    ['only whitespace', '  \r\n', { code: 'code.empty' }],
    ['only an AIM prefix', ']E0', { code: 'code.empty' }],
    ['our card, last digit misread', '2900000000019', { code: 'code.bad_check_digit', params: { code: '2900000000019' } }],
    ['EAN-13, wrong check digit', '5901234123458', { code: 'code.bad_check_digit', params: { code: '5901234123458' } }],
    // Not a valid EAN-13, but a Luhn-valid number in the Visa range: treated as a (13-digit) bank card.
    ['13 digits failing EAN, passing Luhn in a card range', '4006381333932', { code: 'card.bank_card' }],
    ['UPC-A, wrong check digit', '036000291453', { code: 'code.bad_check_digit', params: { code: '036000291453' } }],
    ['EAN-8, wrong check digit', '96385075', { code: 'code.bad_check_digit', params: { code: '96385075' } }],
    ['too short', 'ab1', { code: 'code.unsupported' }],
    ['text with spaces', 'hello world', { code: 'code.unsupported' }],
    ['a link to something else', 'https://example.com/menu', { code: 'code.unsupported' }],
    ['our scheme with no code', 'loyaltill:card:', { code: 'code.unsupported' }],
    ['Cyrillic (a scanner garbled by the layout)', 'ЙЦУКЕН123', { code: 'code.unsupported' }],
    ['33 characters', 'A'.repeat(33), { code: 'code.unsupported' }],
    ['a half-swiped card', ';29000000', { code: 'card.half_read' }],
  ])('%s', (_what, raw, error) => {
    expect(classifyCode(raw)).toEqual({ ok: false, error });
  });
});

describe('classifyCode: bank cards', () => {
  const framings: Array<[string, (pan: string) => string]> = [
    ['as scanned', (pan) => pan],
    ['with CR LF', (pan) => `${pan}\r\n`],
    ['grouped with spaces', (pan) => pan.replace(/(\d{4})(?=\d)/g, '$1 ')],
    ['grouped with dashes', (pan) => pan.replace(/(\d{4})(?=\d)/g, '$1-')],
    ['in our QR scheme', (pan) => `loyaltill:card:${pan}`],
    ['in a card link', (pan) => `https://till.example.bg/card/${pan}`],
    ['swiped, tracks 1 and 2', (pan) => `%B${pan}^IVANOVA/MARIA^2812101000000000000000?;${pan}=28121010000000000000?`],
    ['swiped, track 2 only', (pan) => `;${pan}=28121010000000000000?`],
    ['swiped, track 2 half read', (pan) => `;${pan}=2812`],
  ];

  for (const { network, pan } of bankCards) {
    it.each(framings)(`refuse ${network} %s, without the number`, (_how, frame) => {
      const result = classifyCode(frame(pan));
      expect(result).toEqual({ ok: false, error: { code: 'card.bank_card' } });
      expect(JSON.stringify(result)).not.toContain(pan.slice(-4));
    });
  }

  it('refuse a number in a card range that fails Luhn, without echoing it', () => {
    expect(classifyCode('4111111111111112')).toEqual({ ok: false, error: { code: 'code.unsupported' } });
    expect(classifyCode('5555 5555 5555 4445')).toEqual({ ok: false, error: { code: 'code.unsupported' } });
  });
});
