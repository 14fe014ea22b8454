import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers, type Role } from './roles';
import { idempotencyKey, pin } from './counter';
import type { ShiftReport, ShiftView } from './shiftViews';

const tillStaff: readonly Role[] = ['cashier', 'manager'];
const minor = z.int().min(0).max(100_000_000);

/** Shifts: open with a float, cash in and out, X-report any time, close with a count and a Z-report. */
export const shiftCommands = {
  'shift.current': command({
    summary: "This terminal's open shift, if any (a shift left open by a crash is still this one).",
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<ShiftView | null>(),
  }),
  'shift.open': command({
    summary: 'Open a shift with the counted float.',
    input: z.object({ floatMinor: minor, idempotencyKey }).strict(),
    access: tillStaff,
    returns: returns<ShiftView>(),
  }),
  'shift.cash': command({
    summary: 'Cash put in or taken out of the drawer, with a reason.',
    input: z.object({ kind: z.enum(['in', 'out']), amountMinor: minor.min(1), reason: z.string().trim().min(3).max(200), idempotencyKey }).strict(),
    access: tillStaff,
    returns: returns<ShiftReport>(),
  }),
  'shift.xReport': command({
    summary: 'The open shift so far (nothing is closed or numbered).',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<ShiftReport>(),
  }),
  'shift.close': command({
    summary: 'Close the shift with the cash counted by denomination; needs a manager (or a manager PIN).',
    input: z
      .object({ counted: z.record(z.string().regex(/^\d+$/), z.int().min(0).max(100_000)), managerPin: pin.optional(), idempotencyKey })
      .strict(),
    access: tillStaff,
    returns: returns<ShiftReport>(),
  }),
  'shift.zReport': command({
    summary: 'A closed shift’s Z-report, by its number.',
    input: z.object({ zNumber: z.int().min(1) }).strict(),
    access: managers,
    returns: returns<ShiftReport>(),
  }),
} as const;
