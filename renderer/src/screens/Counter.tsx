import { useCallback, useEffect, useRef, useState } from 'react';
import type { CustomerSummary, CustomerView, HistoryEntryView, SaleResult, StaffSession, StoreInfo } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';
import { useWedgeScanner } from '../scanner';
import { StampCard } from '../components/StampCard';
import { History } from '../components/History';
import { PinPad } from '../components/PinPad';
import { GiftIcon } from '../components/Icons';
import { LoyaltyPrompts } from '../components/LoyaltyPrompts';
import { AdjustPanel } from '../components/AdjustPanel';
import { VelocityFlags } from '../components/VelocityFlags';
import { Enrol } from './Enrol';
import { Order } from './Order';

interface Props {
  till: Till;
  store: StoreInfo;
  staff: StaffSession['staff'];
  onSessionLost(): void;
}

type Notice = { kind: 'ok'; text: string } | { kind: 'error'; error: AppError } | null;
interface VisitOperation {
  operationId: string;
  label: string;
}
const undoReasons = ['mistake', 'wrong_customer', 'double', 'customer_changed_mind'] as const;
const newKey = () => crypto.randomUUID();

/** The home screen: find the customer, see the card, stamp, redeem, undo. Nothing in a dialog. */
export function Counter({ till, store, staff, onSessionLost }: Props) {
  const t = useT();
  const [mode, setMode] = useState<'card' | 'order'>('card');
  const [scannedGtin, setScannedGtin] = useState<{ gtin: string; at: number } | null>(null);
  const [view, setView] = useState<CustomerView | null>(null);
  const [visitId, setVisitId] = useState(newKey);
  const [operations, setOperations] = useState<VisitOperation[]>([]);
  const [history, setHistory] = useState<HistoryEntryView[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CustomerSummary[] | null>(null);
  const [enrolCard, setEnrolCard] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [groupOpen, setGroupOpen] = useState(false);
  const [cardFull, setCardFull] = useState(false);
  const [preview, setPreview] = useState<string[] | null>(null);
  const [undoing, setUndoing] = useState<{ operationId: string; reason: string | null; needsManager: boolean } | null>(null);
  /** Per tap: a retried request after a timeout reuses its key, so the server acts once. */
  const pendingKey = useRef<Record<string, string>>({});

  const fail = useCallback(
    (error: AppError) => {
      if (error.code === 'auth.required') onSessionLost();
      else setNotice({ kind: 'error', error });
    },
    [onSessionLost],
  );

  const refreshHistory = useCallback(
    async (customerId: string) => {
      const reply = await till.call('customer.history', { customerId, limit: 30 });
      if (reply.ok) setHistory(reply.value);
    },
    [till],
  );

  const show = useCallback(
    (next: CustomerView, freshVisit: boolean) => {
      setView(next);
      setResults(null);
      setEnrolCard(null);
      setQuery('');
      if (freshVisit) {
        setCardFull(false);
        setPreview(null);
        setVisitId(newKey());
        setOperations([]);
        setUndoing(null);
        setNotice(null);
      }
      void refreshHistory(next.customer.id);
    },
    [refreshHistory],
  );

  const identify = useCallback(
    async (code: string) => {
      if (enrolCard !== null) {
        setEnrolCard(code);
        return;
      }
      const reply = await till.call('customer.identify', { code });
      if (reply.ok) show(reply.value, mode === 'card' || view?.customer.id !== reply.value.customer.id);
      else if (reply.error.code === 'code.product_barcode' && mode === 'order') setScannedGtin({ gtin: String(reply.error.params?.code ?? ''), at: Date.now() });
      else if (reply.error.code === 'customer.card_unknown') {
        setView(null);
        setEnrolCard(String(reply.error.params?.code ?? code));
        setNotice({ kind: 'error', error: reply.error });
      } else fail(reply.error);
    },
    [till, show, fail, enrolCard, mode, view],
  );

  // A burst goes to the till's keyboard device first (repeat window, UID form, bank-card refusal),
  // as the Electron shell's bursts do, and comes back as a device.scan event; a till with no
  // keyboard device configured identifies it here.
  useWedgeScanner((text) => {
    void till.call('device.keyboardScan', { text }).then((reply) => {
      if (!reply.ok || !reply.value.routed) void identify(text);
    });
  });
  useEffect(
    () =>
      till.onEvent((event) => {
        if (event.type !== 'device.scan') return;
        if (!event.result.ok) return fail(event.result.error);
        const scanned = event.result.value;
        if (scanned.kind === 'loyalty') void identify(scanned.code);
        else if (mode === 'order') setScannedGtin({ gtin: scanned.gtin, at: Date.now() });
        else fail({ code: 'code.product_barcode', params: { code: scanned.gtin } });
      }),
    [till, identify, fail, mode],
  );

  const search = async (text: string) => {
    setQuery(text);
    if (text.trim().length < 2) return setResults(null);
    const reply = await till.call('customer.search', { query: text });
    if (reply.ok) setResults(reply.value);
  };

  const open = async (customerId: string) => {
    const reply = await till.call('customer.get', { customerId });
    if (reply.ok) show(reply.value, true);
    else fail(reply.error);
  };

  const once = async <T,>(tap: string, run: (key: string) => Promise<T>): Promise<T | null> => {
    if (busy) return null;
    setBusy(true);
    const key = (pendingKey.current[tap] ??= newKey());
    try {
      return await run(key);
    } finally {
      delete pendingKey.current[tap];
      setBusy(false);
    }
  };

  const stamp = async (count: number) => {
    if (!view) return;
    setGroupOpen(false);
    const reply = await once(`stamp`, (key) => till.call('stamp.add', { customerId: view.customer.id, count, visitId, idempotencyKey: key }));
    if (!reply) return;
    if (!reply.ok) return fail(reply.error);
    setView(reply.value.view);
    setCardFull(reply.value.rewardsEarned > 0);
    setOperations((ops) => [{ operationId: reply.value.operationId, label: t.t('counter.stamped', { count }) }, ...ops]);
    setNotice({ kind: 'ok', text: t.t('counter.stamped', { count }) });
    void refreshHistory(view.customer.id);
  };

  const redeem = async (rewardId: string, name: string) => {
    if (!view) return;
    const reply = await once(`redeem:${rewardId}`, (key) => till.call('reward.redeem', { customerId: view.customer.id, rewardId, visitId, idempotencyKey: key }));
    if (!reply) return;
    if (!reply.ok) return fail(reply.error);
    setView(reply.value.view);
    setCardFull(false);
    setOperations((ops) => [{ operationId: reply.value.operationId, label: t.t('counter.redeemed', { reward: name }) }, ...ops]);
    setNotice({ kind: 'ok', text: t.t('counter.redeemed', { reward: name }) });
    void refreshHistory(view.customer.id);
  };

  const undo = async (operationId: string, reasonKey: string, managerPin?: string) => {
    if (!view) return;
    const reason = t.t(`counter.undo.reason.${reasonKey}`);
    const reply = await once(`undo:${operationId}`, (key) =>
      till.call('ledger.reverse', { operationId, reason, visitId, idempotencyKey: key, ...(managerPin ? { managerPin } : {}) }),
    );
    if (!reply) return;
    if (!reply.ok) {
      if (reply.error.code === 'auth.manager_pin_required') return setUndoing({ operationId, reason: reasonKey, needsManager: true });
      return fail(reply.error);
    }
    setUndoing(null);
    setView(reply.value.view);
    setOperations((ops) => ops.filter((o) => o.operationId !== operationId));
    // What could not be taken back (already spent) is owed: say so (issue 6).
    setNotice({ kind: 'ok', text: [t.t('counter.undone'), ...(reply.value.notes ?? []).map((n) => t.t(n.key, n.params))].join(' ') });
    void refreshHistory(view.customer.id);
  };

  const sold = (result: SaleResult) => {
    if (result.customer) setView(result.customer);
    const amount = t.money(result.changeMinor, store.currency);
    const done = result.changeMinor > 0 ? t.t('order.soldChange', { number: result.number, amount }) : t.t('order.sold', { number: result.number });
    // A partner's coupon the engine chose is said to the cashier as well as printed (answers from before it have none).
    const coupons = (result.receiptExtras ?? []).flatMap((x) => (x.type === 'partner-offer' ? [t.t('order.partnerCoupon', { partner: x.partner, code: x.code })] : []));
    setNotice({ kind: 'ok', text: [done, ...coupons].join(' ') });
    if (result.customer) void refreshHistory(result.customer.customer.id);
  };

  const printReceipt = async () => {
    if (!view) return;
    const reply = await till.call('receipt.print', { customerId: view.customer.id });
    if (!reply.ok) fail(reply.error);
    else setNotice({ kind: 'ok', text: t.t('printer.sent') });
  };
  const togglePreview = async () => {
    if (!view) return;
    if (preview) return setPreview(null);
    const reply = await till.call('receipt.preview', { customerId: view.customer.id });
    if (reply.ok) setPreview(reply.value.lines);
  };

  const card = view?.stampCards[0];
  const canStamp = staff.role !== 'barista';

  return (
    <div className="counter">
      <div className="search-row">
        <input
          className="search"
          type="search"
          inputMode="search"
          value={query}
          onChange={(e) => void search(e.target.value)}
          placeholder={t.t('counter.search')}
          aria-label={t.t('counter.search')}
          data-testid="search"
        />
        <button type="button" className="big secondary" onClick={() => (setView(null), setEnrolCard(''), setNotice(null))}>
          {t.t('counter.enrol')}
        </button>
        {view ? (
          <button type="button" className="big secondary" onClick={() => (setView(null), setHistory([]), setOperations([]), setNotice(null))}>
            {t.t('counter.close')}
          </button>
        ) : null}
      </div>

      <div className="row modes" role="tablist">
        {(['card', 'order'] as const).map((m) => (
          <button key={m} type="button" role="tab" aria-selected={mode === m} className={mode === m ? 'choice active' : 'choice'} onClick={() => setMode(m)} data-testid={`mode-${m}`}>
            {t.t(`counter.mode.${m}`)}
          </button>
        ))}
      </div>

      {notice ? (
        <p className={notice.kind === 'ok' ? 'notice ok' : 'notice error'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="notice">
          {notice.kind === 'ok' ? notice.text : t.error(notice.error)}
        </p>
      ) : null}

      {results !== null ? (
        <ul className="results" data-testid="results">
          {results.length === 0 ? <li className="muted">{t.t('counter.search.none', { query })}</li> : null}
          {results.map((r) => (
            <li key={r.id}>
              <button type="button" className="result" onClick={() => void open(r.id)}>
                <span className="result-name">{r.name}</span>
                <span className="muted">{r.phoneMasked}</span>
                <span className="muted">{r.cardCode}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}

      {mode === 'order' && enrolCard === null ? (
        <div className="customer">
          <Order till={till} customer={view} visitId={visitId} scannedGtin={scannedGtin} onSold={sold} onError={fail} />
          <section className="panel side">
            {view ? (
              <>
                <h2 className="customer-name" data-testid="customer-name">
                  {view.customer.name}
                </h2>
                {card ? <StampCard card={card} /> : null}
                <LoyaltyPrompts till={till} customerId={view.customer.id} refresh={view} />
              </>
            ) : (
              <p className="muted">{t.t('counter.hint')}</p>
            )}
          </section>
        </div>
      ) : enrolCard !== null ? (
        <Enrol
          till={till}
          card={enrolCard}
          onCard={setEnrolCard}
          onDone={(v) => show(v, true)}
          onOpenExisting={(id) => void open(id)}
          onCancel={() => setEnrolCard(null)}
        />
      ) : view ? (
        <div className="customer">
          <section className="panel customer-card" data-testid="customer">
            <h2 className="customer-name" data-testid="customer-name">
              {view.customer.name}
            </h2>
            <p className="muted">
              {view.customer.phoneMasked} · {view.customer.cardCode ? t.t('counter.card', { code: view.customer.cardCode }) : t.t('counter.noCard')} ·{' '}
              {t.t('counter.member.since', { date: t.date(view.customer.enrolledAt) })}
            </p>
            {card ? <StampCard card={card} /> : null}
            <LoyaltyPrompts till={till} customerId={view.customer.id} refresh={view} />
            {cardFull && card ? (
              <p className="banner" data-testid="card-full">
                {t.t('counter.card.full', { reward: t.text(card.rewardName) })}
              </p>
            ) : null}
            {canStamp ? (
              <div className="stamp-buttons">
                <button type="button" className="huge primary" disabled={busy} onClick={() => void stamp(1)} data-testid="stamp-1">
                  {t.t('counter.stamp.plusOne')}
                </button>
                <button type="button" className="huge secondary" onClick={() => setGroupOpen((o) => !o)} aria-expanded={groupOpen}>
                  {t.t('counter.stamp.group')}
                </button>
              </div>
            ) : null}
            <div className="row">
              <button type="button" className="big secondary" onClick={() => void printReceipt()} data-testid="print-receipt">
                {t.t('printer.printReceipt')}
              </button>
              <button type="button" className="big secondary" onClick={() => void togglePreview()} aria-expanded={preview !== null}>
                {t.t('printer.preview')}
              </button>
            </div>
            {preview ? (
              <pre className="receipt-preview" data-testid="receipt-preview">
                {preview.join('\n')}
              </pre>
            ) : null}
            {staff.role === 'manager' ? <AdjustPanel till={till} view={view} onAdjusted={(next) => show(next, false)} onError={fail} /> : null}
            {staff.role === 'manager' ? <VelocityFlags till={till} customerId={view.customer.id} seen={view} /> : null}
            {groupOpen ? (
              <div className="group-buttons">
                {[2, 3, 4, 5, 6, 8].map((n) => (
                  <button key={n} type="button" className="big primary" disabled={busy} onClick={() => void stamp(n)}>
                    {t.t('counter.stamp.plusN', { count: n })}
                  </button>
                ))}
              </div>
            ) : null}
          </section>

          <section className="panel side">
            <h3>{t.t('counter.rewards')}</h3>
            {view.rewards.length === 0 ? <p className="muted">{t.t('counter.rewards.none')}</p> : null}
            <ul className="rewards" data-testid="rewards">
              {view.rewards.map((r, i) => (
                <li key={`${r.lotId}-${i}`} className="reward">
                  <span className="reward-name">
                    <span className="reward-icon">
                      <GiftIcon />
                    </span>
                    {t.text(r.name)}
                  </span>
                  <span className="muted">{t.date(r.earnedAt)}</span>
                  <button type="button" className="big primary" disabled={busy} onClick={() => void redeem(r.rewardId, t.text(r.name))} data-testid="redeem">
                    {t.t('counter.redeem')}
                  </button>
                </li>
              ))}
            </ul>

            {operations.length > 0 ? (
              <ul className="operations" data-testid="operations">
                {operations.slice(0, 3).map((op) => (
                  <li key={op.operationId}>
                    <span>{op.label}</span>
                    <button type="button" className="secondary" onClick={() => setUndoing({ operationId: op.operationId, reason: null, needsManager: false })}>
                      {t.t('counter.undo')}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}

            {undoing ? (
              <div className="undo" data-testid="undo">
                <p>{undoing.needsManager ? t.t('counter.undo.managerPin') : t.t('counter.undo.reason')}</p>
                {undoing.needsManager && undoing.reason ? (
                  <PinPad busy={busy} label={t.t('counter.undo.managerPin')} onSubmit={(pin) => void undo(undoing.operationId, undoing.reason!, pin)} />
                ) : (
                  <div className="reasons">
                    {undoReasons.map((r) => (
                      <button key={r} type="button" className="big secondary" onClick={() => void undo(undoing.operationId, r)}>
                        {t.t(`counter.undo.reason.${r}`)}
                      </button>
                    ))}
                  </div>
                )}
              </div>
            ) : null}

            <h3>{t.t('counter.history')}</h3>
            <History entries={history} onUndo={(operationId) => setUndoing({ operationId, reason: null, needsManager: false })} />
          </section>
        </div>
      ) : (
        <p className="hint" data-testid="hint">
          {t.t('counter.hint')}
        </p>
      )}
    </div>
  );
}
