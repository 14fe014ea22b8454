import { useCallback, useEffect, useState } from 'react';
import type { PrinterInfo } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

/** The receipt printer: where it is, which code-page profile, paper width; status, test print, reprint. */
export function PrinterSettings({ till }: { till: Till }) {
  const t = useT();
  const [info, setInfo] = useState<PrinterInfo | null>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('9100');
  const [profileId, setProfileId] = useState('epson-cp866');
  const [width, setWidth] = useState<32 | 48>(48);
  const [error, setError] = useState<AppError | null>(null);
  const [simulated, setSimulated] = useState<string[] | null>(null);

  const load = useCallback(async () => {
    const reply = await till.call('printer.get', {});
    if (!reply.ok) return;
    setInfo(reply.value);
    const c = reply.value.config;
    if (c.transport === 'simulator') {
      const out = await till.call('printer.simulatorOutput', { limit: 1 });
      if (out.ok) setSimulated(out.value[0]?.lines ?? []);
    }
    if (c.transport === 'tcp') {
      setHost(c.host);
      setPort(String(c.port));
      setProfileId(c.profileId);
      setWidth(c.width);
    }
  }, [till]);
  useEffect(() => {
    void load();
    return till.onEvent((e) => e.type === 'device.status' && e.kind === 'printer' && void load());
  }, [till, load]);

  const save = async () => {
    const reply = await till.call('printer.configure', { printer: { transport: 'tcp', host, port: Number(port) || 9100, profileId, width } });
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setInfo(reply.value);
  };
  const useSimulator = async () => {
    const reply = await till.call('printer.configure', { printer: { transport: 'simulator', profileId, width } });
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setInfo(reply.value);
    setSimulated([]);
  };
  const act = async (name: 'printer.test' | 'printer.reprintLast') => {
    const reply = await till.call(name, {});
    setError(reply.ok ? null : reply.error);
  };

  const state = info?.state;
  return (
    <section className="settings panel" data-testid="printer-settings">
      <h2>{t.t('printer.title')}</h2>
      {state ? (
        <p className={state.lastError ? 'notice error' : 'notice ok'} data-testid="printer-state">
          {!state.configured ? t.t('status.printer.none') : state.lastError ? t.error({ code: state.lastError as AppError['code'] }) : t.t('status.printer.ready')}
          {state.queued > 0 ? ` · ${t.t('printer.queued', { count: state.queued })}` : ''}
        </p>
      ) : null}
      {error ? <p className="error">{t.error(error)}</p> : null}
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
      <div className="row" role="group" aria-label={t.t('printer.profile')}>
        {info?.profiles.map((p) => (
          <button key={p.id} type="button" className={p.id === profileId ? 'choice active' : 'choice'} onClick={() => setProfileId(p.id)}>
            {p.name}
          </button>
        ))}
      </div>
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
