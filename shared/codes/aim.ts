/**
 * AIM symbology identifiers (ISO/IEC 15424): scanners set to send them prefix each read with ']',
 * a symbology letter and a modifier character, e.g. "]E0" for EAN-13, "]C1" for GS1-128, "]Q1" for
 * QR. They tell which kind of barcode was read; the code itself follows.
 */

export type Symbology =
  | 'code39'
  | 'code128'
  | 'ean-upc'
  | 'codabar'
  | 'code93'
  | 'itf'
  | 'qr'
  | 'datamatrix'
  | 'pdf417'
  | 'aztec'
  | 'gs1-databar'
  | 'other';

export interface AimIdentifier {
  /** The three characters as sent, e.g. "]E0". */
  id: string;
  symbology: Symbology;
  modifier: string;
}

const SYMBOLOGIES: Readonly<Record<string, Symbology>> = {
  A: 'code39',
  C: 'code128',
  E: 'ean-upc',
  F: 'codabar',
  G: 'code93',
  I: 'itf',
  Q: 'qr',
  d: 'datamatrix',
  L: 'pdf417',
  z: 'aztec',
  e: 'gs1-databar',
  X: 'other',
};

const AIM_PREFIX = /^\]([A-Za-z])([0-9A-Za-z])/;

/** Splits an AIM identifier off the front of `text`; `aim` is null when there is none. */
export function splitAim(text: string): { aim: AimIdentifier | null; data: string } {
  const match = AIM_PREFIX.exec(text);
  if (!match) return { aim: null, data: text };
  // Letters not listed (Telepen, Code 11, MSI, ...) are still identifiers: strip them all the same.
  const symbology = SYMBOLOGIES[match[1] ?? ''] ?? 'other';
  return { aim: { id: match[0], symbology, modifier: match[2] ?? '' }, data: text.slice(3) };
}
