/**
 * The text of one read, as a device configured in a given way delivered it, to what it means.
 * Every source (keyboard wedge, serial, HID, simulator) ends here, so a code means the same thing
 * whichever device read it.
 */
import type { Result } from '../result';
import type { AppError } from '../errors';
import { classifyCode, type ScannedCode } from './classify';
import { looksLikeTrackData, parseMagstripe } from './magstripe';
import { normaliseUid, type UidOptions } from './rfid';
import { splitAim } from './aim';
import { ok } from '../result';

export interface ReadOptions {
  /** The device types card UIDs (keyboard-mode NFC/RFID readers): normalise them to hex. */
  uid?: UidOptions;
  /** The card reader passes each track's LRC character. */
  magstripeLrc?: boolean;
}

export function interpretRead(raw: string, options: ReadOptions = {}): Result<ScannedCode, AppError> {
  const text = splitAim(raw.trim()).data.trim();
  if (looksLikeTrackData(text)) return parseMagstripe(text, { lrc: options.magstripeLrc ?? false });
  if (options.uid !== undefined) {
    const uid = normaliseUid(text, options.uid);
    return uid.ok ? ok({ kind: 'loyalty', code: uid.value }) : uid;
  }
  return classifyCode(raw);
}
