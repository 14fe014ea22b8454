import { randomFillSync } from 'node:crypto';
import { uuidV7 } from '../../shared/ids';

/** The edge where time and randomness enter; tests pass their own. */
export interface Clock {
  now(): number;
}

export interface IdSource {
  newId(): string;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Random bytes are drawn 4 KiB at a time: one draw per id was a measurable part of a stamp's CPU. */
const POOL_BYTES = 4096;

export function createIdSource(clock: Clock): IdSource {
  const pool = new Uint8Array(POOL_BYTES);
  let used = POOL_BYTES;
  return {
    newId() {
      if (used + 10 > POOL_BYTES) {
        randomFillSync(pool);
        used = 0;
      }
      const random = pool.subarray(used, used + 10);
      used += 10;
      return uuidV7(clock.now(), random);
    },
  };
}
