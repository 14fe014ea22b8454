/**
 * GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) check digits, and the codes of the loyalty cards this terminal
 * issues. GS1 numbers carry a mod-10 check digit whose weights alternate 3, 1 from the right, which
 * catches every single-digit misread and most swaps of neighbours.
 */

const DIGITS = /^\d+$/;

/** The check digit for `body` (the number without its check digit). `body` must be digits only. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is 8, 12, 13 or 14 digits whose last digit is the right check digit. */
export function isValidGtin(code: string): boolean {
  if (!DIGITS.test(code)) return false;
  if (code.length !== 8 && code.length !== 12 && code.length !== 13 && code.length !== 14) return false;
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** `body` followed by its check digit. */
export function withCheckDigit(body: string): string {
  return `${body}${gtinCheckDigit(body)}`;
}

/**
 * GS1 keeps EAN-13 prefixes 20-29 for numbers a store assigns itself (restricted circulation), so a
 * loyalty card printed as EAN-13 with such a prefix can never collide with a product.
 */
export function isInStoreEan13(code: string): boolean {
  return code.length === 13 && DIGITS.test(code) && code[0] === '2';
}

/** Prefix of the cards this terminal issues. */
export const IN_STORE_CARD_PREFIX = '29';
const SERIAL_DIGITS = 10;
export const MAX_CARD_SERIAL = 10 ** SERIAL_DIGITS - 1;

/**
 * The EAN-13 printed on a new card: '29', the serial zero-padded to 10 digits, the check digit.
 * Throws on a serial that cannot be printed: that is a programming error, not a user's.
 */
export function inStoreCardCode(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial > MAX_CARD_SERIAL) {
    throw new RangeError(`card serial must be an integer in 0..${MAX_CARD_SERIAL}`);
  }
  return withCheckDigit(`${IN_STORE_CARD_PREFIX}${String(serial).padStart(SERIAL_DIGITS, '0')}`);
}
