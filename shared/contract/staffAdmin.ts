import { z } from 'zod';
import { command, returns } from './command';
import { managers, roles } from './roles';
import { locales } from '../i18n/locale';
import { id, pin } from './counter';
import type { StaffSummary } from './views';

/** Where the audit log's hash chain was anchored: the head printed on a Z-report and sent to HQ. */
export interface AuditAnchor {
  zNumber: number;
  records: number;
  headHash: string;
}

/**
 * What `audit.verify` finds: the chain intact (and the last anchor it agrees with, when a Z-report
 * has printed one), or the first broken link. `truncated`: records an anchor (or the stored head) vouches for are gone;
 * `rewritten`: the chain is consistent but its record at an anchor is not the one the Z-report printed.
 */
export type AuditVerdict = (
  | { ok: true; records: number; anchor?: AuditAnchor }
  | { ok: false; brokenAt: number; reason: 'edited' | 'missing' | 'truncated' | 'rewritten'; zNumber?: number }
) & {
  /**
   * With an anchor entered (read off a paper Z-report, or HQ's): the log agrees with it, the record
   * it names has another hash, or the log does not reach it. Absent when the log breaks before it.
   */
  entered?: 'agrees' | 'differs' | 'not_reached';
};

/** Managers add staff, change roles, deactivate leavers and reset forgotten PINs. */
export const staffAdminCommands = {
  'staff.create': command({
    summary: 'Add a staff member with a role and a first PIN.',
    input: z.object({ name: z.string().trim().min(1).max(80), role: z.enum(roles), pin, language: z.enum(locales).default('bg') }).strict(),
    access: managers,
    returns: returns<StaffSummary>(),
  }),
  'staff.update': command({
    summary: "Change a staff member's name or role, or deactivate them (they can no longer log in).",
    input: z.object({ staffId: id, name: z.string().trim().min(1).max(80).optional(), role: z.enum(roles).optional(), active: z.boolean().optional() }).strict(),
    access: managers,
    returns: returns<StaffSummary>(),
  }),
  'staff.resetPin': command({
    summary: 'Set a new PIN for a staff member and unlock their login.',
    input: z.object({ staffId: id, pin }).strict(),
    access: managers,
    returns: returns<null>(),
  }),
  'audit.verify': command({
    summary: 'Walk the hash-chained audit log and report the first broken link, if any, checked against every Z-report anchor (so a removed tail is found too).',
    input: z
      .object({
        /** An anchor to check as well: the Z-report's number, record count and last hash (printed in groups; spaces are ignored). */
        anchor: z
          .object({
            zNumber: z.int().min(1),
            records: z.int().min(1),
            headHash: z
              .string()
              .transform((h) => h.replace(/\s+/g, '').toLowerCase())
              .pipe(z.string().regex(/^[0-9a-f]{64}$/)),
          })
          .strict()
          .optional(),
      })
      .strict(),
    access: managers,
    returns: returns<AuditVerdict>(),
  }),
} as const;
