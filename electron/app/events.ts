import type { TillEvent } from '../../shared/contract/events';

export type EventListener = (event: TillEvent) => void;

/** Fan-out of main-process events to every connected UI (IPC windows, WebSocket clients). */
export interface EventBus {
  publish(event: TillEvent): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    publish(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
