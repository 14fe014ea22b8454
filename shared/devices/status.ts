import type { AppError } from '../errors';
import type { DeviceDriver, DeviceKind } from './config';

/** The device model, after UnifiedPOS: opened (known), claimed (OS handle held), enabled (reads delivered). */
export type DeviceState = 'closed' | 'open' | 'claimed' | 'enabled';

/** A device as the settings screen and the status bar show it. */
export interface DeviceStatus {
  deviceId: string;
  name: string;
  kind: DeviceKind;
  driver: DeviceDriver;
  /** What the app asked for. */
  state: DeviceState;
  /** The hardware is there and its handle held (always true for keyboard and simulator devices). */
  online: boolean;
  /** Why it is offline or failed, as a translatable error. */
  error: AppError | null;
}

/** Something plugged in now, with a guess at how to use it. */
export interface DiscoveredDevice {
  transport: 'serial' | 'hid';
  path: string;
  label: string;
  vendorId: number | null;
  productId: number | null;
  /** What the settings screen should preselect; the user can change it. */
  suggestion: { kind: DeviceKind; driver: 'serial' | 'hid'; mode?: 'keyboard' | 'pos' } | null;
}
