import { describe, expect, it } from "vitest";

import { COUNTRY_CODES, countryOptions, CURRENCY_CODES, currencyOptions, isIsoCountryCode, isIsoCurrencyCode } from "./iso-codes";

describe("ISO lists", () => {
  it("holds the 249 assigned country codes, each two capitals, once", () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect(COUNTRY_CODES.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect(isIsoCountryCode("DE")).toBe(true);
    expect(isIsoCountryCode("UK")).toBe(false);
  });

  it("offers every currency the server accepts, named", () => {
    expect(isIsoCurrencyCode("EUR")).toBe(true);
    expect(isIsoCurrencyCode("XYZ")).toBe(false);
    const options = currencyOptions();
    expect(options.map((option) => option.value)).toEqual(CURRENCY_CODES);
    expect(options.find((option) => option.value === "EUR")?.label).toBe("EUR · Euro");
  });

  it("offers countries by name", () => {
    const options = countryOptions();
    expect(options).toHaveLength(249);
    expect(options.find((option) => option.value === "DE")?.label).toBe("Germany (DE)");
    expect(options[0]?.label).toBe("Afghanistan (AF)");
  });
});
