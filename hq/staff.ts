import { randomBytes, scryptSync } from 'node:crypto';
import type { HqDeps } from './deps';
import { HqError } from './errors';
import { lockFeed } from './sync/feed';

export type StaffRole = 'cashier' | 'barista' | 'manager';

export interface StaffView {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  updatedAt: number;
}

/** What an owner sends: a PIN (hashed here at once, never stored or logged) or a hash made elsewhere. */
export interface StaffInput {
  organisationId: string;
  /** Omitted: a new staff member. */
  id?: string;
  name: string;
  role: StaffRole;
  pin?: string;
  pinHash?: string;
  active?: boolean;
}

const ROLES: readonly StaffRole[] = ['cashier', 'barista', 'manager'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The terminal's format (electron/core/pin.ts): `scrypt$N$r$p$salt$hash`, base64 salt and hash. */
const PIN_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

/** The same scrypt parameters and format as the terminal, so a till verifies an HQ hash as its own. */
export function hashStaffPin(pin: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Adds or changes a staff member of the organisation and sends it to every store's terminals as a
 * `staff` feed item (carrying the PIN's scrypt hash only). A change without a new PIN keeps the old
 * hash. Staff are never deleted: `active: false` takes them off every till.
 */
export async function saveStaff(deps: HqDeps, input: StaffInput): Promise<StaffView> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw new HqError('admin.invalid', { field: 'name' });
  if (!ROLES.includes(input.role)) throw new HqError('admin.invalid', { field: 'role' });
  if (input.id !== undefined && !UUID.test(input.id)) throw new HqError('admin.invalid', { field: 'id' });
  if (input.pin !== undefined && !/^\d{4,8}$/.test(input.pin)) throw new HqError('admin.invalid', { field: 'pin' });
  if (input.pinHash !== undefined && !PIN_HASH.test(input.pinHash)) throw new HqError('admin.invalid', { field: 'pinHash' });
  const given = input.pin !== undefined ? hashStaffPin(input.pin) : input.pinHash;
  const org = input.organisationId;
  return deps.sql.transaction(async (tx) => {
    const [known] = await tx.query('SELECT 1 FROM organisations WHERE id = $1', [org]);
    if (!known) throw new HqError('admin.not_found', { what: 'organisation' });
    const id = input.id ?? deps.newId();
    const [held] = await tx.query<{ pin_hash: string; active: boolean }>('SELECT pin_hash, active FROM staff WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [org, id]);
    const pinHash = given ?? held?.pin_hash;
    if (pinHash === undefined) throw new HqError('admin.invalid', { field: 'pin' });
    const active = input.active ?? held?.active ?? true;
    const now = deps.now();
    await tx.query(
      `INSERT INTO staff (organisation_id, id, name, role, pin_hash, active, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (organisation_id, id) DO UPDATE SET name = excluded.name, role = excluded.role, pin_hash = excluded.pin_hash, active = excluded.active, updated_at = excluded.updated_at`,
      [org, id, name, input.role, pinHash, active, now],
    );
    await lockFeed(tx, org);
    await tx.query(`INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at) VALUES ($1, NULL, NULL, 'staff', $2::jsonb, $3)`, [
      org,
      JSON.stringify({ kind: 'staff', staff: { id, name, role: input.role, pinHash, active } }),
      now,
    ]);
    return { id, name, role: input.role, active, updatedAt: now };
  });
}

/** The organisation's staff for HQ admin (never their PIN hashes). */
export async function listStaff(deps: HqDeps, organisationId: string): Promise<StaffView[]> {
  const rows = await deps.sql.query<{ id: string; name: string; role: StaffRole; active: boolean; updated_at: number }>(
    'SELECT id::text, name, role, active, updated_at FROM staff WHERE organisation_id = $1 ORDER BY name, id',
    [organisationId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, active: r.active, updatedAt: r.updated_at }));
}
