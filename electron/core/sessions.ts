import { randomBytes } from 'node:crypto';
import type { Actor, Sessions } from './context';
import type { Clock } from '../app/clock';

const SESSION_MS = 12 * 60 * 60 * 1000;

/** Sessions live in the main process's memory: a restart asks staff to log in again, which is fine at a counter. */
export function createSessions(clock: Clock): Sessions {
  const byToken = new Map<string, { actor: Actor; expiresAt: number }>();
  return {
    create(actor) {
      const token = randomBytes(32).toString('base64url');
      const full = { ...actor, token };
      byToken.set(token, { actor: full, expiresAt: clock.now() + SESSION_MS });
      return full;
    },
    get(token) {
      const session = byToken.get(token);
      if (!session) return null;
      if (session.expiresAt < clock.now()) {
        byToken.delete(token);
        return null;
      }
      return session.actor;
    },
    update(token, patch) {
      const session = byToken.get(token);
      if (session) session.actor = { ...session.actor, ...patch };
    },
    end(token) {
      byToken.delete(token);
    },
  };
}
