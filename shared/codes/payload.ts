/**
 * What the data of one read means, once framing (AIM prefix, QR scheme, magnetic stripe sentinels)
 * is gone: a loyalty card, a product, a bank card to refuse, or nothing we take.
 */
import { err, ok, type Result } from '../result';
import { appError, type AppError } from '../errors';
import { isInStoreEan13, isValidGtin } from './ean';
import { groupedDigits, inPaymentCardRange, isPaymentCardNumber } from './paymentCard';

export type ScannedCode = { kind: 'loyalty'; code: string } | { kind: 'product'; gtin: string };

const LOYALTY_TEXT = /^[A-Za-z0-9-]{4,32}$/;
const LOYALTY_MIN = 4;
const LOYALTY_MAX = 32;

const loyalty = (code: string): Result<ScannedCode, AppError> => ok({ kind: 'loyalty', code: code.toUpperCase() });
const product = (gtin: string): Result<ScannedCode, AppError> => ok({ kind: 'product', gtin });
/** The one answer for a bank card: no parameters, so the number cannot travel any further. */
export const bankCard = (): Result<never, AppError> => err(appError('card.bank_card'));
const unsupported = (): Result<never, AppError> => err(appError('code.unsupported'));
const badCheckDigit = (code: string): Result<never, AppError> => err(appError('code.bad_check_digit', { code }));

/**
 * A number read from a barcode or a card. 13 digits are tried as EAN-13 first: a valid EAN-13 is a
 * product or an in-store card even if it also passes Luhn (13-digit Visa numbers are no longer
 * issued, while German and Russian product codes start with 4). From 13 to 19 digits, a number in a
 * payment network's range is a bank card when Luhn-valid and refused without echo when not (it may
 * be a misread card number).
 */
export function classifyDigits(digits: string): Result<ScannedCode, AppError> {
  switch (digits.length) {
    case 8:
      return isValidGtin(digits) ? product(digits) : badCheckDigit(digits);
    case 12:
      return isValidGtin(digits) ? product(`0${digits}`) : badCheckDigit(digits);
    case 13:
      if (isValidGtin(digits)) return isInStoreEan13(digits) ? loyalty(digits) : product(digits);
      if (inPaymentCardRange(digits)) return isPaymentCardNumber(digits) ? bankCard() : unsupported();
      return badCheckDigit(digits);
    default:
      if (inPaymentCardRange(digits)) return isPaymentCardNumber(digits) ? bankCard() : unsupported();
      if (digits.length < LOYALTY_MIN || digits.length > LOYALTY_MAX) return unsupported();
      return loyalty(digits);
  }
}

/** `text` is already trimmed and stripped of any framing. */
export function classifyPayload(text: string): Result<ScannedCode, AppError> {
  if (text === '') return err(appError('code.empty'));
  if (/^\d+$/.test(text)) return classifyDigits(text);
  const grouped = groupedDigits(text);
  if (grouped !== null && inPaymentCardRange(grouped)) {
    return isPaymentCardNumber(grouped) ? bankCard() : unsupported();
  }
  if (LOYALTY_TEXT.test(text)) return loyalty(text);
  return unsupported();
}
