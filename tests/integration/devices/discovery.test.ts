/**
 * Discovery: what the settings screen offers after "Find devices". The lists are what node-hid's
 * devicesAsync() and serialport's list() return for a composite Honeywell scanner (keyboard and HID
 * POS interfaces), a mouse, and two serial ports, written in those libraries' shapes: no such
 * hardware is attached to this build machine, so the listers are the one part replaced.
 */
import { describe, expect, it } from 'vitest';
import type { Discovery } from '../../../electron/devices/discovery';
import { testManager } from './support';

const honeywell = { vendorId: 0x0c2e, productId: 0x0b61, manufacturer: 'Honeywell', product: 'Voyager 1450g' };
const hid = [
  { ...honeywell, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06, interface: 0 },
  { ...honeywell, path: '/dev/hidraw1', usagePage: 0x8c, usage: 0x02, interface: 1 },
  { vendorId: 0x046d, productId: 0xc077, manufacturer: 'Logitech', product: 'USB Optical Mouse', path: '/dev/hidraw2', usagePage: 0x01, usage: 0x02, interface: 0 },
];
const serial = [
  { path: '/dev/ttyACM0', manufacturer: 'Datalogic', serialNumber: 'S123', vendorId: '05f9', productId: '4204' },
  { path: '/dev/ttyS0' },
];

describe('finding devices', () => {
  it('lists HID interfaces and serial ports with a suggested way to use each', async () => {
    const discovery: Discovery = { listSerial: async () => serial, listHid: async () => hid };
    const { manager } = testManager({ discovery });
    const found = await manager.discover();
    expect(found).toEqual([
      { transport: 'serial', path: '/dev/ttyACM0', label: 'Datalogic /dev/ttyACM0', vendorId: 0x05f9, productId: 0x4204, suggestion: { kind: 'scanner', driver: 'serial' } },
      { transport: 'serial', path: '/dev/ttyS0', label: '/dev/ttyS0', vendorId: null, productId: null, suggestion: null },
      { transport: 'hid', path: '/dev/hidraw0', label: 'Honeywell Voyager 1450g 0c2e:0b61', vendorId: 0x0c2e, productId: 0x0b61, suggestion: { kind: 'scanner', driver: 'hid', mode: 'keyboard' } },
      { transport: 'hid', path: '/dev/hidraw1', label: 'Honeywell Voyager 1450g 0c2e:0b61', vendorId: 0x0c2e, productId: 0x0b61, suggestion: { kind: 'scanner', driver: 'hid', mode: 'pos' } },
      { transport: 'hid', path: '/dev/hidraw2', label: 'Logitech USB Optical Mouse 046d:c077', vendorId: 0x046d, productId: 0xc077, suggestion: null },
    ]);
  });

  it('still lists serial ports when HID cannot be listed (no hidraw permission), and the other way round', async () => {
    const noHid = testManager({ discovery: { listSerial: async () => serial, listHid: async () => Promise.reject(new Error('EACCES')) } });
    expect((await noHid.manager.discover()).map((d) => d.path)).toEqual(['/dev/ttyACM0', '/dev/ttyS0']);
    const noSerial = testManager({ discovery: { listSerial: async () => Promise.reject(new Error('no udev')), listHid: async () => hid } });
    expect((await noSerial.manager.discover()).map((d) => d.path)).toEqual(['/dev/hidraw0', '/dev/hidraw1', '/dev/hidraw2']);
  });
});
