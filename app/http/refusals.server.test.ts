import { describe, expect, it } from "vitest";

import { NotFoundError, StaleVersionError, ValidationError } from "~/domain/errors";

import { plainTextRefusal, screenRefusal } from "./refusals.server";

describe("plainTextRefusal (the index's bulk actions and downloads)", () => {
  it("names each refused field with its problem, with the screen refusal's status", async () => {
    const response = plainTextRefusal(new ValidationError({ id: "Select at least one purchase order", format: "Must be csv" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe("id: Select at least one purchase order; format: Must be csv");
  });

  it("says what was not found, as 404", async () => {
    const response = plainTextRefusal(new NotFoundError("Purchase order", "po-9"));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Purchase order po-9 was not found");
  });

  it("maps every refusal the screens map, in the screens' words", async () => {
    const stale = new StaleVersionError(1, 2);
    const response = plainTextRefusal(stale);
    expect(response.status).toBe(screenRefusal(stale)!.status);
    expect(await response.text()).toBe(screenRefusal(stale)!.message);
  });

  it("lets a failure on our side throw", () => {
    const failure = new Error("database down");
    expect(() => plainTextRefusal(failure)).toThrow(failure);
  });
});
