import { describe, expect, it } from 'vitest';
import type { DeviceConfigInput } from '../../../electron/devices/config';
import { createKeyboardBurst, type KeyInputEvent } from '../../../electron/devices/keyboardBurst';
import { createDeviceManager, forwardDeviceEvents } from '../../../electron/devices';
import { manualTimers, recordingLogger } from './support';
import type { TillEvent } from '../../../shared/contract/events';
import { testManager } from './support';
import { typed } from '../../fixtures/devices/keystrokes';

const simulator = (id: string, kind: 'scanner' | 'card-reader'): DeviceConfigInput => ({ id, name: `Simulated ${kind}`, kind, driver: 'simulator' });

describe('simulated scanner and card reader', () => {
  it('scan through each transport a real scanner uses', async () => {
    const { manager, recorder } = testManager();
    await manager.configure([simulator('sim-scanner', 'scanner')]);
    await manager.start();
    expect(manager.simulate('sim-scanner', { type: 'scan', text: '2900000000018', aim: ']E0' })).toEqual({ ok: true, value: undefined });
    manager.simulate('sim-scanner', { type: 'scan', text: 'KAFE-0042', via: 'hid-keyboard' });
    manager.simulate('sim-scanner', { type: 'scan', text: 'https://till.example.bg/card/' + 'A'.repeat(30), aim: ']Q1', via: 'hid-pos' });
    manager.simulate('sim-scanner', { type: 'scan', text: '4006381333932' });
    expect(recorder.reads.map((r) => r.result)).toEqual([
      { ok: true, value: { kind: 'loyalty', code: '2900000000018' } },
      { ok: true, value: { kind: 'loyalty', code: 'KAFE-0042' } },
      { ok: true, value: { kind: 'loyalty', code: 'A'.repeat(30) } },
      { ok: false, error: { code: 'card.bank_card' } },
    ]);
    await manager.stop();
  });

  it('swipes good, half-read and LRC-checked stripes, and taps RFID tags', async () => {
    const { manager, recorder, timers } = testManager();
    await manager.configure([simulator('sim-reader', 'card-reader')]);
    await manager.start();
    manager.simulate('sim-reader', { type: 'swipe', track1: 'KAFE0042^', track2: null });
    manager.simulate('sim-reader', { type: 'swipe', track2: '2900000000018=9912' });
    timers.tick(2000);
    manager.simulate('sim-reader', { type: 'swipe', track2: '2900000000018=9912', cut: 9 });
    manager.simulate('sim-reader', { type: 'swipe', track2: '2900000000025', lrc: true });
    manager.simulate('sim-reader', { type: 'tap', tag: '62E3086CED', frames: 10 });
    expect(recorder.reads.map((r) => r.result)).toEqual([
      { ok: false, error: { code: 'card.half_read' } },
      { ok: true, value: { kind: 'loyalty', code: '2900000000018' } },
      { ok: false, error: { code: 'card.half_read' } },
      { ok: true, value: { kind: 'loyalty', code: '2900000000025' } },
      { ok: true, value: { kind: 'loyalty', code: '62E3086CED' } },
    ]);
    expect(recorder.reads.every((r) => r.kind === 'card-reader')).toBe(true);
    await manager.stop();
  });

  it('refuse to simulate on a device that is not claimed', async () => {
    const { manager } = testManager();
    await manager.configure([simulator('sim-scanner', 'scanner')]);
    expect(manager.simulate('sim-scanner', { type: 'scan', text: 'X' }).ok).toBe(false);
    expect(manager.simulate('nope', { type: 'scan', text: 'X' })).toEqual({ ok: false, error: { code: 'device.not_found', params: { device: 'nope' } } });
  });
});

