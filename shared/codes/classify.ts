/**
 * One entry point for whatever a scanner or reader delivered: a barcode (with or without an AIM
 * symbology prefix), a QR payload, magnetic stripe track data or an RFID/NFC code.
 *
 *   in-store EAN-13 (prefix 20-29)            -> loyalty card, check digit checked
 *   other EAN-13, EAN-8, UPC-A                -> product, check digit checked, UPC-A as 13 digits
 *   loyaltill:card:<CODE>, https://.../card/<CODE>  -> loyalty card
 *   [A-Z0-9-]{4,32} (Code 128, RFID, NFC)     -> loyalty card, upper-cased
 *   bank card number (any framing)            -> card.bank_card, with no parameters
 */
import { err, type Result } from '../result';
import { appError, type AppError } from '../errors';
import { splitAim } from './aim';
import { looksLikeTrackData, parseMagstripe } from './magstripe';
import { classifyPayload, type ScannedCode } from './payload';

export type { ScannedCode } from './payload';

const CARD_SCHEME = /^loyaltill:card:(.*)$/i;
const CARD_URL = /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/card\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i;

export function classifyCode(raw: string): Result<ScannedCode, AppError> {
  const { data } = splitAim(raw.trim());
  const text = data.trim();
  if (text === '') return err(appError('code.empty'));
  if (looksLikeTrackData(text)) return parseMagstripe(text);
  const inScheme = CARD_SCHEME.exec(text);
  if (inScheme) return classifyCardReference(inScheme[1] ?? '');
  const inUrl = CARD_URL.exec(text);
  if (inUrl) return classifyCardReference(safeDecode(inUrl[1] ?? ''));
  return classifyPayload(text);
}

/** The code inside a QR link must itself be a card code; a link to anything else is not a card. */
function classifyCardReference(code: string): Result<ScannedCode, AppError> {
  const result = classifyPayload(code.trim());
  if (!result.ok) return result.error.code === 'code.empty' ? err(appError('code.unsupported')) : result;
  return result;
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}
