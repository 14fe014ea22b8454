/**
 * DLE EOT real-time status (Epson ESC/POS): the printer answers one byte per query even while it
 * is offline, which is how the queue tells "paper out" from "printer away".
 */
export const DLE_EOT = (n: 1 | 2 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
}

/** A status byte has bits 1 and 4 set and bit 0 and 7 clear; anything else is not an answer. */
export const isStatusByte = (b: number): boolean => (b & 0b1001_0011) === 0b0001_0010;

export function parseStatus(printer: number, offline: number, paper: number): PrinterStatus | null {
  if (![printer, offline, paper].every(isStatusByte)) return null;
  return {
    online: (printer & 0b0000_1000) === 0,
    coverOpen: (offline & 0b0000_0100) !== 0,
    paperOut: (offline & 0b0010_0000) !== 0 || (paper & 0b0110_0000) !== 0,
    paperNearEnd: (paper & 0b0000_1100) !== 0,
  };
}

/** The bytes a printer in this state answers to DLE EOT 1, 2 and 4 (used by the simulator). */
export function statusBytes(s: PrinterStatus): [number, number, number] {
  const printer = 0b0001_0010 | (s.online ? 0 : 0b0000_1000);
  const offline = 0b0001_0010 | (s.coverOpen ? 0b0000_0100 : 0) | (s.paperOut ? 0b0010_0000 : 0);
  const paper = 0b0001_0010 | (s.paperNearEnd ? 0b0000_1100 : 0) | (s.paperOut ? 0b0110_0000 : 0);
  return [printer, offline, paper];
}
