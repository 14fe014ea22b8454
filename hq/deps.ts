import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../shared/ids';
import type { Sql } from './db/sql';

/** What every HQ module is given by startHq (no module-level state). */
export interface HqDeps {
  sql: Sql;
  now: () => number;
  log: (...a: unknown[]) => void;
  newId: () => string;
}

export function makeDeps(sql: Sql, now: () => number, log: (...a: unknown[]) => void): HqDeps {
  return { sql, now, log, newId: () => uuidV7(now(), randomBytes(10)) };
}

/** The terminal id HQ's own ledger entries (conflict write-offs) carry. */
export const HQ_TERMINAL_ID = '00000000-0000-7000-8000-000000000000';
