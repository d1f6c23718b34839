import { describe, expect, it } from "vitest";

import { GuardrailError, renameFieldErrors, snakeCaseFieldPath, ValidationError, withRenamedFields } from "./errors";

describe("field names of validation errors", () => {
  it("snake-cases camelCase paths segment by segment and leaves other names alone", () => {
    expect(snakeCaseFieldPath("lines.0.quantityDelivered")).toBe("lines.0.quantity_delivered");
    expect(snakeCaseFieldPath("billingAddress.postalCode")).toBe("billing_address.postal_code");
    expect(snakeCaseFieldPath("emailSettings")).toBe("email_settings");
    expect(snakeCaseFieldPath("Idempotency-Key")).toBe("Idempotency-Key");
    expect(snakeCaseFieldPath("search[created_at_min]")).toBe("search[created_at_min]");
    expect(snakeCaseFieldPath("paid_at")).toBe("paid_at");
  });

  it("renames every field and keeps the messages; the error message names the new fields", () => {
    const renamed = renameFieldErrors(new ValidationError({ "line.sku": "Unknown", note: "Too long" }), (field) =>
      field.replace("line.", "items.0."),
    );
    expect(renamed.fieldErrors).toEqual({ "items.0.sku": "Unknown", note: "Too long" });
    expect(renamed.message).toContain("items.0.sku: Unknown");
  });

  it("renames what a sync or async run throws, and lets other errors and results through", async () => {
    const rename = (field: string) => `body.${field}`;
    expect(() =>
      withRenamedFields(rename, () => {
        throw new ValidationError({ amount: "Must be positive" });
      }),
    ).toThrow(expect.objectContaining({ fieldErrors: { "body.amount": "Must be positive" } }));
    await expect(withRenamedFields(rename, async () => Promise.reject(new ValidationError({ id: "Unknown" })))).rejects.toMatchObject({
      fieldErrors: { "body.id": "Unknown" },
    });
    const guardrail = new GuardrailError("invalid_transition", "rule", "draft", ["send"], "No");
    expect(() =>
      withRenamedFields(rename, () => {
        throw guardrail;
      }),
    ).toThrow(guardrail);
    expect(withRenamedFields(rename, () => 42)).toBe(42);
    await expect(withRenamedFields(rename, async () => "done")).resolves.toBe("done");
  });
});
