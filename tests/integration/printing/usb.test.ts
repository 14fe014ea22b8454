/**
 * A USB receipt printer on Linux is a character device (/dev/usb/lp0, the usblp driver) that takes
 * bytes as they are. No printer is attached to this build machine, so a file in a temporary folder
 * stands in for the device node: the bytes written to it are exactly what the printer would get.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';
import { createPrintQueue } from '../../../electron/printing/queue';
import { deviceFileTransport } from '../../../electron/printing/transports';
import { printerProfiles } from '../../../electron/printing/profiles';
import { interpret } from '../../../electron/printing/simulator/interpreter';
import { createIdSource } from '../../../electron/app/clock';
import { buildTestPage } from '../../../shared/receipt/builders';

let t: TestTerminal;
let dir: string;
beforeEach(() => {
  t = startTestTerminal();
  dir = mkdtempSync(join(tmpdir(), 'loyal-till-usblp-'));
});
afterEach(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

const queue = (path: string) =>
  createPrintQueue({
    db: t.terminal.db,
    clock: t.clock,
    ids: createIdSource(t.clock),
    target: () => ({ transport: deviceFileTransport(path), profile: printerProfiles[1]! }),
    onState: () => {},
    setTimer: () => ({}),
    clearTimer: () => {},
  });
const jobs = () => t.terminal.db.prepare('SELECT status, last_error FROM print_jobs ORDER BY created_at').all();
const page = () => buildTestPage({ name: 'Demo café', address: [] }, 'Epson (Windows-1251)', { locale: 'bg', width: 32 });

describe('a USB printer device file', () => {
  it('gets the receipt bytes as they are, once', async () => {
    const device = join(dir, 'lp0');
    const q = queue(device);
    q.enqueue('test', page());
    await q.drain();
    const printed = interpret(readFileSync(device), 32);
    expect(printed.codePages).toEqual([46]);
    expect(printed.lines.join('\n')).toContain('Кирилица:');
    expect(printed.cuts).toBe(1);
    expect(jobs()).toEqual([{ status: 'printed', last_error: null }]);
  });

  it('keeps the job queued while the printer is unplugged (no device node)', async () => {
    const q = queue(join(dir, 'unplugged', 'lp0'));
    q.enqueue('test', page());
    await q.drain();
    expect(jobs()).toEqual([{ status: 'queued', last_error: 'printer.offline' }]);
  });
});
