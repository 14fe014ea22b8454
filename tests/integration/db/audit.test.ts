import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { appendAudit, auditActions, verifyAudit } from '../../../electron/db/stores/audit';
import { migrate } from '../../../electron/db/migrations';

let t: TestTerminal;
afterEach(() => t.close());

function auditedDay() {
  t = startTestTerminal();
  const barista = t.must('staff.list', {}).find((s) => s.role === 'barista')!;
  t.call('staff.login', { staffId: barista.id, pin: '0000' });
  const cashier = t.loginAs('cashier');
  const anna = t.must('customer.enroll', { name: 'Anna', phone: '0888 777 666', language: 'en' }, cashier);
  const stamp = t.must('stamp.add', { customerId: anna.customer.id, count: 2, visitId: 'visit-old-1', idempotencyKey: tapKey() }, cashier);
  t.clock.advance(2 * 60 * 60 * 1000);
  t.must('ledger.reverse', { operationId: stamp.operationId, reason: 'wrong card', visitId: 'visit-new-1', managerPin: '1234', idempotencyKey: tapKey() }, cashier);
}

/** The database file edited behind the app's back, as someone with the file and sqlite3 could. */
function tamper(sql: string) {
  const db = t.terminal.db;
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
}

describe('the audit log', () => {
  it('records logins, failed logins, manager approvals and reversals in a verifiable chain', () => {
    auditedDay();
    const actions = (t.terminal.db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(['login.failed', 'login', 'manager.approval', 'reversal']);
    expect(verifyAudit(t.terminal.db)).toEqual({ ok: true, records: 4 });
    expect(() => t.terminal.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('finds an edited record', () => {
    auditedDay();
    tamper(`UPDATE audit_log SET details = '{"reason":"nothing to see"}' WHERE action = 'reversal'`);
    expect(verifyAudit(t.terminal.db)).toEqual({ ok: false, brokenAt: 4, reason: 'edited' });
    expect(t.must('audit.verify', {}, t.loginAs('manager'))).toEqual({ ok: false, brokenAt: 4, reason: 'edited' });
  });

  it('finds a removed record, and a removed last record', () => {
    auditedDay();
    tamper('DELETE FROM audit_log WHERE seq = 2');
    expect(verifyAudit(t.terminal.db)).toEqual({ ok: false, brokenAt: 2, reason: 'missing' });
    t.close();
    auditedDay();
    tamper('DELETE FROM audit_log WHERE seq = 4');
    expect(verifyAudit(t.terminal.db)).toEqual({ ok: false, brokenAt: 4, reason: 'truncated' });
  });
});

describe('the audit chain, for any log and any one tampering', () => {
  const record = fc.record({
    at: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
    staffId: fc.option(fc.constantFrom('staff-a', 'staff-b', 'staff-c'), { nil: null }),
    action: fc.constantFrom(...auditActions),
    details: fc.dictionary(fc.constantFrom('amountMinor', 'reason', 'saleId', 'approvedBy'), fc.oneof(fc.integer(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant(null)), { maxKeys: 3 }),
  });
  const tampering = fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), column: fc.constantFrom('at', 'staff_id', 'action', 'details', 'prev_hash', 'hash'), at: fc.nat() }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  );

  it('reports the first broken link: the edited or removed record, or a cut-off end', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 12 }), tampering, (records, change) => {
        const db = new Database(':memory:');
        try {
          migrate(db);
          for (const r of records) appendAudit(db, r);
          expect(verifyAudit(db)).toEqual({ ok: true, records: records.length });
          db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
          const seq = (change.at % records.length) + 1;
          if (change.kind === 'remove') {
            db.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
            const reason = seq === records.length ? 'truncated' : 'missing';
            expect(verifyAudit(db)).toEqual({ ok: false, brokenAt: seq, reason });
          } else {
            // A value that always differs from the one stored (no generated detail is called 'tampered').
            const value = { at: 'at + 1', staff_id: "COALESCE(staff_id || 'x', 'x')", action: "action || 'x'", details: `'{"tampered":true}'`, prev_hash: "'0' || prev_hash", hash: "'0' || hash" }[change.column];
            db.prepare(`UPDATE audit_log SET ${change.column} = ${value} WHERE seq = ?`).run(seq);
            expect(verifyAudit(db)).toEqual({ ok: false, brokenAt: seq, reason: 'edited' });
          }
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
