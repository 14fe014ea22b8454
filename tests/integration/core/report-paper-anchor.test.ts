import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { auditHead } from '../../../electron/db/stores/audit';

let t: TestTerminal;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
});
afterEach(() => t.close());

function closeShift() {
  t.must('shift.open', { floatMinor: 0, idempotencyKey: tapKey() }, manager);
  t.clock.advance(60_000);
  return t.must('shift.close', { counted: {}, idempotencyKey: tapKey() }, manager);
}

/** The hash as the Z-report prints it: groups of 8, as a manager would copy it off the paper. */
const asPrinted = (hash: string) => hash.match(/.{1,8}/g)!.join(' ').toUpperCase();

/** The log and the Z-reports both cut back behind the app's back, so only the paper remembers. */
function cutEverything(keep: number) {
  const db = t.terminal.db;
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
  db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
  const last = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(keep) as { hash: string };
  db.prepare("UPDATE settings SET value = ? WHERE key = 'audit.head'").run(`${keep}:${last.hash}`);
  const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'shifts'").all() as { name: string }[];
  for (const tr of triggers) db.exec(`DROP TRIGGER IF EXISTS "${tr.name}"`);
  db.exec("UPDATE shifts SET report = json_remove(report, '$.audit')");
}

describe('audit.verify against an anchor read off a paper Z-report', () => {
  it('agrees with the anchor as printed (groups, capitals and all)', () => {
    const z = closeShift();
    const anchor = { zNumber: z.shift.zNumber!, records: z.audit!.records, headHash: asPrinted(z.audit!.headHash) };
    expect(t.must('audit.verify', { anchor }, manager)).toEqual({ ok: true, records: auditHead(t.terminal.db).records, anchor: { ...anchor, headHash: z.audit!.headHash }, entered: 'agrees' });
  });

  it('says the record has another hash when one character was copied wrong (or the log was rewritten)', () => {
    const z = closeShift();
    const wrong = (z.audit!.headHash[0] === 'a' ? 'b' : 'a') + z.audit!.headHash.slice(1);
    expect(t.must('audit.verify', { anchor: { zNumber: 1, records: z.audit!.records, headHash: wrong } }, manager)).toEqual({
      ok: false,
      brokenAt: z.audit!.records,
      reason: 'rewritten',
      zNumber: 1,
      entered: 'differs',
    });
  });

  it('finds a log cut back together with its Z-reports, which nothing left on the till remembers', () => {
    const z = closeShift();
    closeShift();
    cutEverything(z.audit!.records - 2);
    // Without the paper, the till sees an intact (shorter) log.
    expect(t.must('audit.verify', {}, manager)).toMatchObject({ ok: true });
    const anchor = { zNumber: 1, records: z.audit!.records, headHash: z.audit!.headHash };
    expect(t.must('audit.verify', { anchor }, manager)).toEqual({ ok: false, brokenAt: z.audit!.records - 1, reason: 'truncated', zNumber: 1, entered: 'not_reached' });
  });

  it('refuses an anchor that is not a whole hash, and is for managers only', () => {
    closeShift();
    const head = auditHead(t.terminal.db);
    expect(t.call('audit.verify', { anchor: { zNumber: 1, records: head.records, headHash: head.headHash.slice(0, 40) } }, manager)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    expect(t.call('audit.verify', { anchor: { zNumber: 1, records: head.records, headHash: 'z'.repeat(64) } }, manager)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
    const cashier = t.loginAs('cashier');
    expect(t.call('audit.verify', { anchor: { zNumber: 1, ...head } }, cashier)).toMatchObject({ ok: false, error: { code: 'auth.forbidden' } });
  });
});
