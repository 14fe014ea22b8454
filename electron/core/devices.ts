import type { CoreDeps } from './context';
import type { Handler } from './handlers';
import type { deviceCommands } from '../../shared/contract/devices';
import { ok } from '../../shared/result';
import { KEYBOARD_DEVICE_ID } from '../../shared/devices/config';
import { setSetting } from '../db/stores/settings';
import { appendAudit } from '../db/stores/audit';

type DeviceCommand = keyof typeof deviceCommands;

/** Settings-screen commands over the device manager; the configuration is saved only once it applied. */
export function deviceHandlers(deps: CoreDeps): { [K in DeviceCommand]: Handler<K> } {
  const { devices } = deps;
  return {
    'device.list': () => ok(devices.list()),
    'device.settings': () => ok(devices.configs()),
    'device.discover': async () => ok(await devices.discover()),
    'device.configure': async (input, actor) => {
      const applied = await devices.configure(input.devices);
      if (!applied.ok) return applied;
      deps.db.transaction(() => {
        setSetting(deps.db, 'devices', JSON.stringify(input.devices));
        appendAudit(deps.db, { at: deps.clock.now(), staffId: actor?.staffId ?? null, action: 'device.settings', details: { count: input.devices.length } });
      })();
      deps.log.info('devices configured', { staffId: actor?.staffId ?? null, count: input.devices.length });
      // Applied at once: the new configuration's devices are opened, claimed and enabled now.
      return ok(await devices.start());
    },
    'device.simulate': (input) => {
      const done = devices.simulate(input.deviceId, input.action);
      return done.ok ? ok(null) : done;
    },
    // The same path as the Electron shell's before-input-event bursts: one source among the others.
    'device.keyboardScan': (input) => ok({ routed: devices.keyboardRead(KEYBOARD_DEVICE_ID, input.text).ok }),
  };
}
