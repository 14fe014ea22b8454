/**
 * A ledger entry pushed by a terminal is kept once, inside its event's payload: `ledger_entries`
 * keeps the columns HQ queries (customer, asset, delta, kind, times) and leaves `entry` NULL, and
 * readers take the entry from `events` (terminal_id, terminal_seq). Entries HQ makes itself (a
 * conflict's write-off) have no event and keep `entry`.
 */
export const name = 'ledger_entry_from_event';

export const up = `
ALTER TABLE ledger_entries ALTER COLUMN entry DROP NOT NULL;
`;
