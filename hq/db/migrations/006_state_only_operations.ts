/**
 * Operations that changed only the loyalty engine's state (a visit from a sale that earned nothing,
 * a referral claimed at enrolment, a tier review) arrive as `ledger.recorded` events without
 * entries, so `ledger_entries` has no row for them. A store that starts to know a customer is sent
 * their history from `ledger_entries` and, for these, from their events: this partial index finds a
 * customer's few such events without reading the organisation's whole event log, and costs nothing
 * for the events that carry entries.
 */
export const name = 'state_only_operations';

export const up = `
CREATE INDEX events_state_only ON events (organisation_id, customer_id, received_at)
  WHERE type = 'ledger.recorded' AND payload->'entries' = '[]'::jsonb;
`;
