/**
 * The same code read again shortly after counts once: a scanner that double-reads, a customer who
 * swipes twice, an RFID reader that repeats its frame every 60 ms while a tag lies on it. The
 * window slides: as long as the same read keeps arriving, it keeps being dropped.
 */
import type { Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ScannedCode } from '../../shared/codes/classify';

export interface RepeatFilter {
  /** True when this read should be delivered. */
  accept(result: Result<ScannedCode, AppError>, now: number): boolean;
  reset(): void;
}

function keyOf(result: Result<ScannedCode, AppError>): string {
  if (!result.ok) return `error:${result.error.code}`;
  return result.value.kind === 'loyalty' ? `loyalty:${result.value.code}` : `product:${result.value.gtin}`;
}

export function createRepeatFilter(windowMs: number): RepeatFilter {
  let lastKey: string | null = null;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    accept(result, now) {
      const key = keyOf(result);
      const repeat = key === lastKey && now - lastAt <= windowMs;
      lastKey = key;
      lastAt = now;
      return !repeat;
    },
    reset() {
      lastKey = null;
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
