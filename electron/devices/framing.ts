/**
 * Reassembles reads from a serial text stream. The OS hands over whatever bytes have arrived, so
 * one code may come in several chunks and one chunk may hold the end of one code and the start of
 * the next. A read is the text between the prefix (if any) and the suffix; with no suffix, a pause.
 */
import type { Framing } from './config';

const MAX_READ = 4096;

export interface Framer {
  /** Feeds a chunk; returns the reads it completes. */
  push(chunk: Uint8Array): string[];
  /** Ends a read on a pause (devices that send no suffix); returns it, or null. */
  idle(): string | null;
  /** Drops a half-received read (the device went away mid-read). */
  reset(): void;
}

export function createFramer(framing: Pick<Framing, 'prefix' | 'suffix'>): Framer {
  const { prefix, suffix } = framing;
  let buffer = '';
  let inRead = prefix === '';

  return {
    push(chunk) {
      // Latin-1 maps every byte to one character, so nothing a scanner sends is lost or merged.
      // NUL and 0xFF are what a line gives when a device is plugged in or a break occurs: noise.
      buffer += Buffer.from(chunk).toString('latin1').replace(/[\x00\xff]/g, '');
      const reads: string[] = [];
      for (;;) {
        if (!inRead) {
          const start = buffer.indexOf(prefix);
          if (start < 0) {
            // Keep a tail that may be the beginning of a prefix split across chunks.
            buffer = buffer.slice(Math.max(0, buffer.length - (prefix.length - 1)));
            break;
          }
          buffer = buffer.slice(start + prefix.length);
          inRead = true;
        }
        if (suffix === '') break;
        const end = buffer.indexOf(suffix);
        if (end < 0) break;
        const read = buffer.slice(0, end);
        // A blank line (CR LF when the suffix is CR, a scanner's wake-up) is not a read.
        if (read.trim() !== '') reads.push(read);
        buffer = buffer.slice(end + suffix.length);
        inRead = prefix === '';
      }
      if (buffer.length > MAX_READ) {
        buffer = '';
        inRead = prefix === '';
      }
      return reads;
    },
    idle() {
      if (!inRead || buffer.trim() === '') return null;
      const read = buffer;
      buffer = '';
      inRead = prefix === '';
      return read;
    },
    reset() {
      buffer = '';
      inRead = prefix === '';
    },
  };
}
