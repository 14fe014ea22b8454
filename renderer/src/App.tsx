import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StaffSession, StoreInfo } from '../../shared/contract';
import type { Locale } from '../../shared/i18n';
import type { Till } from './transport/client';
import { I18n, translator } from './i18n';
import { Login } from './screens/Login';
import { Counter } from './screens/Counter';
import { StatusBar } from './components/StatusBar';
import { Settings } from './screens/Settings';
import { SyncSettings } from './components/SyncSettings';
import { Shift } from './screens/Shift';
import { ProgramEditor } from './screens/ProgramEditor';
import { CatalogueEditor } from './components/CatalogueEditor';
import { StaffAdmin } from './components/StaffAdmin';
import { VelocityFlags } from './components/VelocityFlags';
import { ExportPanel } from './components/ExportPanel';

type Staff = StaffSession['staff'];
export type Screen = 'counter' | 'shift' | 'program' | 'settings';

export function App({ till }: { till: Till }) {
  const [store, setStore] = useState<StoreInfo | null>(null);
  const [staff, setStaff] = useState<Staff | null>(null);
  const [locale, setLocale] = useState<Locale>('bg');
  const [restoring, setRestoring] = useState(till.token() !== null);
  const [screen, setScreen] = useState<Screen>('counter');

  useEffect(() => {
    void till.call('system.info', {}).then((reply) => reply.ok && setStore(reply.value));
    if (till.token() === null) return;
    // A reload keeps the session: ask who it belongs to.
    void till.call('staff.me', {}).then((reply) => {
      if (reply.ok) {
        setStaff(reply.value);
        setLocale(reply.value.language);
      } else till.setToken(null);
      setRestoring(false);
    });
  }, [till]);

  const onLogin = useCallback(
    (session: StaffSession) => {
      till.setToken(session.token);
      setStaff(session.staff);
      setLocale(session.staff.language);
    },
    [till],
  );

  const onLogout = useCallback(() => {
    void till.call('staff.logout', {});
    till.setToken(null);
    setStaff(null);
    setScreen('counter');
  }, [till]);

  const onLanguage = useCallback(
    (language: Locale) => {
      setLocale(language);
      if (staff) void till.call('staff.setLanguage', { language });
    },
    [till, staff],
  );

  /** Any answer saying the session is gone sends the till back to the login screen. */
  const onSessionLost = useCallback(() => {
    till.setToken(null);
    setStaff(null);
  }, [till]);

  const t = useMemo(() => translator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <I18n.Provider value={t}>
      <div className="app">
        <StatusBar
          till={till}
          store={store}
          staff={staff}
          onLogout={onLogout}
          onLanguage={onLanguage}
          screen={screen}
          onScreen={staff ? setScreen : null}
        />
        <main className="main">
          {restoring ? null : staff && store ? (
            screen === 'settings' && staff.role === 'manager' ? (
              <>
                <SyncSettings till={till} />
                <Settings till={till} />
                <CatalogueEditor till={till} />
                <StaffAdmin till={till} />
                <ExportPanel till={till} timeZone={store.timeZone} />
                <VelocityFlags till={till} />
              </>
            ) : screen === 'program' && staff.role === 'manager' ? (
              <ProgramEditor till={till} />
            ) : screen === 'shift' && staff.role !== 'barista' ? (
              <Shift till={till} staff={staff} currency={store.currency} timeZone={store.timeZone} />
            ) : (
              <Counter till={till} store={store} staff={staff} onSessionLost={onSessionLost} />
            )
          ) : (
            <Login till={till} onLogin={onLogin} />
          )}
        </main>
      </div>
    </I18n.Provider>
  );
}
