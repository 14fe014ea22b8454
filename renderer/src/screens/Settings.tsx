import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceStatus, DiscoveredDevice } from '../../../shared/devices/status';
import { KEYBOARD_DEVICE_ID, type DeviceConfigInput } from '../../../shared/devices/config';
import type { AppError } from '../../../shared/errors';
import type { TillEvent } from '../../../shared/contract/events';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { PrinterSettings } from '../components/PrinterSettings';
import { DeviceEditor } from '../components/DeviceEditor';

const SIMULATED_SCANNER: DeviceConfigInput = { id: 'simulated-scanner', name: 'Simulated scanner', kind: 'scanner', driver: 'simulator' };
/**
 * Whatever types into the till (wedge scanners, keyboard-mode NFC readers): id 'keyboard' is where
 * the Electron shell delivers bursts. Added as a scanner; set "Card UIDs" in its editor only when the
 * one thing typing is a UID reader (then every burst is read as a UID).
 */
const KEYBOARD: DeviceConfigInput = { id: KEYBOARD_DEVICE_ID, name: 'Keyboard scanner / UID reader', kind: 'scanner', driver: 'keyboard' };
const SIMULATED_READER: DeviceConfigInput = { id: 'simulated-reader', name: 'Simulated card reader', kind: 'card-reader', driver: 'simulator' };
/** What the test buttons of a simulated card reader read: a loyalty stripe (track 2) and a 125 kHz tag. */
const TEST_SWIPE = { type: 'swipe', track2: '2900000000018', lrc: true } as const;
const TEST_TAP = { type: 'tap', tag: '0A00B1C2D3' } as const;

