/**
 * Ledger feed items point at the event that carried the operation instead of holding a copy of it:
 * a push then writes one small feed row per (operation, store) and the page reader builds the item
 * from `events` (an index lookup by primary key). Rows written before this keep their `item`.
 */
export const name = 'feed_event_refs';

export const up = `
ALTER TABLE feed ADD COLUMN event_terminal_id uuid;
ALTER TABLE feed ADD COLUMN event_seq bigint;
ALTER TABLE feed ALTER COLUMN item DROP NOT NULL;
ALTER TABLE feed ADD CONSTRAINT feed_item_or_event CHECK (item IS NOT NULL OR (event_terminal_id IS NOT NULL AND event_seq IS NOT NULL));
`;
