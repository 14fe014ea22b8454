/** Timers passed in, so tests drive time and nothing here keeps a process alive by accident. */
export interface Timers {
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Runs `fn` every `ms`; returns a function that stops it. */
  every(ms: number, fn: () => void): () => void;
}

export const systemTimers: Timers = {
  after(ms, fn) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    // Polling for devices must not keep a closing app alive.
    handle.unref();
    return () => clearInterval(handle);
  },
};