/** Managers: which scanners and readers are connected, add what is plugged in, and test a scan. */
export function Settings({ till }: { till: Till }) {
  const t = useT();
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  const [found, setFound] = useState<DiscoveredDevice[] | null>(null);
  // null until the saved configuration has loaded: adding a device before then would replace the
  // devices already set up with a list that holds only the new one.
  const [loaded, setConfigs] = useState<DeviceConfigInput[] | null>(null);
  const configs = loaded ?? [];
  // What the next change builds on, updated the moment a change starts: the device list can show a
  // new device (from its status event) before configure has answered, and a second tap then must
  // not start from the list as it was before the first.
  const latest = useRef<DeviceConfigInput[] | null>(null);
  const [lastScan, setLastScan] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const reply = await till.call('device.list', {});
    if (reply.ok) setDevices(reply.value);
  }, [till]);

  useEffect(() => {
    // Adding a device keeps the ones already set up: start from the configuration in force, and
    // never let a late answer overwrite a change made since.
    void till.call('device.settings', {}).then((r) => {
      if (!r.ok || latest.current !== null) return;
      latest.current = r.value;
      setConfigs(r.value);
    });
  }, [till]);

  useEffect(() => {
    void refresh();
    return till.onEvent((event: TillEvent) => {
      if (event.type === 'device.status') void refresh();
      if (event.type === 'device.scan') setLastScan(event.result.ok ? event.result.value.kind === 'loyalty' ? event.result.value.code : event.result.value.gtin : t.error(event.result.error));
    });
  }, [till, refresh, t]);

  const apply = async (change: (current: DeviceConfigInput[]) => DeviceConfigInput[]) => {
    const before = latest.current ?? [];
    const next = change(before);
    latest.current = next;
    setConfigs(next);
    const reply = await till.call('device.configure', { devices: next });
    if (!reply.ok) {
      // Only undo our own change: a later one has already moved on from it.
      if (latest.current === next) {
        latest.current = before;
        setConfigs(before);
      }
      return setError(reply.error);
    }
    setError(null);
    setDevices(reply.value);
  };

  const addFound = (d: DiscoveredDevice) => {
    const id = `${d.transport}-${d.path}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 60);
    const config: DeviceConfigInput =
      d.transport === 'serial'
        ? { id, name: d.label, kind: d.suggestion?.kind ?? 'scanner', driver: 'serial', path: d.path }
        : { id, name: d.label, kind: d.suggestion?.kind ?? 'scanner', driver: 'hid', vendorId: d.vendorId ?? 0, productId: d.productId ?? 0, path: d.path, mode: d.suggestion?.mode ?? 'keyboard' };
    void apply((cs) => [...cs.filter((c) => c.id !== id), config]);
  };

  return (
    <>
    <PrinterSettings till={till} />
    <section className="settings panel" data-testid="settings">
      <h2>{t.t('settings.devices')}</h2>
      {error ? <p className="error" role="alert">{t.error(error)}</p> : null}
      <ul className="device-list" data-testid="devices">
        {devices.length === 0 ? <li className="muted">{t.t('settings.devices.none')}</li> : null}
        {devices.map((d) => (
          <li key={d.deviceId} className="device">
            <span className={d.online ? 'pill ok' : 'pill warn'}>{d.online ? t.t('settings.device.online') : t.t('settings.device.offline')}</span>
            <span className="device-name">{d.name}</span>
            <span className="muted">
              {t.t(`settings.kind.${d.kind}`)} · {d.driver} · {d.state}
            </span>
            {d.error ? <span className="error">{t.error(d.error)}</span> : null}
            <button type="button" className="secondary" data-testid={`edit-${d.deviceId}`} onClick={() => setEditing(editing === d.deviceId ? null : d.deviceId)}>
              {t.t('devices.edit')}
            </button>
            {d.driver === 'simulator' && d.kind === 'scanner' ? (
              <button type="button" className="secondary" onClick={() => void till.call('device.simulate', { deviceId: d.deviceId, action: { type: 'scan', text: '2900000000018' } })}>
                {t.t('settings.testScan')}
              </button>
            ) : null}
            {d.driver === 'simulator' && d.kind === 'card-reader' ? (
              <>
                <button type="button" className="secondary" data-testid="test-swipe" onClick={() => void till.call('device.simulate', { deviceId: d.deviceId, action: TEST_SWIPE })}>
                  {t.t('settings.testSwipe')}
                </button>
                <button type="button" className="secondary" data-testid="test-tap" onClick={() => void till.call('device.simulate', { deviceId: d.deviceId, action: TEST_TAP })}>
                  {t.t('settings.testTap')}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {(() => {
        const config = configs.find((c) => c.id === editing);
        return config ? (
          <DeviceEditor
            key={config.id}
            config={config}
            onSave={(next) => void apply((cs) => cs.map((c) => (c.id === next.id ? next : c))).then(() => setEditing(null))}
            onRemove={() => void apply((cs) => cs.filter((c) => c.id !== config.id)).then(() => setEditing(null))}
          />
        ) : null;
      })()}
      {lastScan !== null ? <p className="notice ok" data-testid="last-scan">{t.t('settings.lastScan', { code: lastScan })}</p> : null}
      <div className="row">
        <button type="button" className="big secondary" onClick={() => void till.call('device.discover', {}).then((r) => r.ok && setFound(r.value))}>
          {t.t('settings.discover')}
        </button>
        <button type="button" className="big secondary" disabled={loaded === null} onClick={() => void apply((cs) => [...cs.filter((c) => c.id !== SIMULATED_SCANNER.id), SIMULATED_SCANNER])}>
          {t.t('settings.addSimulator')}
        </button>
        {configs.some((c) => c.id === KEYBOARD.id) ? null : (
          <button type="button" className="big secondary" data-testid="add-keyboard" disabled={loaded === null} onClick={() => void apply((cs) => [...cs.filter((c) => c.id !== KEYBOARD.id), KEYBOARD])}>
            {t.t('devices.addKeyboard')}
          </button>
        )}
        <button type="button" className="big secondary" data-testid="add-simulated-reader" disabled={loaded === null} onClick={() => void apply((cs) => [...cs.filter((c) => c.id !== SIMULATED_READER.id), SIMULATED_READER])}>
          {t.t('settings.addSimulatedReader')}
        </button>
      </div>
      {found !== null ? (
        <ul className="device-list" data-testid="found">
          {found.length === 0 ? <li className="muted">{t.t('settings.discover.none')}</li> : null}
          {found.map((d) => (
            <li key={`${d.transport}:${d.path}`} className="device">
              <span className="device-name">{d.label}</span>
              <span className="muted">
                {d.transport} · {d.path}
              </span>
              <button type="button" className="primary" disabled={loaded === null} onClick={() => addFound(d)}>
                {t.t('settings.add')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
    </>
  );
}
