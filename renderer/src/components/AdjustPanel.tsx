import { useRef, useState } from 'react';
import type { CustomerView } from '../../../shared/contract';
import type { AppError } from '../../../shared/errors';
import type { Till } from '../transport/client';
import { useT } from '../i18n';

/**
 * A manager's manual adjustment on the customer card: stamps, points or a reward, added or removed,
 * with a reason the ledger and the audit log keep. Shown to managers only; the main process checks
 * the role again.
 */
export function AdjustPanel({ till, view, onAdjusted, onError }: { till: Till; view: CustomerView; onAdjusted(view: CustomerView): void; onError(error: AppError): void }) {
  const t = useT();
  const assets = [
    ...view.stampCards.map((c) => ({ asset: `stamps:${c.cardId}`, label: t.t('adjust.asset.stamps', { card: t.text(c.name) }) })),
    { asset: 'points', label: t.t('adjust.asset.points') },
    ...view.stampCards.map((c) => ({ asset: `reward:${c.rewardId}`, label: t.t('adjust.asset.reward', { reward: t.text(c.rewardName) }) })),
  ].filter((a, i, all) => all.findIndex((b) => b.asset === a.asset) === i);
  const [open, setOpen] = useState(false);
  const [asset, setAsset] = useState(assets[0]?.asset ?? 'points');
  const [direction, setDirection] = useState<1 | -1>(1);
  const [amount, setAmount] = useState('1');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per adjustment the manager means: a retry after a timeout reuses it.
  const key = useRef<string | null>(null);

  const count = Number.parseInt(amount, 10);
  const valid = Number.isInteger(count) && count > 0 && reason.trim().length >= 3;

  const submit = async () => {
    if (!valid || busy) return;
    setBusy(true);
    key.current ??= crypto.randomUUID();
    const change = direction * count;
    const reply = await till.call('ledger.adjust', { customerId: view.customer.id, asset, change, reason: reason.trim(), idempotencyKey: key.current });
    setBusy(false);
    if (!reply.ok) return onError(reply.error);
    key.current = null;
    setReason('');
    setDone(t.t('adjust.done', { change: change > 0 ? `+${change}` : String(change), balance: reply.value.balance }));
    onAdjusted(reply.value.view);
  };

  return (
    <section className="adjust" data-testid="adjust">
      <button type="button" className="big secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="adjust-open">
        {t.t('adjust.title')}
      </button>
      {open ? (
        <div className="adjust-form">
          <label>
            {t.t('adjust.asset')}
            <select value={asset} onChange={(e) => (setAsset(e.target.value), (key.current = null))} data-testid="adjust-asset">
              {assets.map((a) => (
                <option key={a.asset} value={a.asset}>
                  {a.label}
                </option>
              ))}
            </select>
          </label>
          <div className="row" role="radiogroup">
            {([1, -1] as const).map((d) => (
              <button
                key={d}
                type="button"
                role="radio"
                aria-checked={direction === d}
                className={direction === d ? 'choice active' : 'choice'}
                onClick={() => (setDirection(d), (key.current = null))}
                data-testid={d > 0 ? 'adjust-add' : 'adjust-remove'}
              >
                {t.t(d > 0 ? 'adjust.add' : 'adjust.remove')}
              </button>
            ))}
          </div>
          <label>
            {t.t('adjust.amount')}
            <input inputMode="numeric" value={amount} onChange={(e) => (setAmount(e.target.value.replace(/\D/g, '')), (key.current = null))} data-testid="adjust-amount" />
          </label>
          <label>
            {t.t('adjust.reason')}
            <input value={reason} maxLength={200} onChange={(e) => (setReason(e.target.value), (key.current = null))} data-testid="adjust-reason" />
          </label>
          <button type="button" className="big primary" disabled={!valid || busy} onClick={() => void submit()} data-testid="adjust-submit">
            {t.t('adjust.submit')}
          </button>
          {done ? (
            <p className="ok" role="status" data-testid="adjust-done">
              {done}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
