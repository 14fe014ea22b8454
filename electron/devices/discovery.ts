/**
 * Finding scanners and card readers: what is plugged in now (HID devices and serial ports), and a
 * guess at how to use each, for the settings screen to offer.
 */
import type { DiscoveredDevice } from '../../shared/devices/status';
import type { DiscoverySnapshot, HidDeviceInfo, SerialPortInfo } from './types';
import { HID_POS_USAGE_PAGE } from './hidDevice';

export interface Discovery {
  listSerial(): Promise<SerialPortInfo[]>;
  listHid(): Promise<HidDeviceInfo[]>;
}

export type { DiscoveredDevice } from '../../shared/devices/status';

/** A failing lister (no udev, no hidraw permission) yields nothing rather than stopping the other. */
export async function snapshot(discovery: Discovery): Promise<DiscoverySnapshot> {
  const [serial, hid] = await Promise.all([
    discovery.listSerial().catch(() => [] as SerialPortInfo[]),
    discovery.listHid().catch(() => [] as HidDeviceInfo[]),
  ]);
  return { serial, hid };
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function describeDevices(found: DiscoverySnapshot): DiscoveredDevice[] {
  const devices: DiscoveredDevice[] = [];
  for (const port of found.serial) {
    const vendorId = port.vendorId ? parseInt(port.vendorId, 16) : null;
    const productId = port.productId ? parseInt(port.productId, 16) : null;
    devices.push({
      transport: 'serial',
      path: port.path,
      label: [port.manufacturer, port.path].filter(Boolean).join(' '),
      vendorId: Number.isNaN(vendorId) ? null : vendorId,
      productId: Number.isNaN(productId) ? null : productId,
      // A USB serial adapter could carry anything; only the user knows whether it is a scanner.
      suggestion: port.vendorId ? { kind: 'scanner', driver: 'serial' } : null,
    });
  }
  for (const device of found.hid) {
    if (device.path === undefined) continue;
    const pos = device.usagePage === HID_POS_USAGE_PAGE;
    const keyboard = device.usagePage === 0x01 && device.usage === 0x06;
    devices.push({
      transport: 'hid',
      path: device.path,
      label: [device.manufacturer, device.product, `${hex4(device.vendorId)}:${hex4(device.productId)}`].filter(Boolean).join(' '),
      vendorId: device.vendorId,
      productId: device.productId,
      suggestion: pos
        ? { kind: 'scanner', driver: 'hid', mode: 'pos' }
        : keyboard
          ? { kind: 'scanner', driver: 'hid', mode: 'keyboard' }
          : null,
    });
  }
  return devices;
}
