import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ValidationError } from "../errors";
import { parseDraft, type DraftInput } from "./draft";

const VARIANT_A = "gid://shopify/ProductVariant/101";
const VARIANT_B = "gid://shopify/ProductVariant/102";

function input(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    supplierId: "supplier-1",
    locationId: "gid://shopify/Location/1",
    note: "",
    lines: [{ variantId: VARIANT_A, quantity: "3", unitCost: "4.25" }],
    ...overrides,
  };
}

function fieldErrors(draft: DraftInput): Record<string, string> {
  try {
    parseDraft(draft);
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("parseDraft", () => {
  it("accepts a complete draft and normalises it", () => {
    const draft = parseDraft(input({ note: "  deliver to the back door  " }));
    expect(draft.supplierId).toBe("supplier-1");
    expect(draft.note).toBe("deliver to the back door");
    expect(draft.lines).toHaveLength(1);
    expect(draft.lines[0]?.quantity).toBe(3);
    expect(draft.lines[0]?.unitCost?.toFixed(2)).toBe("4.25");
  });

  it("treats a blank unit cost as 'use the known cost' and a blank location as 'choose later'", () => {
    const draft = parseDraft(input({ locationId: "", lines: [{ variantId: VARIANT_A, quantity: "1", unitCost: " " }] }));
    expect(draft.lines[0]?.unitCost).toBeNull();
    expect(draft.locationId).toBeNull();
  });

  it("requires a supplier", () => {
    expect(fieldErrors(input({ supplierId: "  " }))).toEqual({ supplierId: "Choose a supplier" });
  });

  it("requires at least one line", () => {
    expect(fieldErrors(input({ lines: [] }))).toHaveProperty("lines");
  });

  it.each(["0", "-2", "1.5", "abc", "", "1000001"])("refuses quantity %j on the line that has it", (quantity) => {
    const errors = fieldErrors(
      input({
        lines: [
          { variantId: VARIANT_A, quantity: "2", unitCost: "" },
          { variantId: VARIANT_B, quantity, unitCost: "" },
        ],
      }),
    );
    expect(Object.keys(errors)).toEqual(["lines.1.quantity"]);
    expect(errors["lines.1.quantity"]).toMatch(/whole number from 1 to 1,000,000/);
  });

  it.each(["-1", "1.23456", "ten", "1e3"])("refuses unit cost %j", (unitCost) => {
    expect(Object.keys(fieldErrors(input({ lines: [{ variantId: VARIANT_A, quantity: "1", unitCost }] })))).toEqual(["lines.0.unitCost"]);
  });

  it("refuses something that is not a variant id, and the same variant twice", () => {
    const errors = fieldErrors(
      input({
        lines: [
          { variantId: "gid://shopify/Product/1", quantity: "1", unitCost: "" },
          { variantId: VARIANT_B, quantity: "1", unitCost: "" },
          { variantId: VARIANT_B, quantity: "1", unitCost: "" },
        ],
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(["lines.0.variantId", "lines.2.variantId"]);
  });

  it("refuses a location that is not a Shopify location id", () => {
    expect(fieldErrors(input({ locationId: "warehouse" }))).toHaveProperty("locationId");
  });

  it("reports every problem at once", () => {
    const errors = fieldErrors({ supplierId: "", locationId: "", note: "", lines: [{ variantId: "x", quantity: "0", unitCost: "-1" }] });
    expect(Object.keys(errors).sort()).toEqual(["lines.0.quantity", "lines.0.unitCost", "lines.0.variantId", "supplierId"]);
  });
});

describe("draft rules, for any input", () => {
  it("accepts exactly the whole quantities from 1 to the maximum", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000, max: 2_000_000 }), (quantity) => {
        const attempt = () => parseDraft(input({ lines: [{ variantId: VARIANT_A, quantity: String(quantity), unitCost: "" }] }));
        if (quantity >= 1 && quantity <= 1_000_000) expect(attempt().lines[0]?.quantity).toBe(quantity);
        else expect(attempt).toThrow(ValidationError);
      }),
    );
  });
});