describe('keyboard wedge source', () => {
  const toInput = (s: ReturnType<typeof typed>[number]): KeyInputEvent => ({ type: 'keyDown', code: s.code, shift: s.shiftKey, at: s.timeStamp });

  it('turns a burst caught in before-input-event into a read of the keyboard device', async () => {
    const { manager, recorder } = testManager();
    await manager.configure([{ id: 'keyboard', name: 'Keyboard scanner', kind: 'scanner', driver: 'keyboard' }]);
    await manager.start();
    const burst = createKeyboardBurst();
    const prevented: boolean[] = [];
    for (const input of typed('KAFE-0042', 1000, 4).map(toInput)) {
      const action = burst.push(input);
      prevented.push(action.preventDefault);
      if (action.scan !== undefined) manager.keyboardRead('keyboard', action.scan);
    }
    expect(prevented.every(Boolean)).toBe(true);
    expect(recorder.reads.map((r) => r.result)).toEqual([{ ok: true, value: { kind: 'loyalty', code: 'KAFE-0042' } }]);
    await manager.stop();
  });

  it('gives a person typing back for replay, and lets the replayed keys through', () => {
    const burst = createKeyboardBurst();
    const first = burst.push({ type: 'keyDown', code: 'KeyH', shift: false, at: 0 });
    expect(first).toEqual({ preventDefault: true });
    expect(burst.push({ type: 'keyUp', code: 'KeyH', shift: false, at: 60 })).toEqual({ preventDefault: true });
    const released = burst.flush(100);
    expect(released.release?.text).toBe('h');
    expect(released.release?.inputs.map((i) => i.code)).toEqual(['KeyH']);
    burst.expectReplay(['KeyH']);
    expect(burst.push({ type: 'keyDown', code: 'KeyH', shift: false, at: 110 })).toEqual({ preventDefault: false });
    expect(burst.push({ type: 'keyDown', code: 'Backspace', shift: false, at: 400 })).toEqual({ preventDefault: false });
  });

  it('reads only keyboard devices through keyboardRead', async () => {
    const { manager } = testManager();
    await manager.configure([simulator('sim-scanner', 'scanner')]);
    expect(manager.keyboardRead('sim-scanner', '2900000000018').ok).toBe(false);
  });
});

describe('configuration', () => {
  it('refuses an invalid device with a translatable reason', async () => {
    const { manager } = testManager();
    const result = await manager.configure([{ id: 'x', name: 'Broken', kind: 'scanner', driver: 'serial', path: '' }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'device.invalid_config', params: { device: 'Broken' } } });
  });

  it('keeps running when a configured device is missing and nobody listens for errors', async () => {
    const manager = createDeviceManager({
      log: recordingLogger(),
      timers: manualTimers(),
      discovery: { listSerial: async () => [], listHid: async () => [] },
    });
    await manager.configure([{ id: 'usb', name: 'USB scanner', kind: 'scanner', driver: 'serial', path: '/dev/loyal-till-missing' }]);
    const statuses = await manager.start();
    expect(statuses).toMatchObject([{ deviceId: 'usb', online: false, error: { code: 'device.not_found' } }]);
    await manager.stop();
  });

  it('refuses two devices with one id', async () => {
    const { manager } = testManager();
    const result = await manager.configure([simulator('a', 'scanner'), simulator('a', 'card-reader')]);
    expect(result.ok).toBe(false);
  });

  it('closes a device removed from the configuration', async () => {
    const { manager } = testManager();
    await manager.configure([simulator('a', 'scanner'), simulator('b', 'scanner')]);
    await manager.start();
    await manager.configure([simulator('b', 'scanner')]);
    expect(manager.list().map((s) => [s.deviceId, s.state])).toEqual([['b', 'enabled']]);
  });
});

describe('events for the UI', () => {
  it('forwards reads as device.scan and status changes as device.status', async () => {
    const { manager } = testManager();
    const events: TillEvent[] = [];
    const stop = forwardDeviceEvents(manager, (e) => events.push(e));
    await manager.configure([simulator('sim', 'scanner')]);
    await manager.start();
    manager.simulate('sim', { type: 'scan', text: '2900000000018' });
    stop();
    manager.simulate('sim', { type: 'scan', text: '2900000000025' });
    expect(events).toContainEqual({ type: 'device.status', deviceId: 'sim', kind: 'scanner', status: 'enabled' });
    expect(events.filter((e) => e.type === 'device.scan')).toEqual([
      { type: 'device.scan', source: 'sim', result: { ok: true, value: { kind: 'loyalty', code: '2900000000018' } } },
    ]);
  });

  it('brings up a device added in settings while running', async () => {
    const { manager } = testManager();
    await manager.start();
    await manager.configure([simulator('new', 'scanner')]);
    expect(manager.status('new')).toMatchObject({ state: 'enabled', online: true });
    await manager.stop();
  });
});
