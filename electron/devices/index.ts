/**
 * Scanners and card readers: the device manager and what the app needs to build and configure it.
 * Printers live in electron/printing.
 */
import { createRequire } from 'node:module';
import { DeviceManager, type DeviceManagerDeps } from './manager';
import { systemTimers } from './timers';
import type { Logger } from '../core/context';
import type { SerialPortFactory } from './serialDevice';
import type { HidOpener } from './hidDevice';
import type { Discovery } from './discovery';
import type { DeviceRead, DeviceStatus } from './types';
import type { TillEvent } from '../../shared/contract/events';

export { DeviceManager, type DeviceManagerDeps } from './manager';
export * from './config';
export type { DeviceStatus, DeviceRead, DeviceError, DeviceState, DeviceEvents, DiscoverySnapshot } from './types';
export type { DiscoveredDevice, Discovery } from './discovery';
export type { SimulatedAction } from './simulators';
export { createKeyboardBurst, type KeyInputEvent, type BurstAction, type KeyboardBurst } from './keyboardBurst';
export { systemTimers, type Timers } from './timers';

export interface DeviceManagerOptions {
  log: Logger;
  /** Defaults to the real serialport, node-hid and timers; tests pass mocks of missing hardware. */
  discovery?: Discovery;
  openSerial?: SerialPortFactory;
  openHid?: HidOpener;
  timers?: DeviceManagerDeps['timers'];
  now?: () => number;
  pollMs?: number;
}

interface SerialPortModule {
  SerialPort: (new (options: Parameters<SerialPortFactory>[0]) => ReturnType<SerialPortFactory>) & {
    list(): ReturnType<Discovery['listSerial']>;
  };
}
interface NodeHidModule {
  devicesAsync(): ReturnType<Discovery['listHid']>;
  HIDAsync: { open(path: string): ReturnType<HidOpener> };
}

/**
 * Native addons are loaded on first use, not at import, so a machine without libusb or udev still
 * starts (with those devices unavailable) and tests that pass their own drivers never load them.
 */
const nativeRequire = createRequire(import.meta.url);
const serialport = (): SerialPortModule => nativeRequire('serialport') as SerialPortModule;
const nodeHid = (): NodeHidModule => nativeRequire('node-hid') as NodeHidModule;

export const systemDiscovery: Discovery = {
  listSerial: async () => serialport().SerialPort.list(),
  listHid: async () => nodeHid().devicesAsync(),
};

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  return new DeviceManager({
    log: options.log,
    discovery: options.discovery ?? systemDiscovery,
    openSerial: options.openSerial ?? ((serialOptions) => new (serialport().SerialPort)(serialOptions)),
    openHid: options.openHid ?? ((path) => nodeHid().HIDAsync.open(path)),
    timers: options.timers ?? systemTimers,
    now: options.now ?? (() => performance.now()),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
  });
}

/**
 * Forwards the manager's events as the TillEvents every open UI receives. Returns a function that
 * stops forwarding.
 */
export function forwardDeviceEvents(manager: DeviceManager, publish: (event: TillEvent) => void): () => void {
  const onData = (read: DeviceRead) => publish({ type: 'device.scan', source: read.deviceId, result: read.result });
  const onStatus = (status: DeviceStatus) =>
    publish({
      type: 'device.status',
      deviceId: status.deviceId,
      kind: status.kind,
      status: status.online ? status.state : status.state === 'closed' || status.state === 'open' ? status.state : 'offline',
      ...(status.error ? { detail: status.error.code } : {}),
    });
  manager.on('data', onData);
  manager.on('status', onStatus);
  return () => {
    manager.off('data', onData);
    manager.off('status', onStatus);
  };
}
