import type { Db } from '../db/connection';
import { knownAnchors, verifyAudit } from '../db/stores/audit';
import type { AuditAnchor, AuditVerdict } from '../../shared/contract/staffAdmin';

/**
 * `audit.verify`: the chain against the anchors this terminal's Z-reports printed and, when a
 * manager enters one from paper (or from HQ), that anchor too, with what it says of the log. A
 * terminal whose log and Z-reports were both cut back still meets the paper copy in the drawer.
 */
export function verifyAuditLog(db: Db, entered?: AuditAnchor): AuditVerdict {
  if (!entered) return verifyAudit(db);
  const verdict = verifyAudit(db, [...knownAnchors(db), entered]);
  if (verdict.ok) return { ...verdict, entered: 'agrees' };
  if (verdict.reason === 'rewritten' && verdict.brokenAt === entered.records) return { ...verdict, entered: 'differs' };
  if (verdict.reason === 'truncated' && verdict.brokenAt <= entered.records) return { ...verdict, entered: 'not_reached' };
  // The log breaks before it reaches the anchor: the first broken link is the news.
  return verdict;
}
