import { useCallback, useEffect, useState } from 'react';
import type { SaleSummary } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { dateOfDay, dayOfIso, isoOfDay, localDay } from '../../../shared/loyalty';

/** How many sales of a day the list shows (receipt.find's default); a busier day's earlier sales are found by number. */
const DAY_LIMIT = 200;

/**
 * 'YYYY-MM-DD' of the store's calendar day `offset` days from now. receipt.find reads a day in the
 * store's time zone, so "today" must be the store's today: a tablet left on UTC in Sofia would
 * otherwise ask for yesterday from 22:00 on and find none of the evening's sales.
 */
const storeDay = (timeZone: string, offset = 0): string => isoOfDay(localDay(Date.now(), timeZone) + offset);
/** The calendar date itself, at the tablet's local midnight, for the title (formatted on the tablet's clock). */
const dayDate = (iso: string): Date => {
  const { year, month, day } = dateOfDay(dayOfIso(iso));
  return new Date(year, month - 1, day);
};

/**
 * A customer comes back for the receipt of an older sale: find it by its number (printed on the
 * receipt) or page through the days, and reprint it with one tap. The reprint is marked as a copy
 * and changes nothing but the paper.
 */
export function FindSale({ till, currency, timeZone }: { till: Till; currency: string; timeZone: string }) {
  const t = useT();
  const [day, setDay] = useState(() => storeDay(timeZone));
  const [number, setNumber] = useState('');
  const [sales, setSales] = useState<SaleSummary[] | null>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [reprinted, setReprinted] = useState<number | null>(null);

  const show = useCallback(
    async (query: { day: string } | { number: number }) => {
      const reply = await till.call('receipt.find', 'day' in query ? { ...query, limit: DAY_LIMIT } : query);
      setReprinted(null);
      if (!reply.ok) return setError(reply.error);
      setError(null);
      setSales(reply.value);
      setTitle('day' in query ? t.t('sales.find.day', { day: t.date(dayDate(query.day).getTime()) }) : `№ ${query.number}`);
    },
    [till, t],
  );
  useEffect(() => void show({ day }), [show, day]);

  const byNumber = () => {
    const n = Number(number.trim());
    if (Number.isInteger(n) && n > 0) void show({ number: n });
  };

  const reprint = async (sale: SaleSummary) => {
    const reply = await till.call('receipt.printSale', { saleId: sale.saleId });
    setError(reply.ok ? null : reply.error);
    setReprinted(reply.ok ? sale.number : null);
  };

  const today = storeDay(timeZone);
  return (
    <section className="panel" data-testid="find-sale">
      <h3>{t.t('sales.find')}</h3>
      <div className="row">
        <button type="button" className={`big ${day === today ? 'primary' : 'secondary'}`} onClick={() => setDay(today)} data-testid="find-today">
          {t.t('sales.find.today')}
        </button>
        <button type="button" className="big secondary" onClick={() => setDay(storeDay(timeZone, -1))} data-testid="find-yesterday">
          {t.t('sales.find.yesterday')}
        </button>
        <button type="button" className="big secondary" onClick={() => setDay((d) => isoOfDay(dayOfIso(d) - 1))} aria-label={t.t('sales.find.previousDay')} data-testid="find-previous">
          ◀
        </button>
        <button type="button" className="big secondary" onClick={() => setDay((d) => isoOfDay(dayOfIso(d) + 1))} aria-label={t.t('sales.find.nextDay')} disabled={day >= today} data-testid="find-next">
          ▶
        </button>
      </div>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          byNumber();
        }}
      >
        <label>
          {t.t('sales.find.number')}
          <input inputMode="numeric" pattern="[0-9]*" value={number} onChange={(e) => setNumber(e.target.value.replace(/\D/g, ''))} data-testid="find-number" />
        </label>
        <button type="submit" className="big secondary" data-testid="find-by-number">
          {t.t('sales.find.byNumber')}
        </button>
      </form>
      {error ? <p className="error">{t.error(error)}</p> : null}
      {reprinted !== null ? (
        <p className="ok" role="status" data-testid="find-reprinted">
          {t.t('sales.reprinted', { number: reprinted })}
        </p>
      ) : null}
      <h4 data-testid="find-title">{title}</h4>
      {sales && sales.length === 0 ? <p className="muted">{t.t('sales.find.none')}</p> : null}
      {sales && sales.length >= DAY_LIMIT ? (
        <p className="muted" data-testid="find-more">
          {t.t('sales.find.more', { count: sales.length })}
        </p>
      ) : null}
      {/* A day's list scrolls in its own box, so a busy day does not push the report off the screen. */}
      <ul className="device-list found-sales">
        {(sales ?? []).map((s) => (
          <li key={s.saleId} className="device" data-testid={`found-${s.number}`}>
            <span className="device-name">№ {s.number}</span>
            <span>{t.money(s.totalMinor, currency)}</span>
            <span className="muted">
              {s.customerName ?? '—'} · {s.staffName} · {t.dateTime(s.createdAt)}
            </span>
            {s.refunded ? <span className="tag">{t.t(`sales.${s.refunded}ed`)}</span> : null}
            <button type="button" className="big secondary" onClick={() => void reprint(s)} data-testid={`find-reprint-${s.number}`}>
              {t.t('sales.reprint')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
