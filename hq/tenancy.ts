import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EnrolRequest, EnrolResponse } from '../shared/sync/wire';
import { createOrganisationPartitions } from './db/partitions';
import type { HqDeps } from './deps';
import { HqError } from './errors';
import { defaultAllowancePolicy } from './allowance';

export type Currency = 'EUR' | 'BGN' | 'RUB';
export type ConflictPolicy = 'write_off' | 'carry_negative';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export async function createOrganisation(deps: HqDeps, input: { name: string; conflictPolicy?: ConflictPolicy }): Promise<{ id: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new HqError('admin.invalid', { field: 'name' });
  const id = deps.newId();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await deps.sql.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO organisations (id, name, conflict_policy, allowance_policy, allowance_public_key, allowance_private_key, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, name, input.conflictPolicy ?? 'write_off', JSON.stringify(defaultAllowancePolicy), spki, pkcs8, deps.now()],
    );
    await createOrganisationPartitions(tx, id);
  });
  return { id };
}

export async function createStore(
  deps: HqDeps,
  input: { organisationId: string; name: string; currency: Currency; timeZone: string },
): Promise<{ id: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw new HqError('admin.invalid', { field: 'name' });
  if (!['EUR', 'BGN', 'RUB'].includes(input.currency)) throw new HqError('admin.invalid', { field: 'currency' });
  try {
    new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
  } catch {
    throw new HqError('admin.invalid', { field: 'timeZone' });
  }
  const org = await deps.sql.query('SELECT 1 FROM organisations WHERE id = $1', [input.organisationId]);
  if (org.length === 0) throw new HqError('admin.not_found', { what: 'organisation' });
  const id = deps.newId();
  await deps.sql.query('INSERT INTO stores (id, organisation_id, name, currency, time_zone, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    id,
    input.organisationId,
    name,
    input.currency,
    input.timeZone,
    deps.now(),
  ]);
  return { id };
}

/** Enrol codes: 12 characters from an alphabet with no look-alikes, typed at the terminal once. */
const codeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const DEFAULT_ENROL_TTL_MS = 24 * 60 * 60 * 1000;

function newEnrolCode(): string {
  const bytes = randomBytes(12);
  let code = '';
  for (const b of bytes) code += codeAlphabet[b % codeAlphabet.length];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export async function createEnrolCode(deps: HqDeps, input: { storeId: string; ttlMs?: number }): Promise<{ code: string; expiresAt: number }> {
  const store = await deps.sql.query('SELECT 1 FROM stores WHERE id = $1', [input.storeId]);
  if (store.length === 0) throw new HqError('admin.not_found', { what: 'store' });
  const code = newEnrolCode();
  const now = deps.now();
  const expiresAt = now + (input.ttlMs ?? DEFAULT_ENROL_TTL_MS);
  await deps.sql.query('INSERT INTO enrol_codes (code_hash, store_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    sha256(normaliseCode(code)),
    input.storeId,
    now,
    expiresAt,
  ]);
  return { code, expiresAt };
}

/**
 * Turns a one-time code into a terminal credential. The code is spent in the same transaction
 * (a second use, an expired or unknown code: sync.enrol_code_invalid). A terminal that enrols again
 * (a new code from the admin, e.g. after a revoke) keeps its id and its acknowledged sequence, but only
 * into its own store.
 */
export async function enrol(deps: HqDeps, req: EnrolRequest): Promise<EnrolResponse> {
  const secret = randomBytes(32).toString('base64url');
  const now = deps.now();
  return deps.sql.transaction(async (tx) => {
    const [code] = await tx.query<{ store_id: string; organisation_id: string }>(
      `UPDATE enrol_codes c SET used_at = $2, used_by = $3
        FROM stores s
       WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 AND s.id = c.store_id
       RETURNING c.store_id, s.organisation_id`,
      [sha256(normaliseCode(req.code)), now, req.terminalId],
    );
    if (!code) throw new HqError('sync.enrol_code_invalid');
    const [existing] = await tx.query<{ store_id: string }>('SELECT store_id FROM terminals WHERE id = $1 FOR UPDATE', [req.terminalId]);
    if (existing && existing.store_id !== code.store_id) throw new HqError('sync.forbidden', { reason: 'terminal_of_another_store' });
    if (existing) {
      await tx.query('UPDATE terminals SET secret_hash = $2, name = $3, revoked_at = NULL, enrolled_at = $4 WHERE id = $1', [req.terminalId, sha256(secret), req.name, now]);
    } else {
      await tx.query(
        `INSERT INTO terminals (id, organisation_id, store_id, name, secret_hash, enrolled_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [req.terminalId, code.organisation_id, code.store_id, req.name, sha256(secret), now],
      );
    }
    const [org] = await tx.query<{ allowance_public_key: string }>('SELECT allowance_public_key FROM organisations WHERE id = $1', [code.organisation_id]);
    return {
      organisationId: code.organisation_id,
      storeId: code.store_id,
      terminalId: req.terminalId,
      secret,
      allowanceKey: org!.allowance_public_key,
    };
  });
}

export interface TerminalIdentity {
  terminalId: string;
  organisationId: string;
  storeId: string;
}

const bearer = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/;

/** `Authorization: Bearer <terminalId>.<secret>` -> the terminal, or sync.unauthorized (also when revoked). */
export async function authenticate(deps: HqDeps, header: string | undefined): Promise<TerminalIdentity> {
  const m = header ? bearer.exec(header) : null;
  if (!m) throw new HqError('sync.unauthorized');
  const [, terminalId, secret] = m;
  const [row] = await deps.sql.query<{ organisation_id: string; store_id: string; secret_hash: string; revoked_at: number | null }>(
    'SELECT organisation_id, store_id, secret_hash, revoked_at FROM terminals WHERE id = $1',
    [terminalId],
  );
  if (!row || row.revoked_at !== null) throw new HqError('sync.unauthorized');
  const given = Buffer.from(sha256(secret!), 'hex');
  const held = Buffer.from(row.secret_hash, 'hex');
  if (given.length !== held.length || !timingSafeEqual(given, held)) throw new HqError('sync.unauthorized');
  return { terminalId: terminalId!, organisationId: row.organisation_id, storeId: row.store_id };
}

export async function touchTerminal(deps: HqDeps, terminalId: string): Promise<void> {
  // At most one write per terminal per 10 s: a busy terminal's feed reads stay reads.
  const now = deps.now();
  await deps.sql.query('UPDATE terminals SET last_seen_at = $2 WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $3)', [terminalId, now, now - 10_000]);
}

export async function revokeTerminal(deps: HqDeps, terminalId: string): Promise<void> {
  const rows = await deps.sql.query('UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [terminalId, deps.now()]);
  if (rows.length === 0) {
    const known = await deps.sql.query('SELECT 1 FROM terminals WHERE id = $1', [terminalId]);
    if (known.length === 0) throw new HqError('admin.not_found', { what: 'terminal' });
  }
}
