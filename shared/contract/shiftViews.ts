/** Shift reports as the UI shows and the printer prints them. Money in minor units of `currency`. */
export interface CashMovementView {
  kind: 'in' | 'out';
  amountMinor: number;
  reason: string;
  staffName: string;
  at: number;
}

export interface ShiftView {
  id: string;
  currency: string;
  openedAt: number;
  openedBy: string;
  floatMinor: number;
  closedAt: number | null;
  zNumber: number | null;
}

export interface ShiftReport {
  kind: 'X' | 'Z';
  shift: ShiftView;
  closedBy: string | null;
  cash: {
    floatMinor: number;
    cashInMinor: number;
    cashOutMinor: number;
    cashSalesMinor: number;
    expectedMinor: number;
    countedMinor: number | null;
    differenceMinor: number | null;
    counted: Record<string, number> | null;
    movements: CashMovementView[];
  };
  sales: {
    count: number;
    /** Sum of completed sales in the shift, after discounts; refunds and voids are listed apart. */
    totalMinor: number;
    discountMinor: number;
    /**
     * The discount total by what it was: rewards, the customers' tier discounts, and "other" for
     * whatever sales did not keep apart (sales from before they were told apart); the kinds add up to
     * `discountMinor`, those with nothing are left out. Absent on reports stored before.
     */
    discountsByKind?: { kind: 'reward' | 'tier' | 'other'; minor: number }[];
    byTender: { kind: string; minor: number }[];
    byCategory: { categoryId: string; name: Record<'bg' | 'ru' | 'en', string>; quantity: number; minor: number }[];
    byStaff: { staffName: string; count: number; minor: number }[];
    /** Sales by hour of the store's day (0-23), hours without sales left out. Absent on reports stored before. */
    byHour?: { hour: number; count: number; minor: number }[];
    refunds: { count: number; minor: number };
    voids: { count: number; minor: number };
  };
  loyalty: {
    stampsGiven: number;
    stampsReversed: number;
    rewardsEarned: number;
    rewardsRedeemed: number;
    pointsEarned: number;
    pointsSpent: number;
    newMembers: number;
  };
  /** Business events of this shift that HQ had not acknowledged when the report was made. */
  eventsWaiting: number;
  /**
   * Z-reports: the audit log's head at closing (its record count and last hash, the close itself
   * included), printed and sent to HQ, so records removed from the end of the log are found later.
   */
  audit?: { records: number; headHash: string };
}
