import { expect } from "vitest";

/** A route's answer, or the Response it threw (a 404, a redirect). */
export async function answered(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** What a call that must fail threw; a call that succeeds fails the test. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("the call succeeded"),
    (thrown: unknown) => thrown,
  );
}
