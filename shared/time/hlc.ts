/**
 * Hybrid logical clock (Kulkarni et al.), as Actual Budget uses for its sync messages.
 *
 * Terminal clocks can be wrong by days. An HLC never goes backwards on one terminal, stays close to
 * wall time when clocks are right, and orders an event after every event it has seen from others.
 * Encoded as a fixed-width string so that string order is clock order: `<ms:15>-<counter:5>-<node>`.
 */
export interface Hlc {
  millis: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 99_999;

export function encodeHlc(h: Hlc): string {
  return `${String(h.millis).padStart(15, '0')}-${String(h.counter).padStart(5, '0')}-${h.node}`;
}

export function decodeHlc(s: string): Hlc | null {
  const m = /^(\d{15})-(\d{5})-(.+)$/.exec(s);
  if (!m) return null;
  return { millis: Number(m[1]), counter: Number(m[2]), node: m[3]! };
}

/** The next timestamp for a local event at wall time `now`. */
export function tickHlc(last: Hlc, now: number): Hlc {
  if (now > last.millis) return { millis: now, counter: 0, node: last.node };
  return bump(last.millis, last.counter + 1, last.node);
}

/** Merges a timestamp received from elsewhere, so our next events sort after it. */
export function receiveHlc(last: Hlc, remote: Hlc, now: number): Hlc {
  const millis = Math.max(last.millis, remote.millis, now);
  let counter = 0;
  if (millis === last.millis && millis === remote.millis) counter = Math.max(last.counter, remote.counter) + 1;
  else if (millis === last.millis) counter = last.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  return bump(millis, counter, last.node);
}

function bump(millis: number, counter: number, node: string): Hlc {
  // A counter overflow means >100k events in one millisecond: move into the next millisecond
  // rather than break ordering.
  return counter > MAX_COUNTER ? { millis: millis + 1, counter: 0, node } : { millis, counter, node };
}
