import { useEffect, useMemo, useState } from 'react';
import type { CustomerView, SaleResult } from '../../../shared/contract';
import type { Catalogue } from '../../../shared/domain/catalogue';
import type { OrderLine, PricedOrder } from '../../../shared/domain/sale';
import type { LocalText } from '../../../shared/domain/program';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { PayPanel, noPayInputs, type Pay, type PayInputs, type Tender } from '../components/PayPanel';

interface Props {
  till: Till;
  customer: CustomerView | null;
  visitId: string;
  /** A product barcode scanned while the order is open. */
  scannedGtin: { gtin: string; at: number } | null;
  onSold(result: SaleResult): void;
  onError(error: AppError): void;
}

/** Ring up an order: tap quick keys or scan packaged goods, see loyalty price it live, take payment. */
export function Order({ till, customer, visitId, scannedGtin, onSold, onError }: Props) {
  const t = useT();
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [lines, setLines] = useState<OrderLine[]>([]);
  const [rewardIds, setRewardIds] = useState<string[]>([]);
  const [quote, setQuote] = useState<PricedOrder | null>(null);
  const [paying, setPaying] = useState<Pay | null>(null);
  const [payInputs, setPayInputs] = useState<PayInputs>(noPayInputs);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  /** Reward names as the wallet and the points offers gave them: each discount on the order is shown by name. */
  const [rewardNames, setRewardNames] = useState<ReadonlyMap<string, LocalText>>(new Map());
  useEffect(() => {
    const named = [...(customer?.rewards ?? []).map((r) => [r.rewardId, r.name] as const), ...(quote?.offers ?? []).map((o) => [o.rewardId, o.name] as const)];
    if (named.some(([id]) => !rewardNames.has(id))) setRewardNames((m) => new Map([...m, ...named]));
  }, [customer, quote, rewardNames]);

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
    void till.call('sale.quote', { lines, rewardIds, ...(customer ? { customerId: customer.customer.id } : {}) }).then((r) => {
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
  }, [till, lines, rewardIds, customer, onError]);

  const money = (minor: number) => t.money(minor, catalogue?.currency ?? 'EUR');
  // Search looks through every category, in every language, and by barcode.
  const items = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    if (q === '') return catalogue?.items.filter((i) => i.categoryId === category) ?? [];
    return catalogue?.items.filter((i) => i.barcode === q || Object.values(i.name).some((n) => n.toLocaleLowerCase().includes(q))) ?? [];
  }, [catalogue, category, query]);
  const rewardCounts = new Map<string, number>();
  for (const r of customer?.rewards ?? []) rewardCounts.set(r.rewardId, (rewardCounts.get(r.rewardId) ?? 0) + 1);
  const usable = [...rewardCounts.entries()].filter(([id, n]) => rewardIds.filter((r) => r === id).length < n);

  const complete = async (tenders: Tender[]) => {
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
    setPayInputs(noPayInputs);
    setKey(crypto.randomUUID());
    onSold(reply.value);
  };

  const total = quote?.totalMinor ?? 0;
  return (
    <div className="order" data-testid="order">
      <input
        className="search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t.t('order.search')}
        aria-label={t.t('order.search')}
        data-testid="item-search"
      />
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
            <span className="line-name">
              {t.text(l.name)}
              {l.modifierIds.map((id) => {
                const m = catalogue?.modifiers.find((x) => x.id === id);
                return m ? <span key={id} className="muted"> + {t.text(m.name)}</span> : null;
              })}
            </span>
            {l.discountMinor > 0 ? <span className="discount">−{money(l.discountMinor)}</span> : null}
            <span className="line-total">{money(l.totalMinor)}</span>
          </li>
        ))}
      </ol>
      {lines.length > 0 && (catalogue?.modifiers.length ?? 0) > 0 ? (
        <div className="row" aria-label="modifiers">
          {catalogue!.modifiers.map((m) => (
            <button key={m.id} type="button" className="small secondary" onClick={() => setLines((ls) => toggleModifier(ls, m.id))} data-testid={`modifier-${m.id}`}>
              + {t.text(m.name)} {money(m.priceMinor)}
            </button>
          ))}
        </div>
      ) : null}
      {quote && quote.offers.length > 0 ? (
        <div className="row">
          {quote.offers.map((o) => (
            <button key={o.rewardId} type="button" className="big secondary" onClick={() => setRewardIds((ids) => [...ids, o.rewardId])} data-testid={`buy-${o.rewardId}`}>
              {t.t('order.buyReward', { reward: t.text(o.name), points: o.cost, amount: money(o.discountMinor) })}
            </button>
          ))}
        </div>
      ) : null}
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
          {quote.rewards
            .filter((r) => r.discountMinor > 0)
            .map((r, i) => {
              const name = rewardNames.get(r.rewardId);
              return (
                <p key={`${r.rewardId}-${i}`} data-testid={`reward-discount-${r.rewardId}`}>
                  {name ? t.t('order.discount.reward', { reward: t.text(name), amount: money(r.discountMinor) }) : t.t('order.discount.other', { amount: money(r.discountMinor) })}
                </p>
              );
            })}
          {quote.tier ? (
            <p className="ok" data-testid="tier-discount">
              {t.t('order.tierDiscount', { tier: t.text(quote.tier.name), percent: quote.tier.percent, amount: money(quote.tier.discountMinor) })}
            </p>
          ) : null}
          {quote.pointsSpent > 0 ? (
            <p data-testid="points-spent">
              {t.t('order.pointsSpent', { count: quote.pointsSpent })}
            </p>
          ) : null}
          {quote.points > 0 ? (
            <p className="ok" data-testid="points-to-earn">
              {t.t('order.pointsToEarn', { count: quote.points })}
            </p>
          ) : null}
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
          <button type="button" className="big secondary" onClick={() => setPaying('voucher')} data-testid="pay-voucher">
            {t.t('order.pay.voucher')}
          </button>
          <button type="button" className="big secondary" onClick={() => setPaying('split')} data-testid="pay-split">
            {t.t('order.pay.split')}
          </button>
        </div>
      ) : null}
      {quote && paying !== null ? (
        <PayPanel
          pay={paying}
          total={total}
          inputs={payInputs}
          onInputs={setPayInputs}
          busy={busy}
          money={money}
          onCancel={() => setPaying(null)}
          onComplete={(tenders) => void complete(tenders)}
        />
      ) : null}
    </div>
  );
}

/** A modifier (oat milk, an extra shot) goes on the last line rung up; tapping it again takes it off. */
function toggleModifier(lines: OrderLine[], modifierId: string): OrderLine[] {
  const last = lines.length - 1;
  return lines.map((l, i) =>
    i !== last ? l : { ...l, modifierIds: l.modifierIds.includes(modifierId) ? l.modifierIds.filter((m) => m !== modifierId) : [...l.modifierIds, modifierId] },
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
