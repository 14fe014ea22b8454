import { useCallback, useEffect, useState } from 'react';
import type { SaleSummary, StaffSession } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { PinPad } from './PinPad';

const reasons = ['wrong_order', 'customer_unhappy', 'payment_failed'] as const;

/** The shift's sales, each refundable or voidable with a reason and a manager's approval. */
export function RecentSales({ till, staff, currency, onChange }: { till: Till; staff: StaffSession['staff']; currency: string; onChange(): void }) {
  const t = useT();
  const [sales, setSales] = useState<SaleSummary[]>([]);
  const [undoing, setUndoing] = useState<{ saleId: string; kind: 'refund' | 'void'; reason: string | null; needsPin: boolean } | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [reprinted, setReprinted] = useState<number | null>(null);
  /** What a refund could not take back because it was already spent (issue 6). */
  const [owedNotes, setOwedNotes] = useState<string[]>([]);

  const load = useCallback(async () => {
    const reply = await till.call('sale.recent', {});
    if (reply.ok) setSales(reply.value);
  }, [till]);
  useEffect(() => void load(), [load]);

  const submit = async (saleId: string, kind: 'refund' | 'void', reasonKey: string, managerPin?: string) => {
    const reply = await till.call('sale.refund', {
      saleId,
      kind,
      reason: t.t(`sales.reason.${reasonKey}`),
      idempotencyKey: `${saleId}-${kind}`,
      ...(managerPin ? { managerPin } : {}),
    });
    if (!reply.ok) {
      if (reply.error.code === 'auth.manager_pin_required') return setUndoing({ saleId, kind, reason: reasonKey, needsPin: true });
      return setError(reply.error);
    }
    setUndoing(null);
    setError(null);
    setOwedNotes(reply.value.notes.map((n) => t.t(n.key, n.params)));
    await load();
    onChange();
  };

  const reprint = async (sale: SaleSummary) => {
    const reply = await till.call('receipt.printSale', { saleId: sale.saleId });
    setError(reply.ok ? null : reply.error);
    setReprinted(reply.ok ? sale.number : null);
  };

  return (
    <section className="panel" data-testid="recent-sales">
      <h3>{t.t('sales.recent')}</h3>
      {error ? <p className="error">{t.error(error)}</p> : null}
      {owedNotes.length > 0 ? (
        <p className="ok" role="status" data-testid="refund-owed">
          {owedNotes.join(' ')}
        </p>
      ) : null}
      {reprinted !== null ? (
        <p className="ok" role="status">
          {t.t('sales.reprinted', { number: reprinted })}
        </p>
      ) : null}
      <ul className="device-list">
        {sales.map((s) => (
          <li key={s.saleId} className="device">
            <span className="device-name">№ {s.number}</span>
            <span>{t.money(s.totalMinor, currency)}</span>
            <span className="muted">
              {s.customerName ?? '—'} · {s.staffName} · {t.dateTime(s.createdAt)}
            </span>
            <button type="button" className="secondary" onClick={() => void reprint(s)} data-testid={`reprint-${s.number}`}>
              {t.t('sales.reprint')}
            </button>
            {s.refunded ? (
              <span className="tag">{t.t(`sales.${s.refunded}ed`)}</span>
            ) : (
              <>
                <button type="button" className="secondary" onClick={() => setUndoing({ saleId: s.saleId, kind: 'refund', reason: null, needsPin: false })} data-testid={`refund-${s.number}`}>
                  {t.t('sales.refund')}
                </button>
                <button type="button" className="secondary" onClick={() => setUndoing({ saleId: s.saleId, kind: 'void', reason: null, needsPin: false })}>
                  {t.t('sales.void')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {undoing ? (
        <div className="undo">
          {undoing.needsPin && undoing.reason && staff.role !== 'manager' ? (
            <PinPad busy={false} label={t.t('counter.undo.managerPin')} onSubmit={(pin) => void submit(undoing.saleId, undoing.kind, undoing.reason!, pin)} />
          ) : (
            <div className="reasons">
              {reasons.map((r) => (
                <button key={r} type="button" className="big secondary" onClick={() => void submit(undoing.saleId, undoing.kind, r)}>
                  {t.t(`sales.reason.${r}`)}
                </button>
              ))}
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
