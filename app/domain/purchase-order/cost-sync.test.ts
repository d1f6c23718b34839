import { describe, expect, it } from "vitest";

import { GuardrailError } from "../errors";
import { unitCostWrites } from "./cost-sync";
import { testDraftOrder, testLine } from "./fixtures";

describe("unitCostWrites", () => {
  it("writes each variant's unit cost in the shop's currency; custom lines are skipped", () => {
    const order = testDraftOrder([
      testLine("a", 2, { unitCost: "10.00" }),
      testLine("c", 1, { kind: "custom", variantId: null, inventoryItemId: null, productId: null }),
    ]);
    expect(unitCostWrites(order, { shopCurrencyCode: "EUR", exchangeRate: null })).toEqual([
      { inventoryItemId: "gid://shopify/InventoryItem/a", cost: "10.00" },
    ]);
  });

  it("converts a foreign-currency order with its exchange rate, rounded half up to cents", () => {
    const order = testDraftOrder([testLine("a", 1, { unitCost: "3.3333" })]);
    expect(unitCostWrites(order, { shopCurrencyCode: "USD", exchangeRate: "1.5" })).toEqual([
      { inventoryItemId: "gid://shopify/InventoryItem/a", cost: "5.00" },
    ]);
  });

  it("averages several lines of one item by quantity (confirmed, else ordered)", () => {
    const order = testDraftOrder([
      testLine("a", 1, { unitCost: "4.00" }),
      testLine("a2", 3, { inventoryItemId: "gid://shopify/InventoryItem/a", unitCost: "8.00", confirmed: 3 }),
    ]);
    expect(unitCostWrites(order, { shopCurrencyCode: "EUR", exchangeRate: null })).toEqual([
      { inventoryItemId: "gid://shopify/InventoryItem/a", cost: "7.00" },
    ]);
  });

  it("refuses a foreign-currency order without an exchange rate, naming the fix", () => {
    const order = testDraftOrder([testLine("a", 1)]);
    try {
      unitCostWrites(order, { shopCurrencyCode: "USD", exchangeRate: null });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GuardrailError);
      expect((error as GuardrailError).rule).toBe("exchange_rate_required");
      expect((error as GuardrailError).message).toContain("set the order's exchange rate (EUR → USD)");
    }
  });
});
