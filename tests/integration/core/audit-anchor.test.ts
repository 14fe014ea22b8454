import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { appendAudit, auditHead, verifyAudit } from '../../../electron/db/stores/audit';
import { buildShiftReport } from '../../../shared/receipt/builders';
import { previewLines } from '../../../shared/receipt/layout';

let t: TestTerminal;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
});
afterEach(() => t.close());

/** Opens and closes a shift with an exact count; returns its Z-report. */
function closeShift() {
  t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, manager);
  t.clock.advance(60_000);
  return t.must('shift.close', { counted: {}, idempotencyKey: tapKey() }, manager);
}

/** The database file edited behind the app's back, as someone with the file and sqlite3 could. */
function cutTail(keep: number) {
  const db = t.terminal.db;
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
  // A careful tamperer also moves the stored head back, so the chain and its head agree again.
  const last = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(keep) as { hash: string };
  db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.head'").run(`${keep}:${last.hash}`);
}

describe('the audit chain anchored on every Z-report', () => {
  it('prints the chain head and record count on the Z-report, with the close itself counted, and sends it to HQ', () => {
    const z = closeShift();
    const head = auditHead(t.terminal.db);
    expect(z.audit).toEqual(head);
    const lastAction = t.terminal.db.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(lastAction).toEqual({ action: 'shift.close' });
    // Stored as printed: the Z-report viewed later carries the same anchor.
    expect(t.must('shift.zReport', { zNumber: z.shift.zNumber! }, manager).audit).toEqual(head);
    const event = t.terminal.db.prepare("SELECT payload FROM outbox WHERE type = 'audit.anchored'").get() as { payload: string };
    expect(JSON.parse(event.payload)).toEqual({ type: 'audit.anchored', shiftId: z.shift.id, zNumber: 1, records: head.records, headHash: head.headHash, at: z.shift.closedAt });
    const paper = previewLines(buildShiftReport(z, { name: 'Demo', address: [] }, 'Europe/Sofia', { locale: 'bg', width: 32 })).join('\n');
    expect(paper).toMatch(new RegExp(`Записи\\s+${head.records}`));
    expect(paper.replace(/\s/g, '')).toContain(head.headHash);
    expect(t.must('audit.verify', {}, manager)).toEqual({ ok: true, records: head.records, anchor: { zNumber: 1, ...head } });
  });

  it('finds a tail cut off together with its stored head, which the chain alone cannot see', () => {
    const z = closeShift();
    t.loginAs('cashier'); // more records after the anchor
    cutTail(z.audit!.records - 2);
    expect(verifyAudit(t.terminal.db, [])).toMatchObject({ ok: true }); // without the anchor, nothing shows
    expect(t.must('audit.verify', {}, manager)).toEqual({ ok: false, brokenAt: z.audit!.records - 1, reason: 'truncated', zNumber: 1 });
  });

  it('finds a log rebuilt after the anchor, however consistent the new chain is', () => {
    const first = closeShift();
    closeShift();
    cutTail(first.audit!.records - 1);
    // The rebuilt records hash into a perfect chain, but not the one Z-report 1 printed.
    for (let i = 0; i < 10; i++) appendAudit(t.terminal.db, { at: t.clock.now(), staffId: null, action: 'login' });
    expect(verifyAudit(t.terminal.db)).toEqual({ ok: false, brokenAt: first.audit!.records, reason: 'rewritten', zNumber: 1 });
  });

  it('checks an anchor read off a paper Z-report or from HQ as well', () => {
    const z = closeShift();
    const anchor = { zNumber: 1, ...z.audit! };
    expect(verifyAudit(t.terminal.db, [anchor])).toMatchObject({ ok: true, anchor });
    expect(verifyAudit(t.terminal.db, [{ ...anchor, headHash: '0'.repeat(64) }])).toEqual({ ok: false, brokenAt: anchor.records, reason: 'rewritten', zNumber: 1 });
  });
});
