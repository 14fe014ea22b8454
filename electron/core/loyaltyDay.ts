import { prepared } from '../db/connection';
import type { CoreDeps } from './context';
import { effectsOf, readState, recordEngineRun, runEngine } from './operations';
import { isoOfDay, localDay } from '../../shared/loyalty';
import { ANSWER_KEPT_MS, forgetAnswersBefore } from './idempotency';

/** Who the daily job's entries name as staff: no one at the counter did them. */
export const DAY_JOB_STAFF = 'system:loyalty-day';

export interface LoyaltyDayRun {
  /** The store day (YYYY-MM-DD in the program's zone). */
  day: string;
  /** False when this day had already run: nothing was written. */
  ran: boolean;
  customers: number;
  entries: number;
  /** Idempotency answers older than ANSWER_KEPT_MS, forgotten by this run. */
  answersForgotten: number;
}

/**
 * The engine's `day` event for every customer with something due today (issue 3): lots past their
 * expiry become expiry entries (never a silent deletion), and tier reviews reached move a customer
 * into grace or down a tier. Once per store day: the day is recorded in the same transaction as
 * what it wrote, so a restart, or a second run the same day, writes nothing twice, and a run cut
 * short leaves nothing half done. The same run forgets idempotency answers too old to be asked for
 * again (core/idempotency.ts).
 */
export function runLoyaltyDay(deps: CoreDeps): LoyaltyDayRun {
  const { db } = deps;
  const { document: program } = deps.programDocument();
  const now = deps.clock.now();
  const today = localDay(now, program.timeZone);
  const day = isoOfDay(today);
  return db.transaction((): LoyaltyDayRun => {
    if (prepared(db, 'SELECT 1 FROM loyalty_days WHERE day = ?').get(day)) return { day, ran: false, customers: 0, entries: 0, answersForgotten: 0 };
    const due = new Set<string>();
    const expiring = prepared(db, 'SELECT DISTINCT customer_id FROM lots WHERE remaining > 0 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY customer_id').all(now) as {
      customer_id: string;
    }[];
    for (const r of expiring) due.add(r.customer_id);
    const reviews = prepared(db, 'SELECT customer_id FROM loyalty_state WHERE due_day IS NOT NULL AND due_day <= ? ORDER BY customer_id').all(today) as { customer_id: string }[];
    for (const r of reviews) due.add(r.customer_id);
    let customers = 0;
    let entries = 0;
    for (const customerId of due) {
      const state = readState(deps, customerId, program, now);
      if (!state) continue;
      const operationId = deps.ids.newId();
      const out = runEngine(deps, state, { type: 'day' }, { operationId, staffId: DAY_JOB_STAFF });
      if (!out.ok) {
        deps.log.error('loyalty day not evaluated', { customerId, code: out.error.code });
        continue;
      }
      // A tier review is an operation even without entries: the other stores see the same tier.
      recordEngineRun(deps, { customerId, command: 'loyalty.day', visitId: null, reason: null, staffId: DAY_JOB_STAFF, planned: out.value.entries, operationId, engine: effectsOf(state, out.value) });
      entries += out.value.entries.length;
      if (out.value.entries.length > 0 || out.value.changes.length > 0) customers++;
    }
    const answersForgotten = forgetAnswersBefore(db, now - ANSWER_KEPT_MS);
    prepared(db, 'INSERT INTO loyalty_days (day, ran_at, customers, entries) VALUES (?, ?, ?, ?)').run(day, now, customers, entries);
    return { day, ran: true, customers, entries, answersForgotten };
  })();
}

/**
 * Runs the daily job now and then every `intervalMs` (a new store day starts at local midnight; the
 * job itself skips a day already done). Returns the stop function.
 */
export function scheduleLoyaltyDay(deps: CoreDeps, intervalMs = 10 * 60_000, firstAfterMs = 60_000): () => void {
  const tick = () => {
    try {
      const run = runLoyaltyDay(deps);
      if (run.ran) deps.log.info('loyalty day done', { day: run.day, customers: run.customers, entries: run.entries, answersForgotten: run.answersForgotten });
    } catch (cause) {
      deps.log.error('loyalty day failed', { error: cause instanceof Error ? cause.message : String(cause) });
    }
  };
  const first = setTimeout(tick, firstAfterMs);
  const every = setInterval(tick, intervalMs);
  first.unref?.();
  every.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
