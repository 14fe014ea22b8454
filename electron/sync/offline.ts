import { prepared, type Db } from '../db/connection';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { isEnrolled, readAllowance, readSyncState, type SyncState } from './state';
import { verifyAllowance } from './allowance';

/** Without a successful exchange with HQ for this long, the terminal counts as offline. */
export const OFFLINE_AFTER_MS = 2 * 60_000;

export function isOffline(state: SyncState, now: number): boolean {
  if (!isEnrolled(state)) return false;
  if (state.revoked || state.lastPushFailed || state.lastContactAt === null) return true;
  return now - state.lastContactAt > OFFLINE_AFTER_MS;
}

export interface OfflineSpend {
  terminalId: string;
  now: number;
  timeZone: string;
  /** The program's rule for redeeming offline with no valid allowance. */
  fallback: 'allow' | 'deny';
  customerId: string;
  rewards: number;
  points: number;
}

/**
 * Checks a redemption against HQ's offline allowance and, if allowed, counts it. Call it inside the
 * redemption's transaction, so a refused or failed redemption counts nothing.
 *
 * A terminal that was never enrolled (a single café on its own) is never limited; one that is
 * online redeems against the balance it knows, which HQ checks anyway.
 */
export function checkOfflineSpend(db: Db, spend: OfflineSpend): Result<null, AppError> {
  if (spend.rewards === 0 && spend.points === 0) return ok(null);
  const state = readSyncState(db);
  if (!isOffline(state, spend.now)) return ok(null);
  const allowance = readAllowance(db);
  const valid =
    allowance !== null &&
    state.allowanceKey !== null &&
    spend.now < allowance.grant.expiresAt &&
    verifyAllowance(allowance, state.allowanceKey, spend.terminalId);
  if (!valid) return spend.fallback === 'allow' ? ok(null) : err({ code: 'sync.offline_no_allowance' });

  const grant = allowance.grant;
  const day = storeDay(spend.now, spend.timeZone);
  const mine = prepared(db, 'SELECT rewards, points FROM offline_redemptions WHERE grant_issued_at = ? AND day = ? AND customer_id = ?').get(
    grant.issuedAt,
    day,
    spend.customerId,
  ) as { rewards: number; points: number } | undefined;
  const all = prepared(db, 'SELECT COALESCE(SUM(rewards), 0) AS rewards, COALESCE(SUM(points), 0) AS points FROM offline_redemptions WHERE grant_issued_at = ?').get(
    grant.issuedAt,
  ) as { rewards: number; points: number };
  const checks: [limit: 'perCustomerPerDay' | 'total', what: 'rewards' | 'points', used: number, asked: number, allowed: number][] = [
    ['perCustomerPerDay', 'rewards', mine?.rewards ?? 0, spend.rewards, grant.perCustomerPerDay.rewards],
    ['perCustomerPerDay', 'points', mine?.points ?? 0, spend.points, grant.perCustomerPerDay.points],
    ['total', 'rewards', all.rewards, spend.rewards, grant.total.rewards],
    ['total', 'points', all.points, spend.points, grant.total.points],
  ];
  for (const [limit, what, used, asked, allowed] of checks) {
    if (asked > 0 && used + asked > allowed) {
      return err({ code: 'sync.offline_allowance_exceeded', params: { limit, what, allowed, used } });
    }
  }
  prepared(
    db,
    `INSERT INTO offline_redemptions (grant_issued_at, day, customer_id, rewards, points) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (grant_issued_at, day, customer_id) DO UPDATE SET rewards = rewards + excluded.rewards, points = points + excluded.points`,
  ).run(grant.issuedAt, day, spend.customerId, spend.rewards, spend.points);
  return ok(null);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day in the store's time zone, as YYYY-MM-DD. */
export function storeDay(now: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}
