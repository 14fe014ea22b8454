import { useEffect, useState } from 'react';
import type { VelocityFlagView } from '../../../shared/contract/program';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

/**
 * Days a customer went above a velocity limit, and who served them: flagged, never blocked, for a
 * manager to look at. On the customer card: that customer's last month; in settings (no
 * `customerId`): the store's last week, with names. Managers only (the main process checks too).
 */
/** `seen` changes after every operation on the customer, so a flag it raised shows at once. */
export function VelocityFlags({ till, customerId, seen }: { till: Till; customerId?: string; seen?: unknown }) {
  const t = useT();
  const [flags, setFlags] = useState<VelocityFlagView[]>([]);
  useEffect(() => {
    let live = true;
    void till.call('loyalty.flags', customerId !== undefined ? { customerId, days: 31 } : { days: 7 }).then((reply) => {
      if (live && reply.ok) setFlags(reply.value);
    });
    return () => {
      live = false;
    };
  }, [till, customerId, seen]);
  if (flags.length === 0 && customerId !== undefined) return null;
  return (
    <section className="panel" data-testid="velocity-flags">
      <h3>{t.t('flags.title')}</h3>
      {flags.length === 0 ? <p className="muted">{t.t('flags.none')}</p> : null}
      <ul>
        {flags.map((f) => (
          <li key={f.id}>
            {t.dateTime(f.createdAt)} · {customerId === undefined ? `${f.customerName} · ` : ''}
            {t.t(`loyalty.flag.${f.metric}`, { count: f.count, max: f.max, staff: f.staffName ?? f.staffId ?? '—' })}
          </li>
        ))}
      </ul>
    </section>
  );
}
