import { format } from "node:util";

import { afterEach, beforeEach, vi, type MockInstance } from "vitest";

/**
 * Fails a test that logs an unexpected `console.error` (a setup file for every vitest test). An
 * error the app logs is a bug somewhere, even when the test's own assertions pass: a 500 behind a
 * retry, a worker task that threw, a React warning. A test that provokes one on purpose says so
 * with `expectConsoleError(pattern)`; the message is still printed, so a failure can be read.
 */
let expected: RegExp[] = [];
let unexpected: string[] = [];
let spy: MockInstance<typeof console.error> | undefined;

/** Lets the running test log errors matching `pattern` (for the rest of that test only). */
export function expectConsoleError(pattern: RegExp): void {
  expected.push(pattern);
}

beforeEach(() => {
  expected = [];
  unexpected = [];
  const original = console.error.bind(console);
  spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const message = format(...args);
    if (!expected.some((pattern) => pattern.test(message))) unexpected.push(message);
    original(...args);
  });
});

afterEach(() => {
  spy?.mockRestore();
  spy = undefined;
  const logged = unexpected;
  unexpected = [];
  if (logged.length > 0) {
    throw new Error(
      `The test logged ${logged.length} unexpected console.error (expectConsoleError(pattern) when intended):\n${logged.map((message) => message.slice(0, 2000)).join("\n---\n")}`,
    );
  }
});
