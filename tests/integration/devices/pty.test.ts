/**
 * Real byte streams through a pseudo-terminal pair made by socat: the manager opens one end with
 * the real serialport binding, exactly as it opens /dev/ttyUSB0; the test writes to the other end
 * as a scanner or RFID reader would, in split chunks, with noise, bad checksums, and a device
 * that vanishes mid-read (socat killed) and comes back (socat restarted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import type { Discovery } from '../../../electron/devices/discovery';
import type { DeviceConfigInput } from '../../../electron/devices/config';
import { chunked, rdm6300Bytes, serialScanBytes } from '../../../electron/devices/simulators';
import { testManager } from './support';

let dir: string;
let socat: ChildProcess | null = null;
const hostEnd = () => join(dir, 'ttyScanner');
const deviceEnd = () => join(dir, 'device');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function plugIn(): Promise<void> {
  socat = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${hostEnd()}`, `pty,raw,echo=0,link=${deviceEnd()}`], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(existsSync(hostEnd()) && existsSync(deviceEnd())); i++) await sleep(10);
  if (!existsSync(hostEnd())) throw new Error('socat did not create the pseudo-terminals');
}

async function unplug(): Promise<void> {
  const process = socat;
  socat = null;
  if (!process || process.exitCode !== null) return;
  await new Promise((resolve) => {
    process.once('exit', resolve);
    process.kill('SIGTERM');
  });
}

/** Writes as a device does: chunk by chunk, with pauses the OS may or may not merge. */
async function deviceSends(bytes: Uint8Array, sizes: number[] = [3, 1, 4]): Promise<void> {
  const fd = openSync(deviceEnd(), 'w');
  try {
    for (const chunk of chunked(bytes, sizes)) {
      writeSync(fd, chunk);
      await sleep(2);
    }
  } finally {
    closeSync(fd);
  }
}

// serialport's list() does not show pseudo-terminals; the link existing is the device being there.
const discovery: Discovery = {
  listSerial: async () => (existsSync(hostEnd()) ? [{ path: hostEnd() }] : []),
  listHid: async () => [],
};

function setup(config: Record<string, unknown>) {
  const t = testManager({ discovery, openSerial: (options) => new SerialPort(options) });
  const device = { id: 'pty-device', name: 'Serial device', kind: 'scanner', driver: 'serial', path: hostEnd(), ...config } as DeviceConfigInput;
  return { ...t, device };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loyal-till-pty-'));
  await plugIn();
});
afterEach(async () => {
  await unplug();
  rmSync(dir, { recursive: true, force: true });
});

describe('serial devices on a pseudo-terminal', () => {
  it('reads barcodes sent in split chunks with noise between them', async () => {
    const { manager, device, recorder } = setup({ framing: { prefix: '', suffix: '\r\n' }, serial: { baudRate: 38400 } });
    await manager.configure([device]);
    await manager.start();
    expect(manager.status('pty-device')).toMatchObject({ online: true });
    const framing = { prefix: '', suffix: '\r\n' };
    await deviceSends(Buffer.concat([serialScanBytes('2900000000018', framing, ']E0'), serialScanBytes('96385074', framing, ']E4')]));
    await deviceSends(Uint8Array.from([0x00, 0xff, 0x0d, 0x0a, 0x00, 0x0d, 0x0a])); // line noise, blank lines
    await deviceSends(serialScanBytes('https://till.example.bg/card/ABCD1234', framing, ']Q1'), [5, 2, 11]);
    const reads = await recorder.waitForReads(3);
    await sleep(50);
    expect(reads.map((r) => r.result)).toEqual([
      { ok: true, value: { kind: 'loyalty', code: '2900000000018' } },
      { ok: true, value: { kind: 'product', gtin: '96385074' } },
      { ok: true, value: { kind: 'loyalty', code: 'ABCD1234' } },
    ]);
    await manager.stop();
  });

  it('reads RDM6300 frames and refuses the ones with a wrong checksum', async () => {
    const { manager, device, recorder } = setup({ kind: 'card-reader', protocol: 'rdm6300' });
    await manager.configure([device]);
    await manager.start();
    const corrupt = rdm6300Bytes('0A00B1C2D3');
    corrupt[5] ^= 0x01; // one flipped bit in the tag: the checksum no longer matches
    await deviceSends(Buffer.concat([rdm6300Bytes('62E3086CED', 3), corrupt, Buffer.from([0x00, 0x13]), rdm6300Bytes('0A00B1C2D3')]), [6, 1, 8]);
    const reads = await recorder.waitForReads(3);
    expect(reads.map((r) => r.result)).toEqual([
      { ok: true, value: { kind: 'loyalty', code: '62E3086CED' } },
      { ok: false, error: { code: 'card.misread' } },
      { ok: true, value: { kind: 'loyalty', code: '0A00B1C2D3' } },
    ]);
    await manager.stop();
  });

  it('survives the device vanishing mid-read, and resumes when it is back', async () => {
    const { manager, device, recorder } = setup({});
    await manager.configure([device]);
    await manager.start();
    await deviceSends(Buffer.from('2900000'));
    await sleep(30);
    await unplug();
    const offline = await recorder.waitForStatus((s) => !s.online && s.error?.code === 'device.lost');
    expect(offline.deviceId).toBe('pty-device');
    expect(recorder.errors.map((e) => e.error.code)).toContain('device.lost');

    await plugIn();
    await manager.poll();
    expect(manager.status('pty-device')).toMatchObject({ state: 'enabled', online: true, error: null });
    await deviceSends(Buffer.from('2900000000025\r'));
    const reads = await recorder.waitForReads(1);
    await sleep(30);
    // The half read before the device vanished is gone, not glued to the next read.
    expect(reads.map((r) => r.result)).toEqual([{ ok: true, value: { kind: 'loyalty', code: '2900000000025' } }]);
    await manager.stop();
  });
});
