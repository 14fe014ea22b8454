import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';

let t: TestTerminal;
let manager: string;
beforeEach(() => {
  t = startTestTerminal();
  manager = t.loginAs('manager');
});
afterEach(() => t.close());

describe('staff administration', () => {
  it('lets a manager add a cashier who can then log in, and nobody else add staff', () => {
    const cashier = t.loginAs('cashier');
    expect(t.call('staff.create', { name: 'Петър', role: 'cashier', pin: '4321' }, cashier)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    const petar = t.must('staff.create', { name: 'Петър', role: 'cashier', pin: '4321' }, manager);
    expect(t.must('staff.login', { staffId: petar.id, pin: '4321' }).staff).toMatchObject({ name: 'Петър', role: 'cashier', language: 'bg' });
  });

  it('resets a forgotten PIN and unlocks a locked login', () => {
    const barista = t.must('staff.list', {}).find((s) => s.role === 'barista')!;
    for (let i = 0; i < 5; i++) t.call('staff.login', { staffId: barista.id, pin: '0000' });
    expect(t.call('staff.login', { staffId: barista.id, pin: '2222' })).toMatchObject({ ok: false, error: { code: 'auth.locked' } });
    t.must('staff.resetPin', { staffId: barista.id, pin: '5555' }, manager);
    expect(t.call('staff.login', { staffId: barista.id, pin: '5555' }).ok).toBe(true);
  });

  it('deactivates a leaver, but never the last manager', () => {
    const barista = t.must('staff.list', {}).find((s) => s.role === 'barista')!;
    t.must('staff.update', { staffId: barista.id, active: false }, manager);
    expect(t.must('staff.list', {}).map((s) => s.id)).not.toContain(barista.id);
    expect(t.call('staff.login', { staffId: barista.id, pin: '2222' }).ok).toBe(false);
    const me = t.must('staff.list', {}).find((s) => s.role === 'manager')!;
    expect(t.call('staff.update', { staffId: me.id, role: 'cashier' }, manager)).toEqual({ ok: false, error: { code: 'staff.last_manager' } });
    const actions = t.terminal.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'staff.change'").get();
    expect(actions).toEqual({ n: 1 });
  });
});
