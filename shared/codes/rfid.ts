/**
 * 125 kHz and NFC card identifiers.
 *
 * RDM6300-style serial readers send, while a tag is in the field, a 14-byte frame per read:
 *   0x02 (STX), 10 ASCII hex digits (1 version/customer byte + 4 tag bytes),
 *   2 ASCII hex digits (XOR of those 5 bytes), 0x03 (ETX)
 * at 9600 baud 8N1, repeated every ~60 ms. Serial lines pick up noise and lose bytes, so the decoder
 * resynchronises on every STX and drops frames whose checksum does not match.
 *
 * Keyboard-mode NFC/RFID readers type the UID either in hex ("04A1B2C3D4E5F6", sometimes with
 * colons) or in decimal (commonly the 4-byte UID as 10 digits with leading zeros). Both are
 * normalised to upper-case hex, bytes in the order the card sends them, so one card is one code
 * whatever the reader's setting.
 */
import { err, ok, type Result } from '../result';
import { appError, type AppError } from '../errors';

const STX = 0x02;
const ETX = 0x03;
const FRAME_LENGTH = 14;

export type Rdm6300Reading = Result<{ tag: string }, AppError>;

const isHexByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

/** Checks one complete frame (STX..ETX). */
export function parseRdm6300Frame(frame: Uint8Array): Rdm6300Reading {
  if (frame.length !== FRAME_LENGTH || frame[0] !== STX || frame[FRAME_LENGTH - 1] !== ETX) {
    return err(appError('card.misread'));
  }
  const body = frame.subarray(1, 13);
  if (!body.every(isHexByte)) return err(appError('card.misread'));
  const hex = String.fromCharCode(...body).toUpperCase();
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(hex.slice(i, i + 2), 16);
  if (xor !== parseInt(hex.slice(10, 12), 16)) return err(appError('card.misread'));
  return ok({ tag: hex.slice(0, 10) });
}

/** The frame a reader sends for `tag` (10 hex digits): what the simulator emits. */
export function rdm6300Frame(tag: string): Uint8Array {
  const hex = tag.toUpperCase();
  if (!/^[0-9A-F]{10}$/.test(hex)) throw new RangeError('an RDM6300 tag is 10 hex digits');
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(hex.slice(i, i + 2), 16);
  const text = `${hex}${xor.toString(16).toUpperCase().padStart(2, '0')}`;
  return Uint8Array.from([STX, ...[...text].map((c) => c.charCodeAt(0)), ETX]);
}

export interface Rdm6300Decoder {
  /** Feeds bytes as they arrive, in chunks of any size; returns the frames they complete. */
  push(chunk: Uint8Array): Rdm6300Reading[];
  reset(): void;
}

export function createRdm6300Decoder(): Rdm6300Decoder {
  let buffer: number[] = [];
  return {
    push(chunk) {
      const readings: Rdm6300Reading[] = [];
      for (const byte of chunk) {
        if (byte === STX) {
          // A new frame starts: whatever was pending was cut short.
          if (buffer.length > 0) readings.push(err(appError('card.misread')));
          buffer = [STX];
          continue;
        }
        if (buffer.length === 0) continue; // noise between frames
        buffer.push(byte);
        if (byte === ETX || buffer.length === FRAME_LENGTH) {
          readings.push(parseRdm6300Frame(Uint8Array.from(buffer)));
          buffer = [];
        }
      }
      return readings;
    },
    reset() {
      buffer = [];
    },
  };
}

export type UidFormat = 'auto' | 'hex' | 'decimal';

export interface UidOptions {
  /** What the reader types; 'auto' takes 10 digits as decimal, anything else as hex. */
  format?: UidFormat;
  /** Readers that print the UID least significant byte first (common for decimal output). */
  reversed?: boolean;
}

/** A typed UID -> upper-case hex, in card byte order. */
export function normaliseUid(typed: string, options: UidOptions = {}): Result<string, AppError> {
  const text = typed.trim().replace(/[\s:-]/g, '');
  if (text === '') return err(appError('code.empty'));
  const format = options.format ?? 'auto';
  const decimal = format === 'decimal' || (format === 'auto' && /^\d{10}$/.test(text));
  let hex: string;
  if (decimal) {
    if (!/^\d{1,20}$/.test(text)) return err(appError('code.unsupported'));
    const value = BigInt(text);
    // 10 digits hold 4 bytes, longer numbers 7 bytes (double-size UIDs).
    const bytes = text.length <= 10 ? 4 : 7;
    if (value >= 1n << BigInt(bytes * 8)) return err(appError('code.unsupported'));
    hex = value.toString(16).toUpperCase().padStart(bytes * 2, '0');
  } else {
    if (!/^[0-9A-Fa-f]+$/.test(text) || text.length % 2 !== 0 || text.length < 8 || text.length > 20) {
      return err(appError('code.unsupported'));
    }
    hex = text.toUpperCase();
  }
  if (options.reversed) hex = (hex.match(/../g) ?? []).reverse().join('');
  return ok(hex);
}
