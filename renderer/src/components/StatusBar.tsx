import { useEffect, useState } from 'react';
import type { StaffSession, StoreInfo } from '../../../shared/contract';
import { locales, type Locale } from '../../../shared/i18n';
import type { Till } from '../transport/client';
import type { AppError } from '../../../shared/errors';
import { useT } from '../i18n';
import type { Screen } from '../App';
import { SyncStatus } from './SyncStatus';
import { printerLight } from '../../../shared/receipt/printer';

interface Props {
  till: Till;
  store: StoreInfo | null;
  staff: StaffSession['staff'] | null;
  onLogout(): void;
  onLanguage(language: Locale): void;
  screen: Screen;
  /** Switch between the counter, the shift and (managers) settings. */
  onScreen: ((screen: Screen) => void) | null;
}

type PrinterState = { state: 'none' } | { state: 'ready' } | { state: 'warning' } | { state: 'problem'; detail: string };

/** Store, who is logged in, language, whether the till is in touch with HQ (SyncStatus) and the printer ready: always visible. */
export function StatusBar({ till, store, staff, onLogout, onLanguage, screen, onScreen }: Props) {
  const t = useT();
  const [printer, setPrinter] = useState<PrinterState>({ state: 'none' });

  useEffect(() => {
    void till.call('printer.get', {}).then((r) => {
      if (!r.ok) return;
      const { light, detail } = printerLight(r.value.state);
      setPrinter(light === 'problem' ? { state: 'problem', detail: detail ?? 'printer.offline' } : { state: light });
    });
    const stopEvents = till.onEvent((event) => {
      if (event.type === 'device.status' && event.kind === 'printer') {
        setPrinter(event.status === 'none' || event.status === 'ready' || event.status === 'warning' ? { state: event.status } : { state: 'problem', detail: event.detail ?? event.status });
      }
    });
    return () => {
      stopEvents();
    };
  }, [till]);

  return (
    <header className="status-bar">
      <span className="store">{store?.storeName ?? t.t('app.title')}</span>
      <span
        className={printer.state === 'problem' ? 'pill warn' : printer.state === 'ready' ? 'pill ok' : 'pill muted'}
        // Amber: paper running low, still printing (red is a problem that stops printing).
        style={printer.state === 'warning' ? { background: '#a15c00', color: '#fff' } : undefined}
        data-testid="printer-status"
        data-light={printer.state}
      >
        {printer.state === 'none'
          ? t.t('status.printer.none')
          : printer.state === 'ready'
            ? t.t('status.printer.ready')
            : printer.state === 'warning'
              ? t.t('status.printer.nearEnd')
              : t.error({ code: printer.detail as AppError['code'] })}
      </span>
      {staff ? <SyncStatus till={till} /> : null}
      <span className="spacer" />
      <span className="languages" role="group">
        {locales.map((l) => (
          <button key={l} type="button" className={l === t.locale ? 'lang active' : 'lang'} onClick={() => onLanguage(l)} aria-pressed={l === t.locale}>
            {l.toUpperCase()}
          </button>
        ))}
      </span>
      {onScreen && staff ? (
        <span className="screens" role="tablist">
          {(['counter', 'shift', 'program', 'settings'] as const)
            .filter((s) => (s === 'settings' || s === 'program' ? staff.role === 'manager' : s === 'shift' ? staff.role !== 'barista' : true))
            .map((s) => (
              <button key={s} type="button" role="tab" aria-selected={screen === s} className={screen === s ? 'lang active' : 'lang'} onClick={() => onScreen(s)} data-testid={`screen-${s}`}>
                {t.t(s === 'counter' ? 'app.counter' : s === 'shift' ? 'shift.open' : s === 'program' ? 'program.open' : 'settings.open')}
              </button>
            ))}
        </span>
      ) : null}
      {staff ? (
        <>
          <span className="staff">
            {staff.name} · {t.t(`role.${staff.role}`)}
          </span>
          <button type="button" className="logout" onClick={onLogout}>
            {t.t('status.logout')}
          </button>
        </>
      ) : null}
    </header>
  );
}
