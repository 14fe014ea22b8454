import { useCallback, useEffect, useState } from 'react';
import type { ShiftReport, ShiftView, StaffSession } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import { denominations, currencies, type Currency } from '../../../shared/money/denominations';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { parseMoney } from '../money';
import { PinPad } from '../components/PinPad';
import { Report } from '../components/Report';
import { RecentSales } from '../components/RecentSales';
import { FindSale } from '../components/FindSale';

/** Open with a float, cash in and out, X-report at any time, close with a count by denomination. */
export function Shift({ till, staff, currency, timeZone }: { till: Till; staff: StaffSession['staff']; currency: string; timeZone: string }) {
  const t = useT();
  const [shift, setShift] = useState<ShiftView | null | undefined>(undefined);
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [closing, setClosing] = useState(false);
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [needPin, setNeedPin] = useState(false);
  const [zNumber, setZNumber] = useState('');
  const cur: Currency = (currencies as readonly string[]).includes(currency) ? (currency as Currency) : 'EUR';
  const money = (minor: number) => t.money(minor, cur);

  const load = useCallback(async () => {
    const current = await till.call('shift.current', {});
    if (!current.ok) return setError(current.error);
    setShift(current.value);
    if (current.value) {
      const x = await till.call('shift.xReport', {});
      if (x.ok) setReport(x.value);
    }
  }, [till]);
  useEffect(() => void load(), [load]);

  const open = async () => {
    const floatMinor = parseMoney(amount);
    if (floatMinor === null) return;
    const reply = await till.call('shift.open', { floatMinor, idempotencyKey: crypto.randomUUID() });
    if (!reply.ok) return setError(reply.error);
    setAmount('');
    setError(null);
    await load();
  };

  const cash = async (kind: 'in' | 'out') => {
    const amountMinor = parseMoney(amount);
    if (amountMinor === null || amountMinor === 0) return;
    const reply = await till.call('shift.cash', { kind, amountMinor, reason, idempotencyKey: crypto.randomUUID() });
    if (!reply.ok) return setError(reply.error);
    setReport(reply.value);
    setAmount('');
    setReason('');
    setError(null);
  };

  const close = async (managerPin?: string) => {
    const counted = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    const reply = await till.call('shift.close', { counted, idempotencyKey: crypto.randomUUID(), ...(managerPin ? { managerPin } : {}) });
    if (!reply.ok) {
      if (reply.error.code === 'auth.manager_pin_required') return setNeedPin(true);
      return setError(reply.error);
    }
    setReport(reply.value);
    setShift(null);
    setClosing(false);
    setNeedPin(false);
    setCounts({});
    setError(null);
  };

  // A closed shift's Z-report stays viewable, exactly as it was printed.
  const showZ = async () => {
    const n = Number(zNumber);
    if (!Number.isInteger(n) || n < 1) return;
    const reply = await till.call('shift.zReport', { zNumber: n });
    if (!reply.ok) return setError(reply.error);
    setReport(reply.value);
    setError(null);
  };

  const countedMinor = Object.entries(counts).reduce((s, [d, n]) => s + Number(d) * n, 0);
  if (shift === undefined) return null;
  return (
    <section className="shift" data-testid="shift">
      {error ? (
        <p className="notice error" role="alert">
          {t.error(error)}
        </p>
      ) : null}
      {shift === null ? (
        <div className="panel">
          <p>{t.t('shift.none')}</p>
          <label>
            {t.t('shift.float')}
            <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} data-testid="float" />
          </label>
          <button type="button" className="big primary" onClick={() => void open()} data-testid="open-shift">
            {t.t('shift.openNow')}
          </button>
          {staff.role === 'manager' ? (
            <div className="row">
              <label>
                {t.t('shift.zNumber')}
                <input inputMode="numeric" value={zNumber} onChange={(e) => setZNumber(e.target.value.replace(/\D/g, ''))} data-testid="z-number" />
              </label>
              <button type="button" className="big secondary" onClick={() => void showZ()} data-testid="show-z">
                {t.t('shift.viewZ')}
              </button>
            </div>
          ) : null}
        </div>
      ) : closing ? (
        <div className="panel">
          <h2>{t.t('shift.count')}</h2>
          <div className="denominations">
            {denominations[cur].map((d) => (
              <label key={d} className="denomination">
                {money(d)}
                <input
                  inputMode="numeric"
                  value={counts[String(d)] ?? ''}
                  onChange={(e) => setCounts((c) => ({ ...c, [String(d)]: Math.max(0, Number(e.target.value.replace(/\D/g, '')) || 0) }))}
                  data-testid={`count-${d}`}
                />
              </label>
            ))}
          </div>
          <p className="total" data-testid="counted">
            {t.t('shift.counted', { amount: money(countedMinor) })}
            {report ? ` · ${t.t('report.expected')}: ${money(report.cash.expectedMinor)} · ${t.t('report.difference')}: ${money(countedMinor - report.cash.expectedMinor)}` : ''}
          </p>
          {needPin && staff.role !== 'manager' ? (
            <PinPad busy={false} label={t.t('shift.managerPin')} onSubmit={(pin) => void close(pin)} />
          ) : (
            <div className="row">
              <button type="button" className="big secondary" onClick={() => setClosing(false)}>
                {t.t('enrol.cancel')}
              </button>
              <button type="button" className="big primary" onClick={() => void close()} data-testid="close-shift">
                {t.t('shift.close')}
              </button>
            </div>
          )}
        </div>
      ) : (
        <div className="panel">
          <div className="row">
            <label>
              {t.t('shift.amount')}
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              {t.t('shift.reason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
          </div>
          <div className="row">
            <button type="button" className="big secondary" onClick={() => void cash('in')}>
              {t.t('shift.cashIn')}
            </button>
            <button type="button" className="big secondary" onClick={() => void cash('out')}>
              {t.t('shift.cashOut')}
            </button>
            <button type="button" className="big secondary" onClick={() => void load()}>
              {t.t('shift.x')}
            </button>
            <button type="button" className="big primary" onClick={() => setClosing(true)} data-testid="start-close">
              {t.t('shift.close')}
            </button>
          </div>
        </div>
      )}
      {shift ? <RecentSales till={till} staff={staff} currency={cur} onChange={() => void load()} /> : null}
      {/* Older sales, any shift: a customer back for last week's receipt, shift open or not. */}
      <FindSale till={till} currency={cur} timeZone={timeZone} />
      {report ? (
        <>
          <Report report={report} />
          <button type="button" className="big secondary no-print" onClick={() => window.print()}>
            {t.t('shift.print')}
          </button>
        </>
      ) : null}
    </section>
  );
}
