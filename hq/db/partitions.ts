import type { Queryable } from './sql';

/** The tables partitioned by organisation (LIST on organisation_id); see docs/scaling.md. */
export const partitionedTables = ['events', 'ledger_entries'] as const;

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `events_o_<32 hex>`: built only from a checked UUID, so the name is safe to put in DDL. */
export function partitionName(table: (typeof partitionedTables)[number], organisationId: string): string {
  if (!uuidShape.test(organisationId)) throw new Error(`not an organisation id: ${organisationId}`);
  return `${table}_o_${organisationId.replace(/-/g, '')}`;
}

/** Gives a new organisation its own partition of each partitioned table (in the caller's transaction). */
export async function createOrganisationPartitions(tx: Queryable, organisationId: string): Promise<void> {
  for (const table of partitionedTables) {
    const name = partitionName(table, organisationId);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${name} PARTITION OF ${table} FOR VALUES IN ('${organisationId}')`);
  }
}
