import { useCallback, useEffect, useState } from 'react';
import type { PrinterInfo } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { printerLight, type PrinterConfig } from '../../../shared/receipt/printer';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

type Transport = 'tcp' | 'serial' | 'device';
const CUSTOM = 'custom';

/**
 * The receipt printer: how it is connected (network, serial, USB device file, or the simulated
 * printer), which code-page profile (or a custom table number), paper width; its status as the
 * printer reports it (DLE EOT), test print and reprint.
 */
export function PrinterSettings({ till }: { till: Till }) {
  const t = useT();
  const [info, setInfo] = useState<PrinterInfo | null>(null);
  const [transport, setTransport] = useState<Transport>('tcp');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [path, setPath] = useState('');
  const [baud, setBaud] = useState('9600');
  const [profileId, setProfileId] = useState('epson-cp866');
  const [customPage, setCustomPage] = useState<'cp866' | 'win1251'>('win1251');
  const [customNumber, setCustomNumber] = useState('46');
  const [customStar, setCustomStar] = useState(false);
  const [width, setWidth] = useState<32 | 48>(48);
  const [error, setError] = useState<AppError | null>(null);
  const [simulated, setSimulated] = useState<string[] | null>(null);

  const load = useCallback(
    async (check: boolean) => {
      const reply = await till.call('printer.get', { check });
      if (!reply.ok) return;
      setInfo(reply.value);
      const c = reply.value.config;
      if (c.transport === 'simulator') {
        const out = await till.call('printer.simulatorOutput', { limit: 1 });
        if (out.ok) setSimulated(out.value[0]?.lines ?? []);
      }
      if (c.transport === 'none') return;
      setProfileId(c.profileId);
      setWidth(c.width);
      if (c.custom) {
        setCustomPage(c.custom.codePage);
        setCustomNumber(String(c.custom.number));
        setCustomStar(c.custom.star);
      }
      if (c.transport === 'tcp') {
        setTransport('tcp');
        setHost(c.host);
        setPort(String(c.port));
      } else if (c.transport === 'serial') {
        setTransport('serial');
        setPath(c.path);
        setBaud(String(c.baudRate));
      } else if (c.transport === 'device') {
        setTransport('device');
        setPath(c.path);
      }
    },
    [till],
  );
  useEffect(() => {
    void load(true);
    return till.onEvent((e) => e.type === 'device.status' && e.kind === 'printer' && void load(false));
  }, [till, load]);

  const common = () => ({
    profileId,
    width,
    ...(profileId === CUSTOM ? { custom: { codePage: customPage, number: Number(customNumber) || 0, star: customStar } } : {}),
  });
  const configure = async (printer: PrinterConfig) => {
    const reply = await till.call('printer.configure', { printer });
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setInfo(reply.value);
  };
  const save = () =>
    configure(
      transport === 'tcp'
        ? { transport, host, port: Number(port) || 9100, ...common() }
        : transport === 'serial'
          ? { transport, path, baudRate: Number(baud) || 9600, parity: 'none', stopBits: 1, rtscts: false, ...common() }
          : { transport, path, ...common() },
    );
  const useSimulator = async () => {
    await configure({ transport: 'simulator', ...common() });
    setSimulated([]);
  };
  const act = async (name: 'printer.test' | 'printer.reprintLast') => {
    const reply = await till.call(name, {});
    setError(reply.ok ? null : reply.error);
  };

  const state = info?.state;
  const light = state ? printerLight(state) : null;
  return (
    <section className="settings panel" data-testid="printer-settings">
      <h2>{t.t('printer.title')}</h2>
      {state && light ? (
        <p
          className={light.light === 'problem' ? 'notice error' : light.light === 'ready' ? 'notice ok' : 'notice'}
          style={light.light === 'warning' ? { color: '#a15c00', borderColor: '#a15c00', fontWeight: 700 } : undefined}
          data-testid="printer-state"
          data-light={light.light}
        >
          {light.light === 'none'
            ? t.t('status.printer.none')
            : light.light === 'problem'
              ? t.error({ code: light.detail as AppError['code'] })
              : light.light === 'warning'
                ? t.t('status.printer.nearEnd')
                : t.t('status.printer.ready')}
          {state.queued > 0 ? ` · ${t.t('printer.queued', { count: state.queued })}` : ''}
        </p>
      ) : null}
      {error ? <p className="error">{t.error(error)}</p> : null}
      <div className="row" role="group" aria-label={t.t('printer.transport')}>
        {(['tcp', 'serial', 'device'] as const).map((k) => (
          <button key={k} type="button" className={k === transport ? 'choice active' : 'choice'} onClick={() => setTransport(k)} data-testid={`printer-transport-${k}`}>
            {t.t(`printer.transport.${k}`)}
          </button>
        ))}
      </div>
      {transport === 'tcp' ? (
        <div className="row">
          <label>
            {t.t('printer.host')}
            <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="192.168.1.50" data-testid="printer-host" />
          </label>
          <label>
            {t.t('printer.port')}
            <input inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} data-testid="printer-port" />
          </label>
        </div>
      ) : (
        <div className="row">
          <label>
            {t.t('printer.path')}
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder={transport === 'serial' ? '/dev/ttyUSB0' : '/dev/usb/lp0'} data-testid="printer-path" />
          </label>
          {transport === 'serial' ? (
            <label>
              {t.t('printer.baud')}
              <select value={baud} onChange={(e) => setBaud(e.target.value)} data-testid="printer-baud">
                {['9600', '19200', '38400', '57600', '115200'].map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
      )}
      <div className="row" role="group" aria-label={t.t('printer.profile')}>
        {info?.profiles.map((p) => (
          <button key={p.id} type="button" className={p.id === profileId ? 'choice active' : 'choice'} onClick={() => setProfileId(p.id)}>
            {p.name}
          </button>
        ))}
        <button type="button" className={profileId === CUSTOM ? 'choice active' : 'choice'} onClick={() => setProfileId(CUSTOM)} data-testid="printer-custom">
          {t.t('printer.custom')}
        </button>
      </div>
      {profileId === CUSTOM ? (
        <div className="row">
          {(['cp866', 'win1251'] as const).map((cp) => (
            <button key={cp} type="button" className={cp === customPage ? 'choice active' : 'choice'} onClick={() => setCustomPage(cp)}>
              {cp === 'cp866' ? 'CP866' : 'Windows-1251'}
            </button>
          ))}
          <label>
            {t.t('printer.custom.number')}
            <input inputMode="numeric" value={customNumber} onChange={(e) => setCustomNumber(e.target.value)} data-testid="printer-custom-number" />
          </label>
          <label>
            <input type="checkbox" checked={customStar} onChange={(e) => setCustomStar(e.target.checked)} /> {t.t('printer.custom.star')}
          </label>
        </div>
      ) : null}
      <div className="row" role="group" aria-label={t.t('printer.width')}>
        {([32, 48] as const).map((w) => (
          <button key={w} type="button" className={w === width ? 'choice active' : 'choice'} onClick={() => setWidth(w)}>
            {t.t(`printer.width.${w}`)}
          </button>
        ))}
      </div>
      <div className="row">
        <button type="button" className="big primary" onClick={() => void save()} data-testid="printer-save">
          {t.t('printer.save')}
        </button>
        <button type="button" className="big secondary" onClick={() => void act('printer.test')} data-testid="printer-test">
          {t.t('printer.test')}
        </button>
        <button type="button" className="big secondary" onClick={() => void act('printer.reprintLast')}>
          {t.t('printer.reprint')}
        </button>
        <button type="button" className="big secondary" onClick={() => void useSimulator()} data-testid="printer-simulator">
          {t.t('printer.simulator')}
        </button>
      </div>
      {simulated !== null ? (
        <pre className="receipt-preview" data-testid="simulated-paper">
          {simulated.join('\n')}
        </pre>
      ) : null}
    </section>
  );
}
