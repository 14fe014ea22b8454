import { prepared, type Db } from '../db/connection';

/**
 * The first answer to a client-made key, so a double tap or a retried request acts once. Read and
 * written inside the command's own transaction: two racing requests cannot both act.
 */
export function recallAnswer<T>(db: Db, key: string, command: string): { found: true; value: T } | { found: false; conflict: boolean } {
  const row = prepared(db, 'SELECT command, result FROM idempotency WHERE key = ?').get(key) as { command: string; result: string } | undefined;
  if (!row) return { found: false, conflict: false };
  if (row.command !== command) return { found: false, conflict: true };
  return { found: true, value: JSON.parse(row.result) as T };
}

export function rememberAnswer(db: Db, key: string, command: string, value: unknown, now: number): void {
  prepared(db, 'INSERT INTO idempotency (key, command, result, created_at) VALUES (?, ?, ?, ?)').run(key, command, JSON.stringify(value), now);
}

/** How long an answer is kept: far beyond any retry of a tap or a request, short of a year of sales' answers. */
export const ANSWER_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Forgets answers older than `before` (the daily job calls it with now - ANSWER_KEPT_MS): a busy
 * café remembers a key for every stamp and sale, about 180 000 a year of answers up to a kilobyte
 * each, which nothing reads after the moment of a retry. A key older than that acts again.
 */
export function forgetAnswersBefore(db: Db, before: number): number {
  return prepared(db, 'DELETE FROM idempotency WHERE created_at < ?').run(before).changes;
}
