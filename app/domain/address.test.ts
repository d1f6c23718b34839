import { describe, expect, it } from "vitest";

import { formatAddress, parseAddress, readAddress } from "./address";
import { ValidationError } from "./errors";

describe("addresses", () => {
  it("normalises a complete address and round-trips through JSON", () => {
    const address = parseAddress(
      { name: " Ada Lovelace ", line1: "1 Main St", city: "Springfield", countryCode: "us", postalCode: "12345", company: "" },
      "shippingAddress",
    );
    expect(address).toMatchObject({ name: "Ada Lovelace", countryCode: "US", company: null, line2: null });
    expect(readAddress(JSON.stringify(address))).toEqual(address);
    expect(formatAddress(address)).toEqual(["Ada Lovelace", "1 Main St", "12345 Springfield", "US"]);
  });

  it("names each missing or malformed field with its prefix", () => {
    try {
      parseAddress({ name: "", line1: "x", city: "y", countryCode: "USA", phone: 5 }, "billingAddress");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual([
        "billingAddress.countryCode",
        "billingAddress.name",
        "billingAddress.phone",
      ]);
    }
  });
});
