import { useCallback, useEffect, useState } from 'react';
import type { StaffSummary } from '../../../shared/contract';
import type { AuditVerdict } from '../../../shared/contract/staffAdmin';
import { roles, type Role } from '../../../shared/contract/roles';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

type Verdict = AuditVerdict;

/** A manager adds staff, changes roles, deactivates leavers, resets PINs, and checks the audit log. */
export function StaffAdmin({ till }: { till: Till }) {
  const t = useT();
  const [staff, setStaff] = useState<StaffSummary[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [pin, setPin] = useState('');
  const [pins, setPins] = useState<Record<string, string>>({});
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);

  const refresh = useCallback(async () => {
    const reply = await till.call('staff.list', {});
    if (reply.ok) setStaff(reply.value);
  }, [till]);
  useEffect(() => void refresh(), [refresh]);

  const answer = async (pending: Promise<{ ok: true } | { ok: false; error: AppError }>) => {
    const reply = await pending;
    setDone(reply.ok);
    setError(reply.ok ? null : reply.error);
    if (reply.ok) await refresh();
    return reply.ok;
  };

  const add = async () => {
    if (await answer(till.call('staff.create', { name, role, pin }))) {
      setName('');
      setPin('');
    }
  };

  const verify = async () => {
    const reply = await till.call('audit.verify', {});
    if (reply.ok) setVerdict(reply.value);
    else setError(reply.error);
  };

  return (
    <section className="panel staff-admin" data-testid="staff-admin">
      <h2>{t.t('staff.title')}</h2>
      {error ? (
        <p className="notice error" role="alert">
          {t.error(error)}
        </p>
      ) : done ? (
        <p className="ok" role="status">
          {t.t('staff.saved')}
        </p>
      ) : null}
      <table>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} data-testid={`staff-${s.id}`}>
              <th scope="row">{s.name}</th>
              <td>
                <select value={s.role} onChange={(e) => void answer(till.call('staff.update', { staffId: s.id, role: e.target.value as Role }))} aria-label={t.t('staff.role')}>
                  {roles.map((r) => (
                    <option key={r} value={r}>
                      {t.t(`staff.role.${r}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input inputMode="numeric" value={pins[s.id] ?? ''} onChange={(e) => setPins({ ...pins, [s.id]: e.target.value.replace(/\D/g, '') })} aria-label={t.t('staff.pin')} />
                <button type="button" className="small secondary" onClick={() => void answer(till.call('staff.resetPin', { staffId: s.id, pin: pins[s.id] ?? '' }))}>
                  {t.t('staff.resetPin')}
                </button>
              </td>
              <td>
                <button type="button" className="small secondary" onClick={() => void answer(till.call('staff.update', { staffId: s.id, active: false }))}>
                  {t.t('staff.deactivate')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <label>
          {t.t('staff.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="new-staff-name" />
        </label>
        <label>
          {t.t('staff.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-staff-role">
            {roles.map((r) => (
              <option key={r} value={r}>
                {t.t(`staff.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.t('staff.pin')}
          <input inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} data-testid="new-staff-pin" />
        </label>
        <button type="button" className="big primary" onClick={() => void add()} data-testid="add-staff">
          {t.t('staff.add')}
        </button>
      </div>
      <h2>{t.t('audit.title')}</h2>
      <button type="button" className="big secondary" onClick={() => void verify()} data-testid="verify-audit">
        {t.t('audit.verify')}
      </button>
      {verdict ? (
        <p className={verdict.ok ? 'ok' : 'notice error'} data-testid="audit-verdict">
          {verdict.ok ? t.t('audit.ok', { count: verdict.records }) : t.t(`audit.broken.${verdict.reason}`, { seq: verdict.brokenAt })}
          {verdict.ok && verdict.anchor ? ` ${t.t('audit.anchor.ok', { z: verdict.anchor.zNumber })}` : null}
          {!verdict.ok && verdict.zNumber !== undefined ? ` ${t.t('audit.anchor.broken', { z: verdict.zNumber })}` : null}
        </p>
      ) : null}
    </section>
  );
}
