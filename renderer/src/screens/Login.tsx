import { useEffect, useState } from 'react';
import type { StaffSession, StaffSummary } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { PinPad } from '../components/PinPad';

/** Tap your name, type your PIN. */
export function Login({ till, onLogin }: { till: Till; onLogin(session: StaffSession): void }) {
  const t = useT();
  const [staff, setStaff] = useState<StaffSummary[]>([]);
  const [chosen, setChosen] = useState<StaffSummary | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void till.call('staff.list', {}).then((reply) => reply.ok && setStaff(reply.value));
  }, [till]);

  const submit = async (pin: string) => {
    if (!chosen) return;
    setBusy(true);
    const reply = await till.call('staff.login', { staffId: chosen.id, pin });
    setBusy(false);
    if (reply.ok) onLogin(reply.value);
    else setError(reply.error);
  };

  if (!chosen) {
    return (
      <section className="login">
        <h1>{t.t('login.who')}</h1>
        <div className="staff-tiles">
          {staff.map((s) => (
            <button key={s.id} type="button" className="tile" onClick={() => (setChosen(s), setError(null))}>
              <span className="tile-name">{s.name}</span>
              <span className="tile-role">{t.t(`role.${s.role}`)}</span>
            </button>
          ))}
        </div>
      </section>
    );
  }
  return (
    <section className="login">
      <h1>{t.t('login.pin', { name: chosen.name })}</h1>
      {error ? (
        <p className="error" role="alert">
          {t.error(error)}
        </p>
      ) : null}
      <PinPad onSubmit={(pin) => void submit(pin)} busy={busy} label={t.t('login.pin', { name: chosen.name })} />
      <button type="button" className="link" onClick={() => setChosen(null)}>
        {t.t('login.back')}
      </button>
    </section>
  );
}
