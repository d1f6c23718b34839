import { describe, expect, it } from "vitest";

import { orderTotals } from "./totals";

describe("orderTotals", () => {
  it("adds shipping and tax to the lines, exactly", () => {
    const totals = orderTotals([{ quantity: 3, unitCost: "0.10" }, { quantity: 1, unitCost: "19.99" }], "12.5", "0.01");
    expect(totals.subtotal.toFixed(2)).toBe("20.29");
    expect(totals.total.toFixed(2)).toBe("32.80");
  });

  it("is the shipping and tax alone for an order without lines", () => {
    expect(orderTotals([], "5", "1.25").total.toString()).toBe("6.25");
  });
});
