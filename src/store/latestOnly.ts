/**
 * Coalescing for requests that come faster than they are answered (the inside view while the user draws): at most
 * one runs at a time, and a request made meanwhile waits in a single slot, replacing any that was waiting there, so a
 * slow answer never piles requests up and the one run next is always the newest.
 */

/** A runner that takes requests for `run` and keeps at most one running and one waiting (the newest). */
export function latestOnly<T>(run: (request: T) => Promise<void>): { submit(request: T): void; idle(): Promise<void> } {
  let running: Promise<void> | null = null;
  let waiting: { request: T } | null = null;
  const next = (): Promise<void> | null => {
    if (!waiting) return (running = null);
    const { request } = waiting;
    waiting = null;
    running = run(request)
      .catch(() => undefined)
      .then(() => next() ?? undefined);
    return running;
  };
  return {
    submit(request) {
      waiting = { request };
      if (!running) next();
    },
    /** Resolves when nothing runs or waits any more (tests and the store's callers await it). */
    async idle() {
      while (running) await running;
    },
  };
}
