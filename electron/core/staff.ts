import { prepared } from '../db/connection';
import type { CoreDeps, Actor } from './context';
import { hashPin, verifyPin } from './pin';
import type { Handler } from './handlers';
import type { staffAdminCommands } from '../../shared/contract/staffAdmin';
import { appendAudit } from '../db/stores/audit';
import { verifyAuditLog } from './auditAnchor';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { StaffSession, StaffSummary } from '../../shared/contract/views';
import type { Role } from '../../shared/contract/roles';
import type { Locale } from '../../shared/i18n/locale';

export const MAX_WRONG_PINS = 5;
export const LOCK_MS = 5 * 60 * 1000;

interface StaffRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  language: Locale;
  failed_pins: number;
  locked_until: number | null;
}

export function listStaff(deps: CoreDeps): StaffSummary[] {
  return prepared(deps.db, 'SELECT id, name, role FROM staff WHERE active = 1 ORDER BY role DESC, name').all() as StaffSummary[];
}

/** Five wrong PINs lock that login for five minutes; the counter survives a restart because it is stored. */
export function login(deps: CoreDeps, staffId: string, pin: string): Result<StaffSession, AppError> {
  const { db, clock } = deps;
  const row = prepared(db, 'SELECT * FROM staff WHERE id = ? AND active = 1').get(staffId) as StaffRow | undefined;
  if (!row) return err({ code: 'auth.wrong_pin', params: { attemptsLeft: MAX_WRONG_PINS } });
  const now = clock.now();
  if (row.locked_until !== null && row.locked_until > now) {
    return err({ code: 'auth.locked', params: { minutes: Math.ceil((row.locked_until - now) / 60_000) } });
  }
  if (!verifyPin(pin, row.pin_hash)) {
    const failed = row.failed_pins + 1;
    if (failed >= MAX_WRONG_PINS) {
      db.transaction(() => {
        prepared(db, 'UPDATE staff SET failed_pins = 0, locked_until = ? WHERE id = ?').run(now + LOCK_MS, staffId);
        appendAudit(db, { at: now, staffId, action: 'login.locked', details: { minutes: LOCK_MS / 60_000 } });
      })();
      deps.log.info('login locked', { staffId });
      return err({ code: 'auth.locked', params: { minutes: LOCK_MS / 60_000 } });
    }
    db.transaction(() => {
      prepared(db, 'UPDATE staff SET failed_pins = ?, locked_until = NULL WHERE id = ?').run(failed, staffId);
      appendAudit(db, { at: now, staffId, action: 'login.failed', details: { failed } });
    })();
    deps.log.info('wrong pin', { staffId, failed });
    return err({ code: 'auth.wrong_pin', params: { attemptsLeft: MAX_WRONG_PINS - failed } });
  }
  db.transaction(() => {
    prepared(db, 'UPDATE staff SET failed_pins = 0, locked_until = NULL WHERE id = ?').run(staffId);
    appendAudit(db, { at: now, staffId, action: 'login' });
  })();
  const actor = deps.sessions.create({ staffId: row.id, name: row.name, role: row.role, language: row.language });
  deps.log.info('login', { staffId });
  return ok({ token: actor.token, staff: { id: row.id, name: row.name, role: row.role, language: row.language } });
}

export function setLanguage(deps: CoreDeps, actor: Actor, language: Locale): Result<null, AppError> {
  prepared(deps.db, 'UPDATE staff SET language = ? WHERE id = ?').run(language, actor.staffId);
  deps.sessions.update(actor.token, { language });
  return ok(null);
}

/**
 * A manager's approval typed on the cashier's screen. Wrong approvals count like wrong logins on a
 * terminal-wide counter, so the PIN cannot be guessed through the approval pad either.
 */
