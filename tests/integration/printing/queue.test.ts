import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';
import { startSimulatedPrinter, type SimulatedPrinter } from '../../../electron/printing/simulator/server';
import { createPrintQueue, type PrintQueue } from '../../../electron/printing/queue';
import { tcpTransport } from '../../../electron/printing/transports';
import { printerProfiles } from '../../../electron/printing/profiles';
import { createIdSource } from '../../../electron/app/clock';
import { buildTestPage } from '../../../shared/receipt/builders';
import type { PrinterState } from '../../../shared/receipt/printer';

let t: TestTerminal;
let printer: SimulatedPrinter;
let states: PrinterState[];

const page = () => buildTestPage({ name: 'Demo café', address: [] }, 'Simulated', { locale: 'bg', width: 48 });

function queue(): PrintQueue {
  return createPrintQueue({
    db: t.terminal.db,
    clock: t.clock,
    ids: createIdSource(t.clock),
    target: () => ({ transport: tcpTransport('127.0.0.1', printer.port, 1000), profile: printerProfiles[0]! }),
    onState: (s) => states.push(s),
    // Timers are driven by the test through drain(), so backoff is checked on the test clock.
    setTimer: () => ({}),
    clearTimer: () => {},
  });
}

const jobs = () => t.terminal.db.prepare('SELECT status, attempts, last_error FROM print_jobs ORDER BY created_at').all();

beforeEach(async () => {
  t = startTestTerminal();
  printer = await startSimulatedPrinter({ width: 48 });
  states = [];
});
afterEach(async () => {
  await printer.close();
  t.close();
});

describe('the print queue against a simulated network printer', () => {
  it('prints a job once, and the printer reads back the Cyrillic text', async () => {
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(printer.printed).toHaveLength(1);
    expect(printer.printed[0]!.lines.join('\n')).toContain('ТЕСТОВА СТРАНИЦА');
    expect(jobs()).toEqual([{ status: 'printed', attempts: 1, last_error: null }]);
  });

  it('keeps a job queued while the printer is switched off, then prints it exactly once after backoff', async () => {
    await printer.setPower(false);
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(jobs()).toEqual([{ status: 'queued', attempts: 1, last_error: 'printer.offline' }]);
    expect(states.at(-1)).toMatchObject({ online: false, queued: 1, lastError: 'printer.offline' });
    await printer.setPower(true);
    await q.drain(); // not due yet: backoff
    expect(printer.printed).toHaveLength(0);
    t.clock.advance(2000);
    await q.drain();
    expect(printer.printed).toHaveLength(1);
    expect(jobs()).toMatchObject([{ status: 'printed' }]);
  });

  it('prints a job again whole when the connection drops in the middle of it', async () => {
    printer.dropNextAfter = 40;
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(printer.printed).toHaveLength(0);
    expect(jobs()).toEqual([{ status: 'queued', attempts: 1, last_error: 'printer.dropped' }]);
    t.clock.advance(2000);
    await q.drain();
    expect(printer.printed).toHaveLength(1);
    expect(printer.printed[0]!.cuts).toBe(1);
  });

  it('waits while the paper is out and prints once a new roll is in', async () => {
    printer.state = { ...printer.state, paperOut: true };
    const q = queue();
    q.enqueue('test', page());
    await q.drain();
    expect(states.at(-1)).toMatchObject({ paperOut: true, lastError: 'printer.paper_out', queued: 1 });
    printer.state = { ...printer.state, paperOut: false };
    t.clock.advance(3000);
    await q.drain();
    expect(printer.printed).toHaveLength(1);
  });

  it('survives a restart with jobs queued, and a reprint never touches the ledger', async () => {
    await printer.setPower(false);
    queue().enqueue('receipt', page());
    const dataDir = t.dataDir;
    t.terminal.close();
    t = startTestTerminal({ dataDir, clock: t.clock });
    await printer.setPower(true);
    const q = queue();
    t.clock.advance(2000);
    await q.drain();
    expect(printer.printed).toHaveLength(1);
    const ledgerBefore = t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get();
    expect(q.reprintLast('receipt')).not.toBeNull();
    await q.drain();
    expect(printer.printed).toHaveLength(2);
    expect(printer.printed[1]!.lines).toEqual(printer.printed[0]!.lines);
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual(ledgerBefore);
  });
});

describe('printer status between receipts', () => {
  it('reports paper near end, paper out and cover open from DLE EOT while nothing prints', async () => {
    const q = queue();
    expect(await q.checkStatus()).toMatchObject({ online: true, paperNearEnd: false, lastError: null });
    printer.state = { ...printer.state, paperNearEnd: true };
    expect(await q.checkStatus()).toMatchObject({ online: true, paperNearEnd: true, lastError: null });
    printer.state = { ...printer.state, paperOut: true };
    expect(await q.checkStatus()).toMatchObject({ paperOut: true, lastError: 'printer.paper_out' });
    printer.state = { online: true, paperOut: false, paperNearEnd: false, coverOpen: true };
    expect(await q.checkStatus()).toMatchObject({ coverOpen: true, lastError: 'printer.cover_open' });
    expect(states.at(-1)).toMatchObject({ coverOpen: true, lastError: 'printer.cover_open' });
    await printer.setPower(false);
    expect(await q.checkStatus()).toMatchObject({ online: false, lastError: 'printer.offline' });
    expect(printer.printed).toHaveLength(0);
  });

  it('prints a waiting receipt as soon as the new roll is in, without waiting for its retry', async () => {
    printer.state = { ...printer.state, paperOut: true };
    const q = queue();
    q.enqueue('receipt', page());
    await q.drain();
    expect(jobs()).toEqual([{ status: 'queued', attempts: 1, last_error: 'printer.paper_out' }]);
    printer.state = { ...printer.state, paperOut: false };
    await q.checkStatus();
    await q.drain();
    expect(printer.printed).toHaveLength(1);
    expect(jobs()).toMatchObject([{ status: 'printed' }]);
  });
});
