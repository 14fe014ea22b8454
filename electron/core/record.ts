import type { CoreDeps } from './context';
import type { DomainEvent } from '../../shared/domain/events';
import { appendOutbox } from '../db/stores/outbox';

/** Writes the outbox row for a change; call inside the change's transaction. Returns the terminal sequence. */
export function recordEvent(deps: CoreDeps, event: DomainEvent): number {
  return appendOutbox(deps.db, { id: deps.ids.newId(), hlc: deps.nextHlc(), createdAt: deps.clock.now(), payload: event });
}
