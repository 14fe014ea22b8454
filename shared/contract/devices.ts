import { z } from 'zod';
import { command, returns } from './command';
import { everyone, managers } from './roles';
import { deviceConfigListSchema, type DeviceConfig } from '../devices/config';
import { simulatedActionSchema } from '../devices/simulate';
import type { DeviceStatus, DiscoveredDevice } from '../devices/status';

/** Scanners and card readers: status for everyone, discovery and configuration for managers. */
export const deviceCommands = {
  'device.list': command({
    summary: 'Configured scanners and card readers with their status.',
    input: z.object({}).strict(),
    access: everyone,
    returns: returns<DeviceStatus[]>(),
  }),
  'device.settings': command({
    summary: 'The saved configuration of every scanner and card reader, as device.configure takes it.',
    input: z.object({}).strict(),
    access: managers,
    returns: returns<DeviceConfig[]>(),
  }),
  'device.discover': command({
    summary: 'HID devices and serial ports plugged in now, with a suggested configuration.',
    input: z.object({}).strict(),
    access: managers,
    returns: returns<DiscoveredDevice[]>(),
  }),
  'device.configure': command({
    summary: 'Replace the device configuration (saved, and applied at once).',
    input: z.object({ devices: deviceConfigListSchema }).strict(),
    access: managers,
    returns: returns<DeviceStatus[]>(),
  }),
  'device.simulate': command({
    summary: 'Make a simulated device read ("test scan"); the read arrives as a device.scan event.',
    input: z.object({ deviceId: z.string().min(1).max(64), action: simulatedActionSchema }).strict(),
    access: managers,
    returns: returns<null>(),
  }),
  'device.keyboardScan': command({
    summary:
      'A burst typed by a keyboard-wedge scanner or UID reader, as the renderer decoded it. With a keyboard device configured, ' +
      'the read goes through the device manager (repeat window, UID form, card checks) and arrives as a device.scan event; ' +
      'without one, `routed` is false and the caller identifies the code itself.',
    input: z.object({ text: z.string().min(1).max(256) }).strict(),
    access: everyone,
    returns: returns<{ routed: boolean }>(),
  }),
} as const;