export function createManagerApproval(deps: Pick<CoreDeps, 'db' | 'clock' | 'log'>) {
  let failed = 0;
  let lockedUntil = 0;
  return function approve(pin: string): Result<{ managerId: string }, AppError> {
    const now = deps.clock.now();
    if (lockedUntil > now) return err({ code: 'auth.locked', params: { minutes: Math.ceil((lockedUntil - now) / 60_000) } });
    const managers = prepared(deps.db, "SELECT id, pin_hash FROM staff WHERE role = 'manager' AND active = 1").all() as {
      id: string;
      pin_hash: string;
    }[];
    const manager = managers.find((m) => verifyPin(pin, m.pin_hash));
    if (manager) {
      failed = 0;
      appendAudit(deps.db, { at: now, staffId: manager.id, action: 'manager.approval' });
      return ok({ managerId: manager.id });
    }
    failed++;
    appendAudit(deps.db, { at: now, staffId: null, action: 'manager.approval.failed', details: { failed } });
    deps.log.info('wrong manager pin', { failed });
    if (failed >= MAX_WRONG_PINS) {
      failed = 0;
      lockedUntil = now + LOCK_MS;
      return err({ code: 'auth.locked', params: { minutes: LOCK_MS / 60_000 } });
    }
    return err({ code: 'auth.wrong_pin', params: { attemptsLeft: MAX_WRONG_PINS - failed } });
  };
}

type StaffAdminCommand = keyof typeof staffAdminCommands;

/** Staff administration; every change is in the audit log, a PIN never is. */
export function staffAdminHandlers(deps: CoreDeps): { [K in StaffAdminCommand]: Handler<K> } {
  const { db, clock, ids } = deps;
  const summary = (staffId: string) => prepared(db, 'SELECT id, name, role FROM staff WHERE id = ?').get(staffId) as StaffSummary | undefined;
  const activeManagers = () => (prepared(db, "SELECT COUNT(*) AS n FROM staff WHERE role = 'manager' AND active = 1").get() as { n: number }).n;
  return {
    'staff.create': (input, actor) => {
      const staffId = ids.newId();
      db.transaction(() => {
        prepared(db, 'INSERT INTO staff (id, name, role, pin_hash, language, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          staffId,
          input.name,
          input.role,
          hashPin(input.pin),
          input.language,
          clock.now(),
        );
        appendAudit(db, { at: clock.now(), staffId: actor?.staffId ?? null, action: 'staff.change', details: { change: 'create', target: staffId, role: input.role } });
      })();
      return ok(summary(staffId)!);
    },
    'staff.update': (input, actor) =>
      db.transaction((): Result<StaffSummary, AppError> => {
        const current = prepared(db, 'SELECT role, active FROM staff WHERE id = ?').get(input.staffId) as { role: Role; active: number } | undefined;
        if (!current) return err({ code: 'staff.not_found' });
        const losesManager = current.role === 'manager' && current.active === 1 && ((input.role !== undefined && input.role !== 'manager') || input.active === false);
        if (losesManager && activeManagers() <= 1) return err({ code: 'staff.last_manager' });
        prepared(db, 'UPDATE staff SET name = COALESCE(?, name), role = COALESCE(?, role), active = COALESCE(?, active) WHERE id = ?').run(
          input.name ?? null,
          input.role ?? null,
          input.active === undefined ? null : input.active ? 1 : 0,
          input.staffId,
        );
        appendAudit(db, {
          at: clock.now(),
          staffId: actor?.staffId ?? null,
          action: 'staff.change',
          details: { change: 'update', target: input.staffId, role: input.role ?? null, active: input.active ?? null },
        });
        return ok(summary(input.staffId)!);
      })(),
    'audit.verify': (input) => ok(verifyAuditLog(db, input.anchor)),
    'staff.resetPin': (input, actor) =>
      db.transaction((): Result<null, AppError> => {
        const changed = prepared(db, 'UPDATE staff SET pin_hash = ?, failed_pins = 0, locked_until = NULL WHERE id = ?').run(hashPin(input.pin), input.staffId).changes;
        if (changed === 0) return err({ code: 'staff.not_found' });
        appendAudit(db, { at: clock.now(), staffId: actor?.staffId ?? null, action: 'staff.change', details: { change: 'pin', target: input.staffId } });
        return ok(null);
      })(),
  };
}
