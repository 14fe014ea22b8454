import type { SyncErrorCode } from '../shared/sync/wire';

/** Codes HQ's admin API adds to the sync ones. */
export type HqErrorCode = SyncErrorCode | 'admin.unauthorized' | 'admin.invalid' | 'admin.not_found' | 'admin.program_invalid';

const statusOf: Record<HqErrorCode, number> = {
  'sync.unauthorized': 401,
  'sync.forbidden': 403,
  'sync.enrol_code_invalid': 400,
  'sync.batch_invalid': 400,
  'sync.batch_too_large': 413,
  'sync.sequence_gap': 409,
  'sync.not_found': 404,
  'sync.unavailable': 503,
  'admin.unauthorized': 401,
  'admin.invalid': 400,
  'admin.not_found': 404,
  'admin.program_invalid': 400,
};

/** An expected refusal: translated at the HTTP edge into `{ok: false, error: {code, params}}` and its status. */
export class HqError extends Error {
  readonly status: number;
  constructor(
    readonly code: HqErrorCode,
    readonly params: Record<string, unknown> = {},
  ) {
    super(code);
    this.status = statusOf[code];
  }
}
