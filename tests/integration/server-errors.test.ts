import { describe, expect, it } from "vitest";

import { useProductionLikeEnvironment } from "../support/app-env";

/**
 * handleError (app/entry.server.tsx) empties every error Remix is about to put into a response.
 * It must never throw itself: an error it cannot rewrite (a DOMException's `message` is a getter,
 * as on an aborted request's AbortError) once turned a loader's failure into Vite's "Internal
 * server error" while a screen test was running.
 */
describe("handleError", () => {
  const args = () => ({ request: new Request("https://inbound.example.com/app"), params: {}, context: {} });

  it("empties an Error and an AbortError alike of their message and stack, without throwing", async () => {
    useProductionLikeEnvironment("file:/nonexistent/never-opened.db");
    const { handleError } = await import("~/entry.server");
    const errors = [new Error("secret detail at /srv/app.ts:12"), new DOMException("The operation was aborted /srv", "AbortError")];
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...values: unknown[]) => void logged.push(...values);
    try {
      for (const error of errors) expect(() => handleError(error, args() as never)).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(errors.map((error) => [error.message, error.stack])).toEqual([
      ["Unexpected Server Error", "Error: Unexpected Server Error"],
      ["Unexpected Server Error", "AbortError: Unexpected Server Error"],
    ]);
    expect(logged).toHaveLength(2);
  });
});
