/**
 * A pushed batch writes one feed row per store that knows its customers, listing the batch's
 * operations for that store (`event_seqs`, the pushing terminal's seqs in order), instead of one row
 * per operation and store: at ingest the per-operation feed row was a fifth of HQ's database time.
 *
 * An item keeps a cursor of its own without a change on the wire: the cursor sequence now steps by
 * 1024 (FEED_ROW_SPAN in hq/sync/feed.ts), and the k-th operation of a row has the row's cursor + k.
 * A row never lists more than 1023 operations (a batch is at most 500 events), so the positions of
 * one row stay below the next row's cursor. Rows written before this step by 1 and hold one item, so
 * a cursor a terminal stored earlier means what it meant.
 */
export const name = 'feed_batch_rows';

export const up = `
ALTER TABLE feed ADD COLUMN event_seqs bigint[];
UPDATE feed SET event_seqs = ARRAY[event_seq] WHERE event_seq IS NOT NULL;
ALTER TABLE feed DROP CONSTRAINT feed_item_or_event;
ALTER TABLE feed DROP COLUMN event_seq;
ALTER TABLE feed ADD CONSTRAINT feed_item_or_events CHECK (item IS NOT NULL OR (event_terminal_id IS NOT NULL AND cardinality(event_seqs) BETWEEN 1 AND 1023));
ALTER SEQUENCE feed_cursor_seq INCREMENT BY 1024;
`;
