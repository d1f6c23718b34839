import { describe, expect, it } from "vitest";

import { exactAmountText } from "./money";

describe("amounts as stored", () => {
  it("show two decimal places, and the third and fourth only when the amount has them", () => {
    expect(exactAmountText("10")).toBe("10.00");
    expect(exactAmountText("10.5")).toBe("10.50");
    expect(exactAmountText("10.005")).toBe("10.005");
    expect(exactAmountText("7.1234")).toBe("7.1234");
    expect(exactAmountText("-2.9945")).toBe("-2.9945");
    // Beyond what is stored, rounded half up like every stored amount.
    expect(exactAmountText("1.00005")).toBe("1.0001");
  });
});
