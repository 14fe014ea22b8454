import { createPublicKey, verify } from 'node:crypto';
import { canonicalGrant, signedAllowanceSchema, type AllowanceGrant, type SignedAllowance } from '../../shared/sync/wire';

/**
 * True when HQ signed this grant (Ed25519 over canonicalGrant) with the key received at enrolment,
 * and the grant is for this terminal. Expiry is checked where it is used, against the clock then.
 */
export function verifyAllowance(allowance: SignedAllowance, publicKeySpkiBase64: string, terminalId: string): boolean {
  const parsed = signedAllowanceSchema.safeParse(allowance);
  if (!parsed.success || parsed.data.grant.terminalId !== terminalId) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(canonicalGrant(parsed.data.grant), 'utf8'), key, Buffer.from(parsed.data.signature, 'base64'));
  } catch {
    return false;
  }
}

export const isGrantCurrent = (grant: AllowanceGrant, now: number): boolean => grant.issuedAt <= now + 5 * 60_000 && now < grant.expiresAt;
