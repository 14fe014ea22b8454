/**
 * HID scanners and card readers through node-hid, read as raw reports: HID POS scanners (usage page
 * 0x8C) and devices in keyboard mode, decoded by usage id so the OS layout never touches the data.
 * Opening a keyboard-mode device for raw reports is possible on Linux (hidraw) and macOS; Windows
 * keeps keyboards to itself, and there the keyboard-wedge source takes over.
 */
import { err, ok } from '../../shared/result';
import { appError } from '../../shared/errors';
import { interpretRead } from '../../shared/codes/read';
import { createKeyboardReportDecoder, createPosReportDecoder } from '../../shared/codes/hidUsage';
import type { HidDeviceConfig } from './config';
import type { AdapterSink, DeviceAdapter, DiscoverySnapshot, HidDeviceInfo } from './types';

/** What the adapter needs of an open device: node-hid's HIDAsync fits. */
export interface HidHandleLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
  close(): Promise<void> | void;
}

export type HidOpener = (path: string) => Promise<HidHandleLike>;

export const HID_POS_USAGE_PAGE = 0x8c;

function matches(config: HidDeviceConfig, device: HidDeviceInfo): boolean {
  if (device.vendorId !== config.vendorId || device.productId !== config.productId) return false;
  if (config.path !== undefined && device.path !== config.path) return false;
  // A composite scanner lists one interface per usage; take the one for the configured mode.
  if (device.usagePage !== undefined && device.usagePage !== 0) {
    return config.mode === 'pos' ? device.usagePage === HID_POS_USAGE_PAGE : device.usagePage === 0x01 && device.usage === 0x06;
  }
  return true;
}

type ReportReader = (report: Uint8Array, sink: AdapterSink) => void;

function readerFor(config: HidDeviceConfig): ReportReader {
  const readOptions = { magstripeLrc: config.magstripeLrc, ...(config.uid ? { uid: config.uid } : {}) };
  if (config.mode === 'pos') {
    const decoder = createPosReportDecoder();
    return (report, sink) => {
      const scan = decoder.push(report);
      if (scan !== null) sink.read(interpretRead(`${scan.aim ?? ''}${scan.text}`, readOptions));
    };
  }
  const decoder = createKeyboardReportDecoder(config.reportId !== undefined ? { reportId: config.reportId } : {});
  return (report, sink) => {
    for (const reading of decoder.push(report)) {
      if (reading.type === 'end') sink.read(interpretRead(reading.text, readOptions));
    }
  };
}

export function createHidAdapter(
  config: HidDeviceConfig,
  openHid: HidOpener,
  lastSnapshot: () => DiscoverySnapshot,
): DeviceAdapter {
  let handle: HidHandleLike | null = null;

  const detach = () => {
    handle?.removeAllListeners();
    handle = null;
  };

  return {
    async claim(sink) {
      if (handle !== null) return err(appError('device.claimed', { device: config.name }));
      const device = lastSnapshot().hid.find((d) => matches(config, d));
      if (device?.path === undefined) return err(appError('device.not_found', { device: config.name }));
      let opened: HidHandleLike;
      try {
        opened = await openHid(device.path);
      } catch {
        return err(appError('device.open_failed', { device: config.name }));
      }
      handle = opened;
      const read = readerFor(config);
      opened.on('data', (report) => {
        if (report instanceof Uint8Array) read(report, sink);
      });
      // node-hid reports an unplugged device as a read error.
      opened.on('error', () => {
        if (handle !== opened) return;
        detach();
        void Promise.resolve()
          .then(() => opened.close())
          .catch(() => {});
        sink.lost();
      });
      return ok(undefined);
    },

    async release() {
      const current = handle;
      detach();
      if (current !== null) {
        try {
          await current.close();
        } catch {
          // Already gone with the device.
        }
      }
    },

    present(snapshot) {
      return snapshot.hid.some((d) => matches(config, d));
    },
  };
}
