import { useEffect, useMemo, useState } from 'react';
import type { CustomerView, SaleResult } from '../../../shared/contract';
import type { Catalogue } from '../../../shared/domain/catalogue';
import type { OrderLine, PricedOrder } from '../../../shared/domain/sale';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { parseMoney } from '../money';

interface Props {
  till: Till;
  customer: CustomerView | null;
  visitId: string;
  /** A product barcode scanned while the order is open. */
  scannedGtin: { gtin: string; at: number } | null;
  onSold(result: SaleResult): void;
  onError(error: AppError): void;
}

type Pay = 'cash' | 'card' | 'voucher';

/** Ring up an order: tap quick keys or scan packaged goods, see loyalty price it live, take payment. */
export function Order({ till, customer, visitId, scannedGtin, onSold, onError }: Props) {
  const t = useT();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [lines, setLines] = useState<OrderLine[]>([]);
  const [rewardIds, setRewardIds] = useState<string[]>([]);
  const [quote, setQuote] = useState<PricedOrder | null>(null);
  const [paying, setPaying] = useState<Pay | null>(null);
  const [given, setGiven] = useState('');
  const [reference, setReference] = useState('');
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    void till.call('catalogue.get', {}).then((r) => {
      if (!r.ok) return;
      setCatalogue(r.value);
      setCategory(r.value.categories[0]?.id ?? null);
    });
  }, [till]);

  useEffect(() => {
    if (!scannedGtin || !catalogue) return;
    const item = catalogue.items.find((i) => i.barcode === scannedGtin.gtin);
    if (item) setLines((ls) => addItem(ls, item.id));
  }, [scannedGtin, catalogue]);

  // Rewards no longer in the wallet (another till, a new customer) are dropped from the order.
  useEffect(() => {
    const available = new Set(customer?.rewards.map((r) => r.rewardId) ?? []);
    setRewardIds((ids) => ids.filter((id) => available.has(id)));
  }, [customer]);

  useEffect(() => {
    if (lines.length === 0) return setQuote(null);
    let current = true;
    void till.call('sale.quote', { lines, rewardIds }).then((r) => {
      if (!current) return;
      if (r.ok) setQuote(r.value);
      else {
        onError(r.error);
        setRewardIds([]);
      }
    });
    return () => {
      current = false;
    };
  }, [till, lines, rewardIds, onError]);

  const money = (minor: number) => t.money(minor, catalogue?.currency ?? 'EUR');
  const items = useMemo(() => catalogue?.items.filter((i) => i.categoryId === category) ?? [], [catalogue, category]);
  const rewardCounts = new Map<string, number>();
  for (const r of customer?.rewards ?? []) rewardCounts.set(r.rewardId, (rewardCounts.get(r.rewardId) ?? 0) + 1);
  const usable = [...rewardCounts.entries()].filter(([id, n]) => rewardIds.filter((r) => r === id).length < n);

  const complete = async (tenders: { kind: Pay; amountMinor: number; reference?: string }[]) => {
    setBusy(true);
    const reply = await till.call('sale.complete', {
      lines,
      rewardIds,
      tenders,
      visitId,
      idempotencyKey: key,
      ...(customer ? { customerId: customer.customer.id } : {}),
    });
    setBusy(false);
    if (!reply.ok) return onError(reply.error);
    setLines([]);
    setRewardIds([]);
    setPaying(null);
    setGiven('');
    setReference('');
    setKey(crypto.randomUUID());
    onSold(reply.value);
  };

  const total = quote?.totalMinor ?? 0;
  const givenMinor = parseMoney(given);
  return (
    <div className="order" data-testid="order">
      <div className="categories" role="tablist">
        {catalogue?.categories.map((c) => (
          <button key={c.id} type="button" role="tab" aria-selected={c.id === category} className={c.id === category ? 'choice active' : 'choice'} onClick={() => setCategory(c.id)}>
            {t.text(c.name)}
          </button>
        ))}
      </div>
      <div className="quick-keys">
        {items.map((item) => (
          <button key={item.id} type="button" className="quick-key" onClick={() => setLines((ls) => addItem(ls, item.id))} data-testid={`item-${item.id}`}>
            <span>{t.text(item.name)}</span>
            <span className="muted">{money(item.priceMinor)}</span>
          </button>
        ))}
      </div>
      <ol className="order-lines" data-testid="order-lines">
        {quote?.lines.map((l, i) => (
          <li key={l.lineNo}>
            <span className="qty">
              <button type="button" className="small secondary" onClick={() => setLines((ls) => changeQuantity(ls, i, -1))} aria-label="−">
                −
              </button>
              {l.quantity}
              <button type="button" className="small secondary" onClick={() => setLines((ls) => changeQuantity(ls, i, 1))} aria-label="+">
                +
              </button>
            </span>
            <span className="line-name">{t.text(l.name)}</span>
            {l.discountMinor > 0 ? <span className="discount">−{money(l.discountMinor)}</span> : null}
            <span className="line-total">{money(l.totalMinor)}</span>
          </li>
        ))}
      </ol>
      {usable.length > 0 && lines.length > 0 ? (
        <div className="row">
          {usable.map(([rewardId]) => (
            <button key={rewardId} type="button" className="big secondary" onClick={() => setRewardIds((ids) => [...ids, rewardId])} data-testid={`apply-${rewardId}`}>
              {t.t('order.applyReward', { reward: t.text(customer!.rewards.find((r) => r.rewardId === rewardId)!.name) })}
            </button>
          ))}
        </div>
      ) : null}
      {quote ? (
        <div className="totals" data-testid="totals">
          {quote.discountMinor > 0 ? <p>{t.t('order.discount', { amount: money(quote.discountMinor) })}</p> : null}
          {quote.stamps.map((s) => (
            <p key={s.cardId} className="ok">
              {t.t('order.stampsToEarn', { count: s.count })}
            </p>
          ))}
          <p className="total">
            {t.t('order.total')} <strong data-testid="total">{money(total)}</strong>
          </p>
        </div>
      ) : (
        <p className="muted">{t.t('order.empty')}</p>
      )}
      {quote && paying === null ? (
        <div className="row">
          <button type="button" className="huge primary" onClick={() => setPaying('cash')} data-testid="pay-cash">
            {t.t('order.pay.cash')}
          </button>
          <button type="button" className="huge secondary" onClick={() => setPaying('card')} data-testid="pay-card">
            {t.t('order.pay.card')}
          </button>
        </div>
      ) : null}
      {quote && paying === 'cash' ? (
        <div className="pay">
          <label>
            {t.t('order.given')}
            <input inputMode="decimal" value={given} onChange={(e) => setGiven(e.target.value)} data-testid="given" />
          </label>
          {givenMinor !== null && givenMinor >= total ? <p className="change">{t.t('order.change', { amount: money(givenMinor - total) })}</p> : null}
          <div className="row">
            <button type="button" className="big secondary" onClick={() => setPaying(null)}>
              {t.t('enrol.cancel')}
            </button>
            <button type="button" className="big primary" onClick={() => void complete([{ kind: 'cash', amountMinor: total }])} disabled={busy} data-testid="exact">
              {t.t('order.exact')}
            </button>
            <button
              type="button"
              className="big primary"
              disabled={busy || givenMinor === null || givenMinor < total}
              onClick={() => void complete([{ kind: 'cash', amountMinor: givenMinor ?? 0 }])}
              data-testid="complete-cash"
            >
              {t.t('order.complete')}
            </button>
          </div>
        </div>
      ) : null}
      {quote && paying === 'card' ? (
        <div className="pay">
          <label>
            {t.t('order.reference')}
            <input value={reference} onChange={(e) => setReference(e.target.value)} data-testid="reference" />
          </label>
          <div className="row">
            <button type="button" className="big secondary" onClick={() => setPaying(null)}>
              {t.t('enrol.cancel')}
            </button>
            <button
              type="button"
              className="big primary"
              disabled={busy}
              onClick={() => void complete([{ kind: 'card', amountMinor: total, ...(reference ? { reference } : {}) }])}
              data-testid="complete-card"
            >
              {t.t('order.complete')}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function addItem(lines: OrderLine[], itemId: string): OrderLine[] {
  const i = lines.findIndex((l) => l.itemId === itemId && l.modifierIds.length === 0);
  if (i < 0) return [...lines, { itemId, quantity: 1, modifierIds: [] }];
  return lines.map((l, j) => (j === i ? { ...l, quantity: Math.min(99, l.quantity + 1) } : l));
}

function changeQuantity(lines: OrderLine[], index: number, by: number): OrderLine[] {
  return lines.flatMap((l, j) => (j !== index ? [l] : l.quantity + by <= 0 ? [] : [{ ...l, quantity: l.quantity + by }]));
}
