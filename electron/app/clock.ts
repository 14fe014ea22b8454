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

export function createIdSource(clock: Clock): IdSource {
  const random = new Uint8Array(10);
  return {
    newId() {
      randomFillSync(random);
      return uuidV7(clock.now(), random);
    },
  };
}
