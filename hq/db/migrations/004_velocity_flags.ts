/**
 * Velocity flags at HQ: a customer whose stamps, points or redemptions across all stores in one day
 * go above one of the program's velocity rules is recorded in `conflicts` (kind 'velocity') with
 * the terminal, the staff member and the day; a manager marks it reviewed (no ledger change).
 */
export const name = 'velocity_flags';

export const up = `
ALTER TABLE conflicts ADD COLUMN staff_id text;
ALTER TABLE conflicts ADD COLUMN store_id uuid;
ALTER TABLE conflicts ADD COLUMN rule_id text;
ALTER TABLE conflicts ADD COLUMN day date;
ALTER TABLE conflicts ADD COLUMN day_total bigint;
ALTER TABLE conflicts ADD COLUMN max_per_day bigint;
ALTER TABLE conflicts DROP CONSTRAINT conflicts_resolution_check;
ALTER TABLE conflicts ADD CONSTRAINT conflicts_resolution_check CHECK (resolution IN ('write_off', 'carry_negative', 'reviewed'));
CREATE UNIQUE INDEX conflicts_velocity_once ON conflicts (organisation_id, customer_id, rule_id, day) WHERE kind = 'velocity';
`;
