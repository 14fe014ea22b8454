import type { SaleRecord } from '../../shared/domain/events';

/**
 * The seam for a certified fiscal device (in Bulgaria a fiscal printer registered with the NRA under
 * Ordinance N-18; in Russia an online cash register under 54-FZ). Loyal Till does not replace one:
 * its receipts say they are not fiscal receipts. A shop that needs both plugs its fiscal driver in
 * here; see docs/fiscal.md.
 *
 * `register` is called after a sale has committed, never inside its transaction: a fiscal device
 * that is slow or offline must not block or undo the loyalty side, and the device's own journal is
 * the legal record. A driver queues what it could not print and reports it through `status`.
 */
export interface FiscalDevicePort {
  readonly name: string;
  register(sale: SaleRecord): Promise<FiscalOutcome>;
  refund(saleId: string, amountMinor: number, reason: string): Promise<FiscalOutcome>;
  status(): Promise<{ online: boolean; pending: number; detail: string | null }>;
}

export type FiscalOutcome = { ok: true; fiscalReference: string | null } | { ok: false; code: 'fiscal.offline' | 'fiscal.rejected'; detail: string };

/** The default: no fiscal device. Sales are loyalty records only, and receipts say so. */
export const noFiscalDevice: FiscalDevicePort = {
  name: 'none',
  register: async () => ({ ok: true, fiscalReference: null }),
  refund: async () => ({ ok: true, fiscalReference: null }),
  status: async () => ({ online: true, pending: 0, detail: null }),
};
