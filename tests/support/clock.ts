import { afterAll, beforeAll } from "vitest";

import { setClock } from "~/clock.server";

/**
 * Fixes the app's clock (app/clock.server.ts) at `at` for the test file that calls it, so dates a test
 * writes (hold until, promise dates, arrivals) stay in the past or future of "now" whatever day the
 * suite runs. Build dates with `daysFrom(at, n)` rather than writing calendar days that expire.
 */
export function fixClock(at: Date): void {
  let restore: () => void = () => undefined;
  beforeAll(() => {
    restore = setClock(() => new Date(at));
  });
  afterAll(() => restore());
}

const DAY_MS = 86_400_000;

/** `at` moved by `days` (negative: before). */
export function daysFrom(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}
