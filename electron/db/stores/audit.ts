import { createHash } from 'node:crypto';
import { prepared, type Db } from '../connection';
import { getSetting, setSetting } from './settings';

/**
 * The audit log of sensitive actions: append-only, each record hash-chained to the one before, and
 * the head (last seq and hash) kept in settings, so an edited, removed or truncated record is found.
 */
export const auditActions = [
  'login',
  'login.failed',
  'login.locked',
  'reversal',
  'manager.approval',
  'manager.approval.failed',
  'void',
  'refund',
  'adjustment',
  'program.change',
  'shift.open',
  'shift.close',
  'shift.cash',
  'staff.change',
  'device.settings',
  'data.export',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditRecord {
  seq: number;
  at: number;
  staffId: string | null;
  action: AuditAction;
  details: Record<string, string | number | boolean | null>;
  prevHash: string;
  hash: string;
}

/** The first record's predecessor: a fixed, named hash rather than zeros. */
const GENESIS = createHash('sha256').update('Loyal Till audit log').digest('hex');

function hashOf(r: Omit<AuditRecord, 'hash'>): string {
  // A fixed field order, so the same record always hashes the same.
  const canonical = JSON.stringify([r.seq, r.at, r.staffId, r.action, sortKeys(r.details), r.prevHash]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(details: AuditRecord['details']): [string, unknown][] {
  return Object.keys(details)
    .sort()
    .map((k) => [k, details[k]]);
}

/** Appends a record; call inside the transaction of the action it records. */
export function appendAudit(db: Db, entry: { at: number; staffId: string | null; action: AuditAction; details?: AuditRecord['details'] }): AuditRecord {
  const head = readHead(db);
  const record = { seq: head.seq + 1, at: entry.at, staffId: entry.staffId, action: entry.action, details: entry.details ?? {}, prevHash: head.hash };
  const hash = hashOf(record);
  prepared(db, 'INSERT INTO audit_log (seq, at, staff_id, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    record.seq,
    record.at,
    record.staffId,
    record.action,
    JSON.stringify(record.details),
    record.prevHash,
    hash,
  );
  setSetting(db, 'audit.head', `${record.seq}:${hash}`);
  return { ...record, hash };
}

function readHead(db: Db): { seq: number; hash: string } {
  const head = getSetting(db, 'audit.head');
  if (!head) return { seq: 0, hash: GENESIS };
  const [seq, hash] = head.split(':');
  return { seq: Number(seq), hash: hash ?? GENESIS };
}

export type AuditVerdict = { ok: true; records: number } | { ok: false; brokenAt: number; reason: 'edited' | 'missing' | 'truncated' };

/** Walks the chain from the start and reports the first broken link. */
export function verifyAudit(db: Db): AuditVerdict {
  const rows = prepared(db, 'SELECT seq, at, staff_id, action, details, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<{
    seq: number;
    at: number;
    staff_id: string | null;
    action: AuditAction;
    details: string;
    prev_hash: string;
    hash: string;
  }>;
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, reason: 'missing' };
    const record = { seq: row.seq, at: row.at, staffId: row.staff_id, action: row.action, details: JSON.parse(row.details) as AuditRecord['details'], prevHash: row.prev_hash };
    if (row.prev_hash !== prevHash || hashOf(record) !== row.hash) return { ok: false, brokenAt: row.seq, reason: 'edited' };
    prevHash = row.hash;
    expectedSeq++;
  }
  const head = readHead(db);
  if (head.seq !== expectedSeq - 1 || head.hash !== prevHash) return { ok: false, brokenAt: expectedSeq, reason: 'truncated' };
  return { ok: true, records: expectedSeq - 1 };
}
