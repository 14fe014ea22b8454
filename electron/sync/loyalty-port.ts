import { prepared } from '../db/connection';
import type { CoreDeps } from '../core/context';
import { customersWanted, readState, releaseDeferredGifts, saveState } from '../core/operations';
import type { LoyaltyStatePort } from './apply';

/**
 * The feed applier's view of the engine's stored state (and of referrers' gifts waiting for their
 * customer), bound to the terminal's services (given late: the sync worker is built while the
 * services are). A terminal with no program yet keeps no
 * engine state, so it has none to read: the changes are then not applied, and the state is seeded
 * from the ledger when the program arrives and the customer is first served.
 */
export function loyaltyStatePort(deps: () => CoreDeps): LoyaltyStatePort {
  const hasProgram = () => prepared(deps().db, 'SELECT 1 FROM programs LIMIT 1').get() !== undefined;
  return {
    read: (customerId) => {
      if (!hasProgram()) return null;
      const d = deps();
      return readState(d, customerId, d.programDocument().document, d.clock.now());
    },
    save: (state) => {
      const d = deps();
      saveState(d.db, state, d.clock.now(), d.programDocument().document);
    },
    tierOrder: () => {
      if (!hasProgram()) return [];
      return deps().programDocument().document.tiers?.levels.map((l) => l.id) ?? [];
    },
    wanted: (limit) => customersWanted(deps().db, limit),
    releaseGifts: () => (hasProgram() ? releaseDeferredGifts(deps()) : 0),
  };
}
