import { createHash } from 'node:crypto';
import { prepared, type Db } from '../connection';
import { getSetting, setSetting } from './settings';
import type { AuditAnchor, AuditVerdict } from '../../../shared/contract/staffAdmin';

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

export type { AuditAnchor, AuditVerdict };

/** The chain's head as it stands: how many records and the last one's hash (what a Z-report prints). */
export function auditHead(db: Db): { records: number; headHash: string } {
  const head = readHead(db);
  return { records: head.seq, headHash: head.hash };
}

/**
 * The anchors this terminal knows: the chain head each closed shift's Z-report printed (and sent to
 * HQ), oldest first. Z-reports are frozen rows, kept apart from the log they vouch for.
 */
export function knownAnchors(db: Db): AuditAnchor[] {
  return (
    prepared(
      db,
      `SELECT z_number, json_extract(report, '$.audit.records') AS records, json_extract(report, '$.audit.headHash') AS head_hash
       FROM shifts WHERE z_number IS NOT NULL AND json_extract(report, '$.audit.records') IS NOT NULL ORDER BY z_number`,
    ).all() as { z_number: number; records: number; head_hash: string }[]
  ).map((r) => ({ zNumber: r.z_number, records: r.records, headHash: r.head_hash }));
}

/**
 * Walks the chain from the start and reports the first broken link: a record edited or missing,
 * a record that is not the one an anchor printed (the chain was rebuilt), or records removed from
 * the end that an anchor or the stored head still vouches for. `anchors` defaults to the Z-reports';
 * an anchor read off a paper Z-report or from HQ can be added.
 */
export function verifyAudit(db: Db, anchors: readonly AuditAnchor[] = knownAnchors(db)): AuditVerdict {
  const rows = prepared(db, 'SELECT seq, at, staff_id, action, details, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as IterableIterator<{
    seq: number;
    at: number;
    staff_id: string | null;
    action: AuditAction;
    details: string;
    prev_hash: string;
    hash: string;
  }>;
  const bySeq = new Map<number, AuditAnchor>();
  for (const a of anchors) bySeq.set(a.records, a);
  let expectedSeq = 1;
  let prevHash = GENESIS;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, brokenAt: expectedSeq, reason: 'missing' };
    const record = { seq: row.seq, at: row.at, staffId: row.staff_id, action: row.action, details: JSON.parse(row.details) as AuditRecord['details'], prevHash: row.prev_hash };
    if (row.prev_hash !== prevHash || hashOf(record) !== row.hash) return { ok: false, brokenAt: row.seq, reason: 'edited' };
    const anchor = bySeq.get(row.seq);
    if (anchor && anchor.headHash !== row.hash) return { ok: false, brokenAt: row.seq, reason: 'rewritten', zNumber: anchor.zNumber };
    prevHash = row.hash;
    expectedSeq++;
  }
  const records = expectedSeq - 1;
  const beyond = anchors.filter((a) => a.records > records).sort((a, b) => a.records - b.records)[0];
  if (beyond) return { ok: false, brokenAt: records + 1, reason: 'truncated', zNumber: beyond.zNumber };
  const head = readHead(db);
  if (head.seq !== records || head.hash !== prevHash) return { ok: false, brokenAt: expectedSeq, reason: 'truncated' };
  const last = anchors.filter((a) => a.records <= records).sort((a, b) => b.records - a.records)[0];
  return last ? { ok: true, records, anchor: last } : { ok: true, records };
}
