/**
 * Recognising bank payment cards so that they can be refused. A payment card number (PAN) is
 * sensitive: whatever recognises one must answer only "this is a bank card", never the number, so
 * nothing here returns or formats the digits it was given.
 */

export type PaymentNetwork =
  | 'visa'
  | 'mastercard'
  | 'amex'
  | 'maestro'
  | 'mir'
  | 'discover'
  | 'jcb'
  | 'unionpay'
  | 'diners';

interface NetworkRange {
  network: PaymentNetwork;
  /** Inclusive IIN range, compared on as many leading digits as `from` has. */
  from: string;
  to: string;
}

/**
 * IIN ranges of the networks a café in Bulgaria or Russia will see. Generous on purpose (Maestro's
 * whole 50 and 56-69 block, UnionPay's 62 and 81): refusing a stray number is harmless, taking a
 * bank card for a loyalty card is not.
 */
const RANGES: readonly NetworkRange[] = [
  { network: 'mir', from: '2200', to: '2204' },
  { network: 'mastercard', from: '2221', to: '2720' },
  { network: 'diners', from: '300', to: '305' },
  { network: 'amex', from: '34', to: '34' },
  { network: 'jcb', from: '3528', to: '3589' },
  { network: 'diners', from: '36', to: '36' },
  { network: 'amex', from: '37', to: '37' },
  { network: 'diners', from: '38', to: '39' },
  { network: 'visa', from: '4', to: '4' },
  { network: 'maestro', from: '50', to: '50' },
  { network: 'mastercard', from: '51', to: '55' },
  { network: 'maestro', from: '56', to: '58' },
  { network: 'discover', from: '6011', to: '6011' },
  { network: 'unionpay', from: '62', to: '62' },
  { network: 'discover', from: '644', to: '649' },
  { network: 'discover', from: '65', to: '65' },
  { network: 'maestro', from: '6', to: '6' },
  { network: 'unionpay', from: '81', to: '81' },
];

export const PAN_MIN_LENGTH = 13;
export const PAN_MAX_LENGTH = 19;

/** The first network whose IIN range holds `digits`, or null. */
export function paymentNetworkOf(digits: string): PaymentNetwork | null {
  for (const range of RANGES) {
    const head = digits.slice(0, range.from.length);
    if (head.length === range.from.length && head >= range.from && head <= range.to) return range.network;
  }
  return null;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** 13-19 digits in a payment network's range. */
export function inPaymentCardRange(digits: string): boolean {
  return (
    /^\d+$/.test(digits) &&
    digits.length >= PAN_MIN_LENGTH &&
    digits.length <= PAN_MAX_LENGTH &&
    paymentNetworkOf(digits) !== null
  );
}

/** 13-19 digits, Luhn-valid, in a payment network's range: a bank card number. */
export function isPaymentCardNumber(digits: string): boolean {
  return inPaymentCardRange(digits) && luhnValid(digits);
}

/**
 * Digits a person or reader may have grouped with spaces or dashes ("4111 1111 1111 1111"); null
 * when `text` holds anything else.
 */
export function groupedDigits(text: string): string | null {
  if (!/^[\d][\d -]*$/.test(text)) return null;
  return text.replace(/[ -]/g, '');
}
