import { afterEach, describe, expect, it } from 'vitest';
import { startTestTerminal, type TestTerminal } from '../../support/terminal';
import { inStoreCardCode } from '../../../shared/codes/ean';
import type { TillEvent } from '../../../shared/contract/events';

let t: TestTerminal | null = null;
afterEach(() => t?.close());

const scanner = { id: 'sim-scanner', name: 'Test scanner', kind: 'scanner' as const, driver: 'simulator' as const };

describe('devices through the contract', () => {
  it('lets a manager configure a simulated scanner whose test scan reaches every UI as an event', async () => {
    t = startTestTerminal();
    const manager = t.loginAs('manager');
    const events: TillEvent[] = [];
    t.terminal.events.subscribe((e) => events.push(e));
    const configured = await t.callAsync('device.configure', { devices: [scanner] }, manager);
    expect(configured).toMatchObject({ ok: true, value: [{ deviceId: 'sim-scanner', state: 'enabled', online: true }] });
    expect(await t.callAsync('device.simulate', { deviceId: 'sim-scanner', action: { type: 'scan', text: inStoreCardCode(5), aim: ']E0' } }, manager)).toEqual({
      ok: true,
      value: null,
    });
    expect(events).toContainEqual({ type: 'device.scan', source: 'sim-scanner', result: { ok: true, value: { kind: 'loyalty', code: inStoreCardCode(5) } } });
  });

  it('keeps device settings for managers only, and restores them on the next start', async () => {
    t = startTestTerminal();
    const cashier = t.loginAs('cashier');
    expect(await t.callAsync('device.configure', { devices: [scanner] }, cashier)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    const manager = t.loginAs('manager');
    expect((await t.callAsync('device.configure', { devices: [scanner] }, manager)).ok).toBe(true);
    const dataDir = t.dataDir;
    t.terminal.close();
    t = startTestTerminal({ dataDir });
    await t.terminal.startDevices();
    expect(t.terminal.devices.list()).toMatchObject([{ deviceId: 'sim-scanner', state: 'enabled' }]);
  });

  it('refuses a bank card swiped on a simulated reader without its number reaching the event or the database', async () => {
    t = startTestTerminal();
    const manager = t.loginAs('manager');
    await t.callAsync('device.configure', { devices: [{ ...scanner, id: 'sim-reader', kind: 'card-reader' }] }, manager);
    const events: TillEvent[] = [];
    t.terminal.events.subscribe((e) => events.push(e));
    const pan = '4111111111111111';
    await t.callAsync('device.simulate', { deviceId: 'sim-reader', action: { type: 'swipe', track1: `B${pan}^DOE/JOHN^2812101`, track2: `${pan}=28121010000000000000` } }, manager);
    expect(events).toContainEqual({ type: 'device.scan', source: 'sim-reader', result: { ok: false, error: { code: 'card.bank_card' } } });
    expect(JSON.stringify(events)).not.toContain(pan);
    const dump = t.terminal.db.prepare("SELECT group_concat(value, '|') AS v FROM settings").get() as { v: string };
    expect(dump.v).not.toContain(pan);
  });

  it('takes a wedge burst from the renderer through the keyboard device: one UID form, one read per card', async () => {
    t = startTestTerminal();
    const cashier = t.loginAs('cashier');
    // No keyboard device yet: the renderer identifies the code itself, as a till without one always did.
    expect(await t.callAsync('device.keyboardScan', { text: '0062982764' }, cashier)).toEqual({ ok: true, value: { routed: false } });
    const manager = t.loginAs('manager');
    const keyboard = { id: 'keyboard', name: 'UID reader', kind: 'card-reader' as const, driver: 'keyboard' as const, uid: { format: 'auto' as const, reversed: false } };
    expect((await t.callAsync('device.configure', { devices: [keyboard] }, manager)).ok).toBe(true);
    const events: TillEvent[] = [];
    t.terminal.events.subscribe((e) => events.push(e));
    // The same card typed in decimal, then held to the reader again at once.
    expect(await t.callAsync('device.keyboardScan', { text: '0062982764' }, cashier)).toEqual({ ok: true, value: { routed: true } });
    expect(await t.callAsync('device.keyboardScan', { text: '0062982764' }, cashier)).toEqual({ ok: true, value: { routed: true } });
    expect(events.filter((e) => e.type === 'device.scan')).toEqual([
      { type: 'device.scan', source: 'keyboard', result: { ok: true, value: { kind: 'loyalty', code: '03C10A6C' } } },
    ]);
    expect(await t.callAsync('device.keyboardScan', { text: '' }, cashier)).toMatchObject({ ok: false, error: { code: 'input.invalid' } });
  });
});
