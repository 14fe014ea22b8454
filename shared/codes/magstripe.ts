/**
 * Magnetic stripe data as a reader sends it (ISO/IEC 7811 encoding, ISO/IEC 7813 layout for
 * financial cards), in keyboard mode or over HID/serial:
 *
 *   track 1  %B4111111111111111^SURNAME/NAME^2512101...?   6-bit characters, space..underscore
 *   track 2  ;4111111111111111=2512101...?                  5-bit characters, 0-9 : ; < = > ?
 *   track 3  ;...?  (sometimes '+' instead of ';' as start sentinel)
 *
 * Each track may be followed by its LRC character when the reader is set to pass it; readers that
 * fail a track send the start sentinel, 'E' and the end sentinel (";E?").
 *
 * Whatever the tracks hold, a bank card is answered with card.bank_card and nothing else: the
 * number, the name and the expiry never leave this module (no field here is ever logged).
 */
import { err, type Result } from '../result';
import { appError, type AppError } from '../errors';
import { bankCard, classifyDigits, classifyPayload, type ScannedCode } from './payload';
import { inPaymentCardRange, isPaymentCardNumber } from './paymentCard';

export interface MagstripeOptions {
  /** The reader sends each track's LRC character right after its end sentinel. */
  lrc?: boolean;
}

type TrackNumber = 1 | 2 | 3;

interface Track {
  track: TrackNumber;
  /** Characters between the sentinels. */
  data: string;
  complete: boolean;
  /** The reader reported this track unreadable, or its LRC/characters do not check. */
  failed: boolean;
}

const TRACK1_CHAR = /^[\x20-\x5f]*$/;
const TRACK2_CHAR = /^[\x30-\x3f]*$/;

/** True when `text` starts like magnetic stripe data rather than a barcode. */
export function looksLikeTrackData(text: string): boolean {
  // '+' (a track 3 start on some readers) also starts phone numbers: only with its end sentinel.
  return /^(%[A-Z]|;[\d=E?])/.test(text) || /^\+[\d=]*\?/.test(text) || text === '+E?';
}

/** LRC of a track: XOR of every character's data bits, sentinels included (ISO/IEC 7811-2). */
export function trackLrc(trackText: string, track: TrackNumber): string {
  const base = track === 1 ? 0x20 : 0x30;
  const mask = track === 1 ? 0x3f : 0x0f;
  let lrc = 0;
  for (let i = 0; i < trackText.length; i++) lrc ^= (trackText.charCodeAt(i) - base) & mask;
  return String.fromCharCode(lrc + base);
}

/** Splits reader output into tracks. Unknown characters between tracks (CR, LF) are skipped. */
function splitTracks(text: string, options: MagstripeOptions): Track[] {
  const tracks: Track[] = [];
  let i = 0;
  while (i < text.length) {
    const sentinel = text[i];
    if (sentinel !== '%' && sentinel !== ';' && sentinel !== '+') {
      i++;
      continue;
    }
    const track: TrackNumber = sentinel === '%' ? 1 : tracks.some((t) => t.track === 2) || sentinel === '+' ? 3 : 2;
    const end = text.indexOf('?', i + 1);
    const nextStart = findNextStart(text, i + 1);
    if (end < 0 || (nextStart >= 0 && nextStart < end)) {
      const stop = nextStart >= 0 ? nextStart : text.length;
      tracks.push({ track, data: text.slice(i + 1, stop), complete: false, failed: false });
      i = stop;
      continue;
    }
    const data = text.slice(i + 1, end);
    const charsOk = track === 1 ? TRACK1_CHAR.test(data) : TRACK2_CHAR.test(data);
    let failed = data === 'E' || !charsOk;
    let next = end + 1;
    if (options.lrc) {
      const lrc = text[next];
      failed ||= lrc === undefined || lrc !== trackLrc(text.slice(i, end + 1), track);
      next++;
    }
    tracks.push({ track, data, complete: true, failed });
    i = next;
  }
  return tracks;
}

function findNextStart(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    // On track 1 ';' and '+' are ordinary characters only in theory: ISO 7813 forbids them in the
    // fields, so a ';' after '%' is the next track's start.
    if (c === '%' || c === ';') return i;
  }
  return -1;
}

/**
 * The account number field: on track 1 in the financial layout (format code 'B') the PAN after the
 * format code up to '^'; on other track 1 layouts everything up to '^'; on tracks 2 and 3 everything
 * up to '='.
 */
function accountField(track: Track): string {
  if (track.track === 1) {
    const body = /^B[\d ]/.test(track.data) ? track.data.slice(1) : track.data;
    const caret = body.indexOf('^');
    return caret < 0 ? body : body.slice(0, caret);
  }
  const separator = track.data.indexOf('=');
  return separator < 0 ? track.data : track.data.slice(0, separator);
}

function isBankTrack(track: Track): boolean {
  const field = accountField(track).replace(/ /g, '');
  return isPaymentCardNumber(field);
}

/** Whatever a swipe's text holds: a loyalty card, or why not. */
export function parseMagstripe(text: string, options: MagstripeOptions = {}): Result<ScannedCode, AppError> {
  const tracks = splitTracks(text.trim(), options);
  if (tracks.length === 0) return err(appError('code.empty'));
  // A bank card is refused as such even when another track failed: the cashier must hear the reason.
  if (tracks.some((t) => !t.failed && isBankTrack(t))) return bankCard();
  if (tracks.some((t) => !t.complete || t.failed)) return err(appError('card.half_read'));
  const numeric = tracks.map((t) => accountField(t).replace(/ /g, '')).filter((f) => /^\d+$/.test(f));
  // Two tracks of one card that disagree on the number mean one of them was misread.
  if (numeric.some((f) => f !== numeric[0])) return err(appError('card.misread'));
  // Track 2 is the one loyalty systems encode; track 1 may carry a name, track 3 rarely anything.
  const preferred = [2, 1, 3].map((n) => tracks.find((t) => t.track === n)).find((t) => t !== undefined);
  return preferred === undefined ? err(appError('code.empty')) : trackCode(preferred);
}

function trackCode(track: Track): Result<ScannedCode, AppError> {
  const field = accountField(track).trim();
  const digits = field.replace(/ /g, '');
  if (/^\d+$/.test(digits)) {
    // A number in a card network's range that is not a valid card number is a misread bank card
    // more likely than anything else: refuse it without showing it.
    if (inPaymentCardRange(digits)) return err(appError('code.unsupported'));
    return classifyDigits(digits);
  }
  return classifyPayload(field);
}
