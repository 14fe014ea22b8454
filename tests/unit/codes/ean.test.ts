import { describe, expect, it } from 'vitest';
import { gtinCheckDigit, inStoreCardCode, isInStoreEan13, isValidGtin, withCheckDigit } from '../../../shared/codes/ean';

describe('GTIN check digits', () => {
  // GS1's published examples, plus codes built with Bulgarian (380) and Russian (460) prefixes.
  it.each([
    ['4006381333931', 'EAN-13'],
    ['5901234123457', 'EAN-13'],
    ['4600051000057', 'EAN-13, Russian prefix'],
    ['3800020455111', 'EAN-13, Bulgarian prefix'],
    ['96385074', 'EAN-8'],
    ['73513537', 'EAN-8'],
    ['036000291452', 'UPC-A'],
    ['10012345000017', 'GTIN-14'],
  ])('accept %s (%s)', (code) => {
    expect(isValidGtin(code)).toBe(true);
    expect(withCheckDigit(code.slice(0, -1))).toBe(code);
  });

  it.each([
    ['4006381333932', 'last digit off by one'],
    ['4006383133931', 'two neighbours swapped'],
    ['9638507', 'seven digits'],
    ['40063813339311', 'fourteen digits, wrong check'],
    ['40063813339A1', 'a letter'],
    ['', 'nothing'],
  ])('refuse %s (%s)', (code) => {
    expect(isValidGtin(code)).toBe(false);
  });

  it('computes the digit that makes the weighted sum a multiple of ten', () => {
    // 3*1 + 1*0 ... worked by hand: body 290000000001 -> 3*1 + 3*9 + 1*2 = 32 -> 8.
    expect(gtinCheckDigit('290000000001')).toBe(8);
    expect(gtinCheckDigit('000000000000')).toBe(0);
  });

  it('catches every single-digit misread of a code', () => {
    const code = '4006381333931';
    for (let position = 0; position < code.length; position++) {
      for (let digit = 0; digit <= 9; digit++) {
        const misread = code.slice(0, position) + digit + code.slice(position + 1);
        if (misread !== code) expect(isValidGtin(misread), misread).toBe(false);
      }
    }
  });
});

describe('in-store card codes', () => {
  it('are 29, the zero-padded serial and a check digit', () => {
    expect(inStoreCardCode(1)).toBe('2900000000018');
    expect(inStoreCardCode(0)).toMatch(/^290000000000\d$/);
    expect(inStoreCardCode(9_999_999_999)).toMatch(/^299999999999\d$/);
  });

  it('are valid in-store EAN-13s for any serial', () => {
    for (const serial of [0, 7, 42, 123_456, 4_294_967_295, 9_999_999_999]) {
      const code = inStoreCardCode(serial);
      expect(code).toHaveLength(13);
      expect(isValidGtin(code)).toBe(true);
      expect(isInStoreEan13(code)).toBe(true);
      expect(Number(code.slice(2, 12))).toBe(serial);
    }
  });

  it('refuse a serial that does not fit ten digits', () => {
    expect(() => inStoreCardCode(10_000_000_000)).toThrow(RangeError);
    expect(() => inStoreCardCode(-1)).toThrow(RangeError);
    expect(() => inStoreCardCode(1.5)).toThrow(RangeError);
  });

  it('tell store numbers (20-29) from product numbers', () => {
    expect(isInStoreEan13('2012345678903')).toBe(true);
    expect(isInStoreEan13('4006381333931')).toBe(false);
    expect(isInStoreEan13('0036000291452')).toBe(false);
  });
});
