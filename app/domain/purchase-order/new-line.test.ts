import { describe, expect, it } from "vitest";

import { defaultUnitCost, otherSupplierOf, unitCostRequired, type CostSources, type DefaultCost } from "./new-line";

const eurOrder = { currencyCode: "EUR", shopCurrencyCode: "USD", exchangeRate: null };

describe("defaultUnitCost", () => {
  it("takes the supplier's catalogue price in EUR, never Shopify's USD cost labelled as EUR (16.29 vs 14.90)", () => {
    const cost = defaultUnitCost(
      { catalogue: { unitCost: "14.9000", currencyCode: "EUR" }, shopify: { amount: "16.29", currencyCode: "USD" } },
      eurOrder,
    );
    expect(cost).toEqual({ unitCost: "14.9", source: "catalogue" });
  });

  it("never takes a cost in another currency as the order's: without a rate it asks for one", () => {
    const cost = defaultUnitCost({ catalogue: null, shopify: { amount: "16.29", currencyCode: "USD" } }, eurOrder);
    expect(cost.unitCost).toBeNull();
    expect(unitCostRequired(cost as Extract<DefaultCost, { unitCost: null }>)).toBe(
      "Enter a unit cost: the supplier's catalogue does not list this variant, and Shopify's unit cost (16.29 USD) is not in EUR " +
        "and the order has no exchange rate to convert it.",
    );
  });

  it("converts Shopify's cost at the order's exchange rate, rounded half up to 4 decimals", () => {
    // 1 EUR = 1.0934 USD: 16.29 USD = 14.89847… EUR.
    const cost = defaultUnitCost({ catalogue: null, shopify: { amount: "16.29", currencyCode: "USD" } }, { ...eurOrder, exchangeRate: "1.0934" });
    expect(cost).toEqual({ unitCost: "14.8985", source: "shopify_converted" });
  });

  it("takes Shopify's cost as it is when the order is in the shop's currency", () => {
    const usdOrder = { currencyCode: "USD", shopCurrencyCode: "USD", exchangeRate: null };
    expect(defaultUnitCost({ catalogue: null, shopify: { amount: "6.40", currencyCode: "USD" } }, usdOrder)).toEqual({
      unitCost: "6.4",
      source: "shopify",
    });
    expect(
      defaultUnitCost({ catalogue: { unitCost: "0", currencyCode: "USD" }, shopify: { amount: "6.40", currencyCode: "USD" } }, usdOrder),
    ).toEqual({
      unitCost: "0",
      source: "catalogue",
    });
  });

  it("says why no cost is known, for each source", () => {
    const reason = (sources: CostSources) => {
      const cost = defaultUnitCost(sources, eurOrder);
      return cost.unitCost === null ? cost.reason : null;
    };
    expect(reason({ catalogue: { unitCost: "3", currencyCode: "GBP" }, shopify: null })).toBe(
      "the supplier's catalogue price is in GBP, not EUR, and Shopify has no unit cost for it",
    );
    expect(reason({ catalogue: null, shopify: { amount: "2", currencyCode: "CHF" } })).toBe(
      "the supplier's catalogue does not list this variant, and Shopify's unit cost (2.00 CHF) is not in EUR",
    );
  });

  // Every combination of sources and currencies, against the rule as decision 004 states it.
  const catalogues = [undefined, { unitCost: "14.90", currencyCode: "order" }, { unitCost: "13.00", currencyCode: "GBP" }] as const;
  const shopifies = [
    null,
    { amount: "16.29", currencyCode: "order" },
    { amount: "16.29", currencyCode: "shop" },
    { amount: "16.29", currencyCode: "CHF" },
  ] as const;
  const orders = [
    { currencyCode: "EUR", shopCurrencyCode: "USD", exchangeRate: null },
    { currencyCode: "EUR", shopCurrencyCode: "USD", exchangeRate: "1.25" },
    { currencyCode: "USD", shopCurrencyCode: "USD", exchangeRate: null },
  ];
  const cases = orders.flatMap((order) =>
    catalogues.flatMap((catalogue) =>
      shopifies.map((shopify) => {
        const currency = (code: string) => (code === "order" ? order.currencyCode : code === "shop" ? order.shopCurrencyCode : code);
        const sources: CostSources = {
          catalogue: catalogue && { ...catalogue, currencyCode: currency(catalogue.currencyCode) },
          shopify: shopify && { ...shopify, currencyCode: currency(shopify.currencyCode) },
        };
        return { order, sources };
      }),
    ),
  );

  it.each(cases)("$order.currencyCode order (rate $order.exchangeRate), sources $sources", ({ order, sources }) => {
    const cost = defaultUnitCost(sources, order);
    const { catalogue, shopify } = sources;
    if (catalogue?.currencyCode === order.currencyCode) {
      expect(cost).toEqual({ unitCost: "14.9", source: "catalogue" });
    } else if (shopify?.currencyCode === order.currencyCode) {
      expect(cost).toEqual({ unitCost: "16.29", source: "shopify" });
    } else if (shopify?.currencyCode === order.shopCurrencyCode && order.exchangeRate) {
      expect(cost).toEqual({ unitCost: "13.032", source: "shopify_converted" });
    } else {
      expect(cost.unitCost).toBeNull();
      expect(unitCostRequired(cost as Extract<DefaultCost, { unitCost: null }>)).toMatch(/^Enter a unit cost: .+\.$/);
    }
  });
});

describe("otherSupplierOf", () => {
  const suppliers = [
    { id: "s-acme", name: "Acme", vendor: "Acme Pottery" },
    { id: "s-harbor", name: "Harbor", vendor: " harbor ceramics " },
    { id: "s-second", name: "Second Harbor", vendor: "Harbor Ceramics" },
    { id: "s-novendor", name: "No vendor", vendor: null },
  ];

  it("names the other supplier whose vendor the variant carries, ignoring case and spaces", () => {
    expect(otherSupplierOf("Harbor Ceramics", "s-acme", suppliers)).toEqual({ id: "s-harbor", name: "Harbor" });
    expect(otherSupplierOf("HARBOR CERAMICS", "s-novendor", suppliers)).toEqual({ id: "s-harbor", name: "Harbor" });
  });

  it("does not flag the order's own supplier's vendor, a vendor no supplier has, or no vendor", () => {
    expect(otherSupplierOf("acme pottery", "s-acme", suppliers)).toBeNull();
    expect(otherSupplierOf("Harbor Ceramics", "s-second", suppliers)).toBeNull();
    expect(otherSupplierOf("House brand", "s-acme", suppliers)).toBeNull();
    expect(otherSupplierOf(null, "s-acme", suppliers)).toBeNull();
    expect(otherSupplierOf("  ", "s-acme", suppliers)).toBeNull();
  });
});
