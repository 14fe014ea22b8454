/**
 * A bank card shown to any reader is refused as "This is a bank card", and its number ends up
 * nowhere: not in device events, not in logs, not in the database or its outbox.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { createTerminal } from '../../../electron/app/terminal';
import { demoStaff } from '../../../electron/app/demo';
import type { DeviceConfigInput } from '../../../electron/devices/config';
import { createKeyboardBurst } from '../../../electron/devices/keyboardBurst';
import { hidKeyboardReports } from '../../../electron/devices/simulators';
import { EventEmitter } from 'node:events';
import { bankCards } from '../../fixtures/devices/bankCards';
import { typed } from '../../fixtures/devices/keystrokes';
import { recordingLogger, testManager } from './support';

const swipe = (pan: string) => `%B${pan}^IVANOVA/MARIA^2812101000000000000000?;${pan}=28121010000000000000?`;
/** Every way the digits could be written down: plain, grouped, and the last eight alone. */
const traces = (pan: string) => [pan, pan.replace(/(\d{4})(?=\d)/g, '$1 '), pan.slice(-8)];

function assertAbsent(haystack: string, what: string) {
  for (const { pan } of bankCards) {
    for (const trace of traces(pan)) expect(haystack.includes(trace), `${trace} found in ${what}`).toBe(false);
  }
  expect(haystack.includes('IVANOVA'), `cardholder name found in ${what}`).toBe(false);
}

const PATH = '/dev/ttyMSR0';
beforeEach(() => {
  SerialPortMock.binding.reset();
  SerialPortMock.binding.createPort(PATH);
});
afterEach(() => SerialPortMock.binding.reset());

describe('bank cards at the device manager', () => {
  it('are refused from every kind of reader, and no event or log line carries them', async () => {
    const ports: SerialPortMock[] = [];
    const hid = new EventEmitter() as EventEmitter & { close(): void };
    hid.close = () => {};
    const { manager, recorder, log, timers } = testManager({
      discovery: {
        listSerial: () => SerialPortMock.list(),
        listHid: async () => [{ vendorId: 0x0801, productId: 0x0001, path: '/dev/hidraw1', usagePage: 1, usage: 6 }],
      },
      openSerial: (o) => {
        const port = new SerialPortMock(o);
        ports.push(port);
        return port;
      },
      openHid: async () => hid,
    });
    const devices: DeviceConfigInput[] = [
      { id: 'msr-serial', name: 'Serial card reader', kind: 'card-reader', driver: 'serial', path: PATH, framing: { suffix: '\r\n' } },
      { id: 'msr-hid', name: 'USB card reader', kind: 'card-reader', driver: 'hid', vendorId: 0x0801, productId: 0x0001, mode: 'keyboard' },
      { id: 'keyboard', name: 'Keyboard', kind: 'scanner', driver: 'keyboard' },
      { id: 'sim', name: 'Simulated reader', kind: 'card-reader', driver: 'simulator' },
      { id: 'sim-scanner', name: 'Simulated scanner', kind: 'scanner', driver: 'simulator' },
    ];
    expect((await manager.configure(devices)).ok).toBe(true);
    await manager.start();

    let expected = 0;
    for (const { pan } of bankCards) {
      ports[0]?.port?.emitData(Buffer.from(`${swipe(pan)}\r\n`, 'latin1'));
      for (const report of hidKeyboardReports(swipe(pan))) hid.emit('data', Buffer.from(report));
      const burst = createKeyboardBurst();
      for (const s of typed(pan, 0, 3)) {
        const action = burst.push({ type: 'keyDown', code: s.code, shift: s.shiftKey, at: s.timeStamp });
        if (action.scan !== undefined) manager.keyboardRead('keyboard', action.scan);
      }
      manager.simulate('sim', { type: 'swipe', track1: `B${pan}^IVANOVA/MARIA^2812101`, track2: `${pan}=2812101` });
      manager.simulate('sim-scanner', { type: 'scan', text: pan, via: 'hid-pos' });
      expected += 5;
      await recorder.waitForReads(expected);
      // Each card is a new customer at the counter, not a repeat of the last one.
      timers.tick(5000);
    }

    expect(recorder.reads).toHaveLength(bankCards.length * 5);
    for (const read of recorder.reads) expect(read.result).toEqual({ ok: false, error: { code: 'card.bank_card' } });
    assertAbsent(recorder.everything(), 'device events');
    assertAbsent(log.lines.join('\n'), 'the device log');
    await manager.stop();
  });
});

describe('bank cards at the counter', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-bank-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('are answered "this is a bank card" by customer.identify and leave no trace in the database, outbox or logs', async () => {
    const log = recordingLogger();
    const terminal = createTerminal({ dataDir, log });
    const cashier = demoStaff.find((s) => s.role === 'cashier');
    const staff = await terminal.dispatch('staff.list', {}, null);
    const staffId = staff.ok && Array.isArray(staff.value) ? (staff.value as Array<{ id: string; role: string }>).find((s) => s.role === 'cashier')?.id : undefined;
    const login = await terminal.dispatch('staff.login', { staffId, pin: cashier?.pin }, null);
    const token = login.ok ? (login.value as { token: string }).token : null;
    expect(token).not.toBeNull();
    const answers: unknown[] = [];
    for (const { pan } of bankCards) {
      for (const raw of [pan, `${pan}\r\n`, swipe(pan), `;${pan}=2812?`, `loyaltill:card:${pan}`]) {
        const reply = await terminal.dispatch('customer.identify', { code: raw }, token);
        expect(reply).toEqual({ ok: false, error: { code: 'card.bank_card' } });
        answers.push(reply);
      }
    }
    const outbox = JSON.stringify(terminal.db.prepare('SELECT * FROM outbox').all());
    terminal.close();

    assertAbsent(JSON.stringify(answers), 'the answers');
    assertAbsent(outbox, 'the outbox');
    assertAbsent(log.lines.join('\n'), 'the terminal log');
    let scanned = 0;
    for (const file of readdirSync(dataDir, { recursive: true })) {
      const path = join(dataDir, String(file));
      let bytes: string;
      try {
        bytes = readFileSync(path).toString('latin1');
      } catch {
        continue; // a folder
      }
      assertAbsent(bytes, String(file));
      scanned++;
    }
    expect(scanned).toBeGreaterThan(0);
  });
});
