import { createPrivateKey, sign } from 'node:crypto';
import { canonicalGrant, type AllowanceGrant, type SignedAllowance } from '../shared/sync/wire';
import type { HqDeps } from './deps';
import { HqError } from './errors';
import type { TerminalIdentity } from './tenancy';

export interface AllowancePolicy {
  perCustomerPerDay: { rewards: number; points: number };
  total: { rewards: number; points: number };
  ttlMs: number;
}

/** A new organisation's policy until its owner sets one: one free reward and 200 points per customer a day, a day's validity. */
export const defaultAllowancePolicy: AllowancePolicy = {
  perCustomerPerDay: { rewards: 1, points: 200 },
  total: { rewards: 100, points: 20_000 },
  ttlMs: 24 * 60 * 60 * 1000,
};

const nonNegativeInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

export async function setAllowancePolicy(deps: HqDeps, input: { organisationId: string } & AllowancePolicy): Promise<void> {
  const { perCustomerPerDay: d, total: t, ttlMs } = input;
  if (![d.rewards, d.points, t.rewards, t.points].every(nonNegativeInt) || !Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new HqError('admin.invalid', { field: 'allowancePolicy' });
  }
  const policy: AllowancePolicy = { perCustomerPerDay: { rewards: d.rewards, points: d.points }, total: { rewards: t.rewards, points: t.points }, ttlMs };
  const rows = await deps.sql.query('UPDATE organisations SET allowance_policy = $2 WHERE id = $1 RETURNING id', [input.organisationId, JSON.stringify(policy)]);
  if (rows.length === 0) throw new HqError('admin.not_found', { what: 'organisation' });
}

/** A fresh grant for the asking terminal, signed with its organisation's Ed25519 key over canonicalGrant(). */
export async function issueAllowance(deps: HqDeps, who: TerminalIdentity): Promise<SignedAllowance> {
  const [org] = await deps.sql.query<{ allowance_policy: AllowancePolicy; allowance_private_key: string }>(
    'SELECT allowance_policy, allowance_private_key FROM organisations WHERE id = $1',
    [who.organisationId],
  );
  if (!org) throw new HqError('sync.not_found');
  const policy = org.allowance_policy;
  const issuedAt = deps.now();
  const grant: AllowanceGrant = {
    terminalId: who.terminalId,
    issuedAt,
    expiresAt: issuedAt + policy.ttlMs,
    perCustomerPerDay: policy.perCustomerPerDay,
    total: policy.total,
  };
  const signature = sign(null, Buffer.from(canonicalGrant(grant), 'utf8'), createPrivateKey(org.allowance_private_key)).toString('base64');
  return { grant, signature };
}
