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
  /** An anchor copied off a paper Z-report (or given by HQ): its number, record count and last hash. */
  const [anchor, setAnchor] = useState({ zNumber: '', records: '', headHash: '' });
  const [entered, setEntered] = useState<number | null>(null);
  const [incomplete, setIncomplete] = useState(false);

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
    setEntered(null);
    if (reply.ok) setVerdict(reply.value);
    else setError(reply.error);
  };

  const verifyAnchor = async () => {
    const zNumber = Number(anchor.zNumber);
    const records = Number(anchor.records);
    const headHash = anchor.headHash.replace(/\s+/g, '').toLowerCase();
    const complete = zNumber > 0 && records > 0 && /^[0-9a-f]{64}$/.test(headHash);
    setIncomplete(!complete);
    if (!complete) return;
    const reply = await till.call('audit.verify', { anchor: { zNumber, records, headHash } });
    if (!reply.ok) return setError(reply.error);
    setError(null);
    setEntered(records);
    setVerdict(reply.value);
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
      {verdict?.entered && entered !== null ? (
        <p className={verdict.entered === 'agrees' ? 'ok' : 'notice error'} role="status" data-testid="audit-entered">
          {t.t(`audit.entered.${verdict.entered}`, { records: entered })}
        </p>
      ) : null}
      <h3>{t.t('audit.anchor.title')}</h3>
      <p className="muted">{t.t('audit.anchor.hint')}</p>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void verifyAnchor();
        }}
      >
        <label>
          {t.t('audit.anchor.z')}
          <input inputMode="numeric" value={anchor.zNumber} onChange={(e) => setAnchor((a) => ({ ...a, zNumber: e.target.value.replace(/\D/g, '') }))} data-testid="anchor-z" />
        </label>
        <label>
          {t.t('audit.anchor.records')}
          <input inputMode="numeric" value={anchor.records} onChange={(e) => setAnchor((a) => ({ ...a, records: e.target.value.replace(/\D/g, '') }))} data-testid="anchor-records" />
        </label>
        <label className="wide">
          {t.t('audit.anchor.head')}
          <input
            autoCapitalize="off"
            autoComplete="off"
            spellCheck={false}
            value={anchor.headHash}
            onChange={(e) => setAnchor((a) => ({ ...a, headHash: e.target.value.replace(/[^0-9a-fA-F\s]/g, '') }))}
            placeholder="1a2b3c4d 5e6f…"
            data-testid="anchor-head"
          />
        </label>
        <button type="submit" className="big secondary" data-testid="verify-anchor">
          {t.t('audit.anchor.check')}
        </button>
      </form>
      {incomplete ? (
        <p className="notice error" role="alert">
          {t.t('audit.anchor.incomplete')}
        </p>
      ) : null}
    </section>
  );
}
