/**
 * HID scanners: recorded report sequences replayed through a stand-in for node-hid's HIDAsync
 * (there is no USB scanner on this machine), then the real decoding and manager. Hot-plug is the
 * device leaving and rejoining the HID list, and the open handle failing as node-hid reports it.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HidDeviceInfo } from '../../../electron/devices/types';
import type { DeviceConfigInput } from '../../../electron/devices/config';
import { testManager } from './support';

interface Recording {
  device: { vendorId: number; productId: number; usagePage: number; usage: number };
  scans: Array<{ text: string; reports: string[] }>;
}
const load = (name: string): Recording =>
  JSON.parse(readFileSync(new URL(`../../fixtures/devices/${name}`, import.meta.url), 'utf8')) as Recording;

/** Stands in for an open node-hid device: emits 'data' with Buffers, 'error' when unplugged. */
class FakeHid extends EventEmitter {
  closed = false;
  async close() {
    this.closed = true;
  }
  replay(reports: string[]) {
    for (const hex of reports) this.emit('data', Buffer.from(hex, 'hex'));
  }
}

function hidBench(recording: Recording, mode: 'keyboard' | 'pos') {
  const info: HidDeviceInfo = { ...recording.device, path: '/dev/hidraw3', product: 'Scanner' };
  let plugged: HidDeviceInfo[] = [info];
  const handles: FakeHid[] = [];
  const t = testManager({
    discovery: { listSerial: async () => [], listHid: async () => plugged },
    openHid: async (path) => {
      if (!plugged.some((d) => d.path === path)) throw new Error('could not open');
      const handle = new FakeHid();
      handles.push(handle);
      return handle;
    },
  });
  const device = {
    id: 'hid-scanner',
    name: 'HID scanner',
    kind: 'scanner',
    driver: 'hid',
    vendorId: recording.device.vendorId,
    productId: recording.device.productId,
    mode,
  } satisfies DeviceConfigInput;
  return {
    ...t,
    device,
    handles,
    unplug: () => (plugged = []),
    plugIn: () => (plugged = [info]),
  };
}

describe('HID keyboard-mode scanner', () => {
  const recording = load('hid-keyboard-scanner.json');

  it('decodes recorded reports by usage id: the codes a Russian layout would have garbled', async () => {
    const bench = hidBench(recording, 'keyboard');
    await bench.manager.configure([bench.device]);
    await bench.manager.start();
    for (const scan of recording.scans) bench.handles[0]?.replay(scan.reports);
    expect(bench.recorder.reads.map((r) => r.result)).toEqual([
      { ok: true, value: { kind: 'loyalty', code: '2900000000018' } },
      { ok: true, value: { kind: 'loyalty', code: 'KAFE-0042' } },
      { ok: true, value: { kind: 'loyalty', code: 'ABCD1234' } },
    ]);
    await bench.manager.stop();
    expect(bench.handles[0]?.closed).toBe(true);
  });

  it('resumes after being unplugged and plugged back in, without a restart', async () => {
    const bench = hidBench(recording, 'keyboard');
    await bench.manager.configure([bench.device]);
    await bench.manager.start();
    const first = bench.handles[0];
    // Half a scan, then the cable is pulled: node-hid fails the read.
    first?.replay(recording.scans[0]?.reports.slice(0, 9) ?? []);
    bench.unplug();
    first?.emit('error', new Error('could not read from HID device'));
    expect(bench.manager.status('hid-scanner')).toMatchObject({ online: false, error: { code: 'device.lost' } });
    await bench.manager.poll();
    expect(bench.handles).toHaveLength(1);

    bench.plugIn();
    await bench.manager.poll();
    expect(bench.manager.status('hid-scanner')).toMatchObject({ state: 'enabled', online: true });
    bench.handles[1]?.replay(recording.scans[1]?.reports ?? []);
    first?.replay(recording.scans[0]?.reports ?? []); // the old handle is no longer listened to
    expect(bench.recorder.reads.map((r) => r.result)).toEqual([{ ok: true, value: { kind: 'loyalty', code: 'KAFE-0042' } }]);
    await bench.manager.stop();
  });

  it('notices a device gone from the list even when its handle reports nothing', async () => {
    const bench = hidBench(recording, 'keyboard');
    await bench.manager.configure([bench.device]);
    await bench.manager.start();
    bench.unplug();
    await bench.manager.poll();
    expect(bench.manager.status('hid-scanner')).toMatchObject({ online: false, error: { code: 'device.lost' } });
    expect(bench.handles[0]?.closed).toBe(true);
    await bench.manager.stop();
  });
});

describe('HID POS scanner', () => {
  const recording = load('hid-pos-scanner.json');

  it('decodes recorded scanned-data reports, including a code spread over two reports', async () => {
    const bench = hidBench(recording, 'pos');
    await bench.manager.configure([bench.device]);
    await bench.manager.start();
    for (const scan of recording.scans) bench.handles[0]?.replay(scan.reports);
    expect(bench.recorder.reads.map((r) => r.result)).toEqual([
      { ok: true, value: { kind: 'loyalty', code: '2900000000018' } },
      { ok: true, value: { kind: 'loyalty', code: 'ABCD1234' } },
    ]);
    await bench.manager.stop();
  });

  it('is not confused with the keyboard interface of the same scanner', async () => {
    const bench = hidBench(recording, 'keyboard');
    await bench.manager.configure([bench.device]);
    await bench.manager.start();
    expect(bench.manager.status('hid-scanner')).toMatchObject({ online: false, error: { code: 'device.not_found' } });
    await bench.manager.stop();
  });
});
