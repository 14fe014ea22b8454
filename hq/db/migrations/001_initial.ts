/**
 * HQ's first schema. One dialect for PGlite (PostgreSQL 18) and PostgreSQL 15+.
 *
 * Times are epoch ms in bigint (HQ's clock in `received_at`, the terminal's in `created_at`).
 * `events` and `ledger_entries` are declared PARTITION BY LIST (organisation_id): each organisation
 * gets its own partitions when it is created (hq/db/partitions.ts), a DEFAULT partition catches
 * anything else. Every key of a partitioned table leads with organisation_id, which is also what
 * Citus needs of a distribution column (docs/scaling.md).
 */
export const name = 'initial';

export const up = `
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  conflict_policy text NOT NULL CHECK (conflict_policy IN ('write_off', 'carry_negative')),
  allowance_policy jsonb NOT NULL,
  allowance_public_key text NOT NULL,
  allowance_private_key text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE stores (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  currency text NOT NULL CHECK (currency IN ('EUR', 'BGN', 'RUB')),
  time_zone text NOT NULL,
  created_at bigint NOT NULL
);
CREATE INDEX stores_by_organisation ON stores (organisation_id);

CREATE TABLE enrol_codes (
  code_hash text PRIMARY KEY,
  store_id uuid NOT NULL REFERENCES stores (id),
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  used_at bigint,
  used_by uuid
);

CREATE TABLE terminals (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  store_id uuid NOT NULL REFERENCES stores (id),
  name text NOT NULL,
  secret_hash text NOT NULL,
  enrolled_at bigint NOT NULL,
  revoked_at bigint,
  last_seen_at bigint,
  last_push_at bigint,
  -- the terminal's clock in its last batch, to show how far off it is
  last_sent_at bigint,
  -- every event 1..acked_seq of this terminal is stored (pushes must continue from here)
  acked_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX terminals_by_store ON terminals (store_id);

CREATE TABLE events (
  organisation_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  seq bigint NOT NULL,
  id uuid NOT NULL,
  store_id uuid NOT NULL,
  type text NOT NULL,
  hlc text NOT NULL,
  created_at bigint NOT NULL,
  received_at bigint NOT NULL,
  customer_id uuid,
  payload jsonb NOT NULL,
  PRIMARY KEY (organisation_id, terminal_id, seq),
  UNIQUE (organisation_id, id)
) PARTITION BY LIST (organisation_id);
CREATE TABLE events_default PARTITION OF events DEFAULT;

CREATE TABLE ledger_entries (
  organisation_id uuid NOT NULL,
  id uuid NOT NULL,
  customer_id uuid NOT NULL,
  operation_id uuid NOT NULL,
  command text NOT NULL,
  asset text NOT NULL,
  delta bigint NOT NULL,
  kind text NOT NULL,
  terminal_id uuid NOT NULL,
  terminal_seq bigint NOT NULL,
  store_id uuid,
  created_at bigint NOT NULL,
  received_at bigint NOT NULL,
  entry jsonb NOT NULL,
  PRIMARY KEY (organisation_id, id)
) PARTITION BY LIST (organisation_id);
CREATE TABLE ledger_entries_default PARTITION OF ledger_entries DEFAULT;
CREATE INDEX ledger_by_customer ON ledger_entries (organisation_id, customer_id, asset, received_at);

CREATE TABLE balances (
  organisation_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  asset text NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (organisation_id, customer_id, asset)
);

CREATE TABLE customers (
  organisation_id uuid NOT NULL,
  id uuid NOT NULL,
  home_store_id uuid NOT NULL,
  name text NOT NULL,
  phone text,
  email text,
  birthday text,
  language text NOT NULL,
  marketing_consent boolean NOT NULL,
  marketing_consent_at bigint,
  enrolled_at bigint NOT NULL,
  enrolled_by text NOT NULL,
  PRIMARY KEY (organisation_id, id)
);
CREATE INDEX customers_by_phone ON customers (organisation_id, phone);

CREATE TABLE cards (
  organisation_id uuid NOT NULL,
  code text NOT NULL,
  customer_id uuid NOT NULL,
  linked_at bigint NOT NULL,
  blocked boolean NOT NULL DEFAULT false,
  blocked_reason text,
  PRIMARY KEY (organisation_id, code)
);
CREATE INDEX cards_by_customer ON cards (organisation_id, customer_id);

-- Which stores know a customer: its home store, and any store that had an event for it or looked it up.
CREATE TABLE store_customers (
  organisation_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  store_id uuid NOT NULL,
  since bigint NOT NULL,
  PRIMARY KEY (organisation_id, customer_id, store_id)
);

CREATE TABLE programs (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  version integer NOT NULL,
  document jsonb NOT NULL,
  published_at bigint NOT NULL,
  PRIMARY KEY (organisation_id, version)
);

CREATE TABLE conflicts (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('double_spend', 'velocity')),
  customer_id uuid NOT NULL,
  asset text NOT NULL,
  operation_id uuid NOT NULL,
  terminal_id uuid NOT NULL,
  other_operation_id uuid,
  other_terminal_id uuid,
  shortfall bigint NOT NULL,
  created_at bigint NOT NULL,
  resolved_at bigint,
  resolution text CHECK (resolution IN ('write_off', 'carry_negative')),
  manager_name text,
  adjust_entry_id uuid
);
CREATE INDEX conflicts_by_organisation ON conflicts (organisation_id, created_at);

-- The change feed. store_id NULL: for every store of the organisation. Cursors are handed out in
-- commit order per organisation (an advisory lock per organisation is held from the feed insert to
-- commit), so a reader never skips a row that commits late.
CREATE TABLE feed (
  cursor bigserial NOT NULL,
  organisation_id uuid NOT NULL,
  store_id uuid,
  origin_terminal_id uuid,
  kind text NOT NULL,
  item jsonb NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (organisation_id, cursor)
);
CREATE INDEX feed_by_audience ON feed (organisation_id, store_id, cursor);
`;
