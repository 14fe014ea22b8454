import { afterEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { verifyAudit } from '../../../electron/db/stores/audit';

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
