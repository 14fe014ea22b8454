import type { CounterErrorCode } from './contract/errors';
import type { CodeErrorCode } from './codes/errors';
import type { PrintingErrorCode } from './receipt/errors';
import type { LoyaltyErrorCode } from './loyalty/errors';
import type { SyncTerminalErrorCode } from './sync/errors';

/**
 * Every error code the product can show. Each area owns its list in its own folder; this union is
 * the one place that joins them, so the compiler can check that the UI translates every code.
 */
export type ErrorCode = CounterErrorCode | CodeErrorCode | LoyaltyErrorCode | PrintingErrorCode | SyncTerminalErrorCode;

export type ErrorParams = Record<string, string | number>;

/** An error as it crosses a boundary: a code and the parameters its translation needs, nothing else. */
export interface AppError {
  code: ErrorCode;
  params?: ErrorParams;
}

export const appError = (code: ErrorCode, params?: ErrorParams): AppError =>
  params === undefined ? { code } : { code, params };
