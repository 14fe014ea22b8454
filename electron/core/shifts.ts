import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import { createManagerApproval } from './staff';
import { recallAnswer, rememberAnswer } from './idempotency';
import type { shiftCommands } from '../../shared/contract/shifts';
import type { ShiftReport, ShiftView } from '../../shared/contract/shiftViews';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { countTotal, currencies, type Currency } from '../../shared/money/denominations';
import { prepared } from '../db/connection';
import { getSetting } from '../db/stores/settings';
import { appendAudit, auditHead } from '../db/stores/audit';
import { recordEvent } from './record';
import { openShiftRow, shiftByZ, toShiftView } from '../db/stores/shifts';
import { shiftReport } from './reports';
import { readPrinterConfig, shiftReportDocument } from './printing';

type ShiftCommand = keyof typeof shiftCommands;

/**
 * Shifts. There is at most one open shift per terminal, kept in SQLite, so a crash or power cut
 * leaves it open and the restart simply carries on with it: there is no "rescue" shift. A closed
 * shift is frozen by triggers; its Z-report is stored as it was printed.
 */
export function shiftHandlers(deps: CoreDeps): { [K in ShiftCommand]: Handler<K> } {
  const { db, clock, ids, terminalId } = deps;
  const approveManager = createManagerApproval(deps);
  const storeCurrency = (): Currency => {
    const c = getSetting(db, 'store.currency');
    return (currencies as readonly string[]).includes(c ?? '') ? (c as Currency) : 'EUR';
  };

  const current = (): Result<NonNullable<ReturnType<typeof openShiftRow>>, AppError> => {
    const row = openShiftRow(db, terminalId);
    return row ? ok(row) : err({ code: 'shift.none_open' });
  };

  return {
    'shift.current': () => {
      const row = openShiftRow(db, terminalId);
      return ok(row ? toShiftView(row) : null);
    },

    'shift.open': (input, actor) =>
      db.transaction((): Result<ShiftView, AppError> => {
        const recalled = recallAnswer<{ shiftId: string }>(db, input.idempotencyKey, 'shift.open');
        if (!recalled.found && openShiftRow(db, terminalId)) return err({ code: 'shift.already_open' });
        if (!recalled.found) {
          const id = ids.newId();
          const now = clock.now();
          prepared(db, 'INSERT INTO shifts (id, terminal_id, opened_at, opened_by, currency, float_minor) VALUES (?, ?, ?, ?, ?, ?)').run(
            id,
            terminalId,
            now,
            actor!.staffId,
            storeCurrency(),
            input.floatMinor,
          );
          appendAudit(db, { at: now, staffId: actor!.staffId, action: 'shift.open', details: { shiftId: id, floatMinor: input.floatMinor } });
          rememberAnswer(db, input.idempotencyKey, 'shift.open', { shiftId: id }, now);
        }
        const row = openShiftRow(db, terminalId);
        return row ? ok(toShiftView(row)) : err({ code: 'shift.none_open' });
      })(),

    'shift.cash': (input, actor) =>
      db.transaction((): Result<ShiftReport, AppError> => {
        const shift = current();
        if (!shift.ok) return shift;
        const now = clock.now();
        if (!recallAnswer(db, input.idempotencyKey, 'shift.cash').found) {
          prepared(db, 'INSERT INTO cash_movements (id, shift_id, kind, amount_minor, reason, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
            ids.newId(),
            shift.value.id,
            input.kind,
            input.amountMinor,
            input.reason,
            actor!.staffId,
            now,
          );
          appendAudit(db, { at: now, staffId: actor!.staffId, action: 'shift.cash', details: { kind: input.kind, amountMinor: input.amountMinor, reason: input.reason } });
          rememberAnswer(db, input.idempotencyKey, 'shift.cash', { shiftId: shift.value.id }, now);
        }
        return ok(shiftReport(db, shift.value, now + 1, 'X'));
      })(),

    'shift.xReport': () => {
      const shift = current();
      return shift.ok ? ok(shiftReport(db, shift.value, clock.now() + 1, 'X')) : shift;
    },

    'shift.close': (input, actor) => {
      const recalled = recallAnswer<{ zNumber: number }>(db, input.idempotencyKey, 'shift.close');
      if (recalled.found) return zReport(recalled.value.zNumber);
      const shift = current();
      if (!shift.ok) return shift;
      const currency = shift.value.currency as Currency;
      const counted = countTotal(currency, input.counted);
      if (counted === null) return err({ code: 'shift.count_invalid', params: { currency } });
      let approvedBy = actor!.staffId;
      if (actor!.role !== 'manager') {
        if (input.managerPin === undefined) return err({ code: 'auth.manager_pin_required' });
        const approval = approveManager(input.managerPin);
        if (!approval.ok) return approval;
        approvedBy = approval.value.managerId;
      }
      return db.transaction((): Result<ShiftReport, AppError> => {
        const now = clock.now();
        const zNumber = ((prepared(db, 'SELECT MAX(z_number) AS z FROM shifts').get() as { z: number | null }).z ?? 0) + 1;
        const closedBy = (prepared(db, 'SELECT name FROM staff WHERE id = ?').get(approvedBy) as { name: string } | undefined)?.name ?? approvedBy;
        const closing = { ...shift.value, closed_at: now, z_number: zNumber, closed_by_name: closedBy };
        const report = shiftReport(db, closing, now + 1, 'Z');
        const differenceMinor = counted - report.cash.expectedMinor;
        // The close is audited first, so the anchor the report prints includes it.
        appendAudit(db, { at: now, staffId: actor!.staffId, action: 'shift.close', details: { zNumber, countedMinor: counted, differenceMinor, approvedBy } });
        const anchor = auditHead(db);
        const stored: ShiftReport = {
          ...report,
          cash: { ...report.cash, countedMinor: counted, differenceMinor, counted: input.counted },
          audit: anchor,
          // The anchor's outbox event (below) is written with the report: one more event HQ has not seen yet.
          eventsWaiting: report.eventsWaiting + 1,
        };
        // One UPDATE closes the shift with its report as printed; from then on the trigger freezes the row.
        prepared(
          db,
          `UPDATE shifts SET closed_at = ?, closed_by = ?, z_number = ?, counted_minor = ?, counted_detail = ?, expected_minor = ?,
                             events_waiting = ?, report = ? WHERE id = ?`,
        ).run(now, approvedBy, zNumber, counted, JSON.stringify(input.counted), report.cash.expectedMinor, stored.eventsWaiting, JSON.stringify(stored), shift.value.id);
        // HQ keeps the anchor too: a till whose log lost its tail (and its Z-reports) is still found out.
        recordEvent(deps, { type: 'audit.anchored', shiftId: shift.value.id, zNumber, records: anchor.records, headHash: anchor.headHash, at: now });
        rememberAnswer(db, input.idempotencyKey, 'shift.close', { zNumber }, now);
        if (readPrinterConfig(deps).transport !== 'none') deps.printQueue.enqueue('report', shiftReportDocument(deps, stored, actor!.language));
        return ok(stored);
      })();
    },

    'shift.zReport': (input) => zReport(input.zNumber),
  };

  function zReport(zNumber: number): Result<ShiftReport, AppError> {
    const row = shiftByZ(db, zNumber);
    if (!row || !row.report) return err({ code: 'shift.not_found' });
    return ok(JSON.parse(row.report) as ShiftReport);
  }
}
