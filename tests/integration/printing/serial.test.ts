/**
 * A serial receipt printer on a real serial line: socat makes a pseudo-terminal pair; the till opens
 * one end with the real serialport binding, exactly as it opens /dev/ttyUSB0, and a simulated printer
 * on the other end answers DLE EOT and decodes what arrives. Jobs end printed exactly once or still
 * queued, through paper-out and a printer unplugged mid-shift.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';
import { startSimulatedSerialPrinter, type SimulatedSerialPrinter } from '../../../electron/printing/simulator/serial';
import { createPrintQueue, type PrintQueue } from '../../../electron/printing/queue';
import { serialTransport, type SerialPrinterOpener } from '../../../electron/printing/transports';
import { printerProfiles } from '../../../electron/printing/profiles';
import { createIdSource } from '../../../electron/app/clock';
import { buildTestPage } from '../../../shared/receipt/builders';

let dir: string;
let socat: ChildProcess | null = null;
let t: TestTerminal;
let printer: SimulatedSerialPrinter | null = null;
const tillEnd = () => join(dir, 'ttyPrinter');
const printerEnd = () => join(dir, 'printer');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const opened: Parameters<SerialPrinterOpener>[0][] = [];
const openSerial: SerialPrinterOpener = (options) => {
  opened.push(options);
  return new SerialPort(options);
};

async function plugIn(): Promise<void> {
  socat = spawn('/usr/bin/socat', [`pty,raw,echo=0,link=${tillEnd()}`, `pty,raw,echo=0,link=${printerEnd()}`], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(existsSync(tillEnd()) && existsSync(printerEnd())); i++) await sleep(10);
  if (!existsSync(tillEnd())) throw new Error('socat did not create the pseudo-terminals');
  printer = await startSimulatedSerialPrinter({ path: printerEnd(), width: 48, open: openSerial });
}

async function unplug(): Promise<void> {
  await printer?.close();
  printer = null;
  const process = socat;
  socat = null;
  if (!process || process.exitCode !== null) return;
  await new Promise((resolve) => {
    process.once('exit', resolve);
    process.kill('SIGTERM');
  });
}

const page = () => buildTestPage({ name: 'Demo café', address: [] }, 'Xprinter', { locale: 'bg', width: 48 });
const jobs = () => t.terminal.db.prepare('SELECT status, attempts, last_error FROM print_jobs ORDER BY created_at').all();

function queue(): PrintQueue {
  return createPrintQueue({
    db: t.terminal.db,
    clock: t.clock,
    ids: createIdSource(t.clock),
    target: () => ({ transport: serialTransport({ path: tillEnd(), baudRate: 19200, parity: 'none', stopBits: 1, rtscts: false }, openSerial, 500), profile: printerProfiles[2]! }),
    onState: () => {},
    // Timers are driven by the test through drain(), so backoff is checked on the test clock.
    setTimer: () => ({}),
    clearTimer: () => {},
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loyal-till-printer-pty-'));
  opened.length = 0;
  t = startTestTerminal();
  await plugIn();
});
afterEach(async () => {
  t.close();
  await unplug();
  rmSync(dir, { recursive: true, force: true });
});

describe('a serial receipt printer', () => {
  it('prints a job once, at the configured line settings, and the printer reads back the Cyrillic', async () => {
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(printer!.printed).toHaveLength(1);
    expect(printer!.printed[0]!.codePages).toEqual([23]);
    expect(printer!.printed[0]!.lines.join('\n')).toContain('Кирилица: АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ');
    expect(jobs()).toEqual([{ status: 'printed', attempts: 1, last_error: null }]);
    expect(opened.find((o) => o.path === tillEnd())).toMatchObject({ baudRate: 19200, parity: 'none', stopBits: 1, dataBits: 8 });
  });

  it('holds the job while the paper is out and prints it once after the roll is changed', async () => {
    printer!.state = { ...printer!.state, paperOut: true };
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(q.state()).toMatchObject({ paperOut: true, lastError: 'printer.paper_out', queued: 1 });
    expect(printer!.printed).toHaveLength(0);
    printer!.state = { ...printer!.state, paperOut: false };
    t.clock.advance(3000);
    await q.drain();
    expect(printer!.printed).toHaveLength(1);
    expect(jobs()).toMatchObject([{ status: 'printed' }]);
  });

  it('keeps jobs queued while the printer is unplugged and prints each once when it is back', async () => {
    await unplug();
    const q = queue();
    q.enqueue('test', page());
    q.enqueue('test', page());
    await q.drain();
    expect(jobs()).toEqual([
      { status: 'queued', attempts: 1, last_error: 'printer.offline' },
      { status: 'queued', attempts: 0, last_error: null },
    ]);
    await plugIn();
    t.clock.advance(2000);
    await q.drain();
    expect(printer!.printed).toHaveLength(2);
    expect(jobs()).toMatchObject([{ status: 'printed' }, { status: 'printed' }]);
  });

  it('is chosen in printer settings and prints the test page from there', async () => {
    const manager = t.loginAs('manager');
    const configured = await t.callAsync(
      'printer.configure',
      { printer: { transport: 'serial', path: tillEnd(), baudRate: 9600, profileId: 'xprinter-wpc1251', width: 48 } },
      manager,
    );
    expect(configured.ok).toBe(true);
    t.must('printer.test', {}, manager);
    await expect.poll(() => printer!.printed.length, { timeout: 5000 }).toBe(1);
    expect(printer!.printed[0]!.lines.join('\n')).toContain('ТЕСТОВА');
  });
});
