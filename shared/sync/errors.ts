/**
 * Error codes of sync, as the cashier and manager see them. The first eight are what HQ answers
 * with (see SyncErrorCode in wire.ts); the rest are the terminal's own.
 */
export const syncErrorCodes = [
  'sync.unauthorized',
  'sync.forbidden',
  'sync.enrol_code_invalid',
  'sync.batch_invalid',
  'sync.batch_too_large',
  'sync.sequence_gap',
  'sync.not_found',
  'sync.unavailable',
  /** The terminal is not enrolled with an HQ (sync now, customer lookup at HQ). */
  'sync.not_enrolled',
  /** Enrolling a terminal that already is: a manager must not move a till between chains by accident. */
  'sync.already_enrolled',
  /** Offline: this redemption goes beyond what HQ's allowance permits (params: limit, allowed, used). */
  'sync.offline_allowance_exceeded',
  /** Offline with no valid allowance (never fetched, or expired), and the program says deny. */
  'sync.offline_no_allowance',
] as const;
export type SyncTerminalErrorCode = (typeof syncErrorCodes)[number];

export const isSyncErrorCode = (code: unknown): code is SyncTerminalErrorCode =>
  typeof code === 'string' && (syncErrorCodes as readonly string[]).includes(code);
