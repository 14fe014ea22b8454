import { useState } from 'react';
import type { DeviceConfigInput } from '../../../shared/devices/config';
import { useT } from '../i18n';

/** Line endings a scanner may be set to send, as the technician finds them in its manual. */
const SUFFIXES: { value: string; label: string }[] = [
  { value: '\r', label: 'CR' },
  { value: '\r\n', label: 'CR LF' },
  { value: '\n', label: 'LF' },
  { value: '\t', label: 'TAB' },
  { value: '', label: '' },
];

type Uid = 'off' | 'auto' | 'hex' | 'decimal';

/**
 * How one scanner or card reader talks: serial line settings, prefix and suffix, RDM6300 frames,
 * HID mode, whether a stripe reader sends the LRC, and how a UID reader types card numbers.
 */
export function DeviceEditor({ config, onSave, onRemove }: { config: DeviceConfigInput; onSave(next: DeviceConfigInput): void; onRemove(): void }) {
  const t = useT();
  const [name, setName] = useState(config.name);
  const [kind, setKind] = useState(config.kind);
  const [lrc, setLrc] = useState(config.magstripeLrc ?? false);
  const [uid, setUid] = useState<Uid>(config.uid ? (config.uid.format ?? 'auto') : 'off');
  const [reversed, setReversed] = useState(config.uid?.reversed ?? false);
  const serial = config.driver === 'serial' ? config : null;
  const [baud, setBaud] = useState(String(serial?.serial?.baudRate ?? 9600));
  const [parity, setParity] = useState(serial?.serial?.parity ?? 'none');
  const [stopBits, setStopBits] = useState(serial?.serial?.stopBits ?? 1);
  const [prefix, setPrefix] = useState(serial?.framing?.prefix ?? '');
  const [suffix, setSuffix] = useState(serial?.framing?.suffix ?? '\r');
  const [protocol, setProtocol] = useState(serial?.protocol ?? 'text');
  const [mode, setMode] = useState(config.driver === 'hid' ? config.mode : 'keyboard');

  const save = () => {
    const common = { ...config, name, kind, magstripeLrc: lrc, ...(uid === 'off' ? { uid: undefined } : { uid: { format: uid, reversed } }) };
    if (common.uid === undefined) delete common.uid;
    if (config.driver === 'serial') {
      onSave({
        ...common,
        driver: 'serial',
        path: config.path,
        protocol,
        serial: { ...config.serial, baudRate: Number(baud) || 9600, parity, stopBits },
        framing: { ...config.framing, prefix, suffix },
      });
    } else if (config.driver === 'hid') onSave({ ...common, driver: 'hid', vendorId: config.vendorId, productId: config.productId, mode });
    else onSave({ ...common, driver: config.driver });
  };

  return (
    <div className="panel device-editor" data-testid="device-editor">
      <div className="row">
        <label>
          {t.t('devices.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="device-name" />
        </label>
        {(['scanner', 'card-reader'] as const).map((k) => (
          <button key={k} type="button" className={k === kind ? 'choice active' : 'choice'} onClick={() => setKind(k)}>
            {t.t(`settings.kind.${k}`)}
          </button>
        ))}
      </div>
      {serial ? (
        <>
          <div className="row">
            <label>
              {t.t('devices.baud')}
              <select value={baud} onChange={(e) => setBaud(e.target.value)} data-testid="device-baud">
                {['1200', '2400', '4800', '9600', '19200', '38400', '57600', '115200'].map((b) => (
                  <option key={b}>{b}</option>
                ))}
              </select>
            </label>
            <label>
              {t.t('devices.parity')}
              <select value={parity} onChange={(e) => setParity(e.target.value as typeof parity)} data-testid="device-parity">
                {(['none', 'even', 'odd', 'mark', 'space'] as const).map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <label>
              {t.t('devices.stopBits')}
              <select value={String(stopBits)} onChange={(e) => setStopBits(Number(e.target.value) as typeof stopBits)}>
                {['1', '1.5', '2'].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
          </div>
          <div className="row" role="group" aria-label={t.t('devices.protocol')}>
            {(['text', 'rdm6300'] as const).map((p) => (
              <button key={p} type="button" className={p === protocol ? 'choice active' : 'choice'} onClick={() => setProtocol(p)} data-testid={`device-protocol-${p}`}>
                {t.t(`devices.protocol.${p}`)}
              </button>
            ))}
          </div>
          {protocol === 'text' ? (
            <div className="row">
              <label>
                {t.t('devices.prefix')}
                <input value={prefix} maxLength={8} onChange={(e) => setPrefix(e.target.value)} data-testid="device-prefix" />
              </label>
              <label>
                {t.t('devices.suffix')}
                <select value={suffix} onChange={(e) => setSuffix(e.target.value)} data-testid="device-suffix">
                  {SUFFIXES.map((s) => (
                    <option key={s.label} value={s.value}>
                      {s.value === '' ? t.t('devices.suffix.none') : s.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          ) : null}
        </>
      ) : null}
      {config.driver === 'hid' ? (
        <div className="row" role="group" aria-label={t.t('devices.mode')}>
          {(['keyboard', 'pos'] as const).map((m) => (
            <button key={m} type="button" className={m === mode ? 'choice active' : 'choice'} onClick={() => setMode(m)}>
              {t.t(`devices.mode.${m}`)}
            </button>
          ))}
        </div>
      ) : null}
      {kind === 'card-reader' || config.driver === 'keyboard' ? (
        <div className="row">
          <label>
            <input type="checkbox" checked={lrc} onChange={(e) => setLrc(e.target.checked)} data-testid="device-lrc" /> {t.t('devices.lrc')}
          </label>
          <label>
            {t.t('devices.uid')}
            <select value={uid} onChange={(e) => setUid(e.target.value as Uid)} data-testid="device-uid">
              {(['off', 'auto', 'hex', 'decimal'] as const).map((u) => (
                <option key={u} value={u}>
                  {t.t(`devices.uid.${u}`)}
                </option>
              ))}
            </select>
          </label>
          {uid !== 'off' ? (
            <label>
              <input type="checkbox" checked={reversed} onChange={(e) => setReversed(e.target.checked)} /> {t.t('devices.uid.reversed')}
            </label>
          ) : null}
        </div>
      ) : null}
      <div className="row">
        <button type="button" className="big primary" onClick={save} data-testid="device-save">
          {t.t('devices.save')}
        </button>
        <button type="button" className="big secondary" onClick={onRemove} data-testid="device-remove">
          {t.t('devices.remove')}
        </button>
      </div>
    </div>
  );
}
