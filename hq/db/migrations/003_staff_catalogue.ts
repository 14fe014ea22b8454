/**
 * HQ owns the chain's staff list and catalogue, as it owns the program: an owner edits them once in
 * HQ admin and every store's terminals receive them through the feed (organisation-wide rows).
 * Staff are never deleted (ledger entries and sales name them): `active` false takes them off the
 * tills. PINs are kept only as scrypt hashes, in the terminal's own format. Catalogues are versions,
 * like programs: each publication is a whole catalogue.
 */
export const name = 'staff_catalogue';

export const up = `
CREATE TABLE staff (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  id uuid NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('cashier', 'barista', 'manager')),
  pin_hash text NOT NULL CHECK (pin_hash LIKE 'scrypt$%'),
  active boolean NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (organisation_id, id)
);

CREATE TABLE catalogues (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  version integer NOT NULL,
  document jsonb NOT NULL,
  published_at bigint NOT NULL,
  PRIMARY KEY (organisation_id, version)
);
`;
