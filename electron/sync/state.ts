import { prepared, type Db } from '../db/connection';
import type { SignedAllowance } from '../../shared/sync/wire';
import { signedAllowanceSchema } from '../../shared/sync/wire';

/** The terminal's sync bookkeeping (migration 006), one row. */
export interface SyncState {
  hqUrl: string | null;
  organisationId: string | null;
  storeId: string | null;
  allowanceKey: string | null;
  enrolledAt: number | null;
  revoked: boolean;
  pushAckSeq: number;
  feedCursor: string;
  lastContactAt: number | null;
  lastSyncAt: number | null;
  lastPushFailed: boolean;
  lastError: string | null;
}

interface Row {
  hq_url: string | null;
  organisation_id: string | null;
  store_id: string | null;
  allowance_key: string | null;
  enrolled_at: number | null;
  revoked: number;
  push_ack_seq: number;
  feed_cursor: string;
  last_contact_at: number | null;
  last_sync_at: number | null;
  last_push_failed: number;
  last_error: string | null;
}

export function readSyncState(db: Db): SyncState {
  const r = prepared(db, 'SELECT * FROM sync_state WHERE id = 1').get() as Row;
  return {
    hqUrl: r.hq_url,
    organisationId: r.organisation_id,
    storeId: r.store_id,
    allowanceKey: r.allowance_key,
    enrolledAt: r.enrolled_at,
    revoked: r.revoked === 1,
    pushAckSeq: r.push_ack_seq,
    feedCursor: r.feed_cursor,
    lastContactAt: r.last_contact_at,
    lastSyncAt: r.last_sync_at,
    lastPushFailed: r.last_push_failed === 1,
    lastError: r.last_error,
  };
}

export const isEnrolled = (s: SyncState): boolean => s.hqUrl !== null && s.enrolledAt !== null;

export function saveEnrolment(db: Db, e: { hqUrl: string; organisationId: string; storeId: string; allowanceKey: string; at: number }): void {
  prepared(
    db,
    `UPDATE sync_state SET hq_url = ?, organisation_id = ?, store_id = ?, allowance_key = ?, enrolled_at = ?, revoked = 0,
       feed_cursor = '0', last_contact_at = ?, last_error = NULL, last_push_failed = 0 WHERE id = 1`,
  ).run(e.hqUrl, e.organisationId, e.storeId, e.allowanceKey, e.at, e.at);
}

export function savePushAck(db: Db, ackSeq: number, at: number): void {
  prepared(db, 'UPDATE sync_state SET push_ack_seq = ?, last_contact_at = ?, last_push_failed = 0 WHERE id = 1').run(ackSeq, at);
}

export function recordContact(db: Db, at: number): void {
  prepared(db, 'UPDATE sync_state SET last_contact_at = ? WHERE id = 1').run(at);
}

export function recordSyncDone(db: Db, at: number): void {
  prepared(db, 'UPDATE sync_state SET last_sync_at = ?, last_contact_at = ?, last_error = NULL, last_push_failed = 0 WHERE id = 1').run(at, at);
}

export function recordSyncFailure(db: Db, code: string, pushFailed: boolean): void {
  prepared(db, 'UPDATE sync_state SET last_error = ?, last_push_failed = CASE WHEN ? THEN 1 ELSE last_push_failed END WHERE id = 1').run(code, pushFailed ? 1 : 0);
}

export function markRevoked(db: Db): void {
  prepared(db, "UPDATE sync_state SET revoked = 1, last_error = 'sync.unauthorized' WHERE id = 1").run();
}

export function eventsWaiting(db: Db, ackSeq: number): number {
  const row = prepared(db, 'SELECT COUNT(*) AS n FROM outbox WHERE seq > ?').get(ackSeq) as { n: number };
  return row.n;
}

export function saveAllowance(db: Db, allowance: SignedAllowance, at: number): void {
  prepared(
    db,
    `INSERT INTO sync_allowance (id, grant_json, signature, issued_at, expires_at, stored_at) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET grant_json = excluded.grant_json, signature = excluded.signature, issued_at = excluded.issued_at,
       expires_at = excluded.expires_at, stored_at = excluded.stored_at`,
  ).run(JSON.stringify(allowance.grant), allowance.signature, allowance.grant.issuedAt, allowance.grant.expiresAt, at);
}

export function readAllowance(db: Db): SignedAllowance | null {
  const row = prepared(db, 'SELECT grant_json, signature FROM sync_allowance WHERE id = 1').get() as { grant_json: string; signature: string } | undefined;
  if (!row) return null;
  const parsed = signedAllowanceSchema.safeParse({ grant: JSON.parse(row.grant_json), signature: row.signature });
  return parsed.success ? parsed.data : null;
}
