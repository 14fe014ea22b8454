import { useT } from '../i18n';
import { parseMoney } from '../money';

export type Pay = 'cash' | 'card' | 'voucher' | 'split';
/** What the cashier has typed while paying; kept by the order, so cancelling and coming back keeps it. */
export interface PayInputs {
  given: string;
  reference: string;
  part: string;
}
export const noPayInputs: PayInputs = { given: '', reference: '', part: '' };
export type Tender = { kind: 'cash' | 'card' | 'voucher'; amountMinor: number; reference?: string };

/**
 * Each way of paying as the one panel reads it. `other`: the part not paid in cash, on the card
 * terminal or by voucher; its amount is typed in (`amountLabel`) or is the whole total (card). The
 * rest, if any, is cash, with the amount given and the change.
 */
interface Mode {
  other: { kind: 'card' | 'voucher'; amountLabel: string | null } | null;
  referenceLabel: string | null;
  completeId: string;
}
const modes: Record<Pay, Mode> = {
  cash: { other: null, referenceLabel: null, completeId: 'complete-cash' },
  card: { other: { kind: 'card', amountLabel: null }, referenceLabel: 'order.reference', completeId: 'complete-card' },
  voucher: { other: { kind: 'voucher', amountLabel: 'order.voucherAmount' }, referenceLabel: 'order.voucherReference', completeId: 'complete-split' },
  split: { other: { kind: 'card', amountLabel: 'order.cardAmount' }, referenceLabel: 'order.reference', completeId: 'complete-split' },
};

interface Props {
  pay: Pay;
  total: number;
  inputs: PayInputs;
  onInputs(inputs: PayInputs): void;
  busy: boolean;
  money(minor: number): string;
  onCancel(): void;
  onComplete(tenders: Tender[]): void;
}

/** Taking payment for an order: cash with change, the card terminal's reference, a voucher, or card + cash. */
export function PayPanel({ pay, total, inputs, onInputs, busy, money, onCancel, onComplete }: Props) {
  const t = useT();
  const { other, referenceLabel, completeId } = modes[pay];
  const set = (patch: Partial<PayInputs>) => onInputs({ ...inputs, ...patch });
  const givenMinor = parseMoney(inputs.given);
  const part = other === null ? 0 : other.amountLabel === null ? total : Math.min(parseMoney(inputs.part) ?? 0, total);
  const rest = total - part;
  // All cash: what was given against the total. Split: the cash for what is left, none if nothing is.
  const cashGiven = other === null ? givenMinor : rest === 0 ? 0 : givenMinor;
  const takesCash = other === null || rest > 0;
  const tenders: Tender[] = [
    ...(other ? [{ kind: other.kind, amountMinor: part, ...(inputs.reference ? { reference: inputs.reference } : {}) }] : []),
    ...(takesCash ? [{ kind: 'cash' as const, amountMinor: cashGiven ?? 0 }] : []),
  ];
  const partMissing = other !== null && other.amountLabel !== null && part <= 0;
  // All cash shows the change as soon as enough is given (0,00 for the exact amount); a split once more is.
  const showChange = cashGiven !== null && (other === null ? cashGiven >= rest : cashGiven > rest);

  return (
    <div className="pay">
      {other?.amountLabel ? (
        <label>
          {t.t(other.amountLabel)}
          <input inputMode="decimal" value={inputs.part} onChange={(e) => set({ part: e.target.value })} data-testid="part" />
        </label>
      ) : null}
      {referenceLabel ? (
        <label>
          {t.t(referenceLabel)}
          <input value={inputs.reference} onChange={(e) => set({ reference: e.target.value })} data-testid="reference" />
        </label>
      ) : null}
      {takesCash ? (
        <label>
          {other === null ? t.t('order.given') : `${t.t('order.given')} (${money(rest)})`}
          <input inputMode="decimal" value={inputs.given} onChange={(e) => set({ given: e.target.value })} data-testid="given" />
        </label>
      ) : null}
      {showChange ? <p className="change">{t.t('order.change', { amount: money(cashGiven - rest) })}</p> : null}
      <div className="row">
        <button type="button" className="big secondary" onClick={onCancel}>
          {t.t('enrol.cancel')}
        </button>
        {pay === 'cash' ? (
          <button type="button" className="big primary" onClick={() => onComplete([{ kind: 'cash', amountMinor: total }])} disabled={busy} data-testid="exact">
            {t.t('order.exact')}
          </button>
        ) : null}
        <button
          type="button"
          className="big primary"
          disabled={busy || partMissing || (takesCash && (cashGiven === null || cashGiven < rest))}
          onClick={() => onComplete(tenders)}
          data-testid={completeId}
        >
          {t.t('order.complete')}
        </button>
      </div>
    </div>
  );
}
