/**
 * The device model, after UnifiedPOS: a device is opened (known to the app), claimed (its OS
 * handle held exclusively) and enabled (its reads delivered). It reports data, error and status
 * events. Adapters (serial, HID, keyboard, simulator) only acquire and release a handle and turn
 * bytes into reads; the manager owns states, retries, repeats and events.
 */
import type { Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import type { ScannedCode } from '../../shared/codes/classify';
import type { DeviceKind } from './config';

import type { DeviceStatus } from '../../shared/devices/status';
export type { DeviceState, DeviceStatus } from '../../shared/devices/status';

/** One read from one device. Bank card numbers never get this far: they are card.bank_card errors. */
export interface DeviceRead {
  deviceId: string;
  kind: DeviceKind;
  result: Result<ScannedCode, AppError>;
}

export interface DeviceError {
  deviceId: string;
  error: AppError;
}

export interface DeviceEvents {
  data: [DeviceRead];
  error: [DeviceError];
  status: [DeviceStatus];
}

/** Where an adapter delivers what its device sends. */
export interface AdapterSink {
  read(result: Result<ScannedCode, AppError>): void;
  /** The device went away (unplugged, port closed under us). The manager will try again. */
  lost(): void;
}

export interface DeviceAdapter {
  /** Acquires the OS handle; reads go to `sink` until `release`. */
  claim(sink: AdapterSink): Promise<Result<void, AppError>>;
  release(): Promise<void>;
  /** Whether the device appears in a discovery snapshot. */
  present(snapshot: DiscoverySnapshot): boolean;
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  usagePage?: number | undefined;
  usage?: number | undefined;
  interface?: number | undefined;
}

export interface DiscoverySnapshot {
  serial: SerialPortInfo[];
  hid: HidDeviceInfo[];
}
