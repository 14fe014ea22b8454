import type { AppError } from '../errors';
import type { Result } from '../result';
import type { ScannedCode } from '../codes/classify';

/**
 * What the main process tells every open UI without being asked: scans from devices that are not
 * the keyboard, device and sync status. Carried by IPC in Electron and a WebSocket in browser mode.
 */
export type TillEvent =
  | { type: 'device.scan'; source: string; result: Result<ScannedCode, AppError> }
  | { type: 'device.status'; deviceId: string; kind: string; status: string; detail?: string }
  | { type: 'sync.status'; online: boolean; waiting: number; lastSyncAt: number | null; lastError: string | null };
