/**
 * The one source of "now" outside the domain. Domain functions take `now` as an argument; services,
 * routes, the worker and the API read it here, so a test can fix the time (`setClock`) and build
 * every date relative to it rather than to the day the test happens to run.
 */
export type Clock = () => Date;

const systemClock: Clock = () => new Date();
let current: Clock = systemClock;

export function now(): Date {
  return current();
}

/** Tests only: `now()` answers with `clock` until the returned function restores the system clock. */
export function setClock(clock: Clock): () => void {
  current = clock;
  return () => {
    current = systemClock;
  };
}
