import { describe, expect, it } from "vitest";

import { lineCells, paginateRows, parseTemplateInput, purchaseOrderDocument, DEFAULT_TEMPLATE } from "./documents";

const line = { kind: "variant" as const, sku: "LAN-S", supplierSku: "A-1", productTitle: "Lantern", variantTitle: "Default Title", quantity: 3, unitCost: "1.2345", discount: "0.0345" };

describe("document content", () => {
  it("prints exact unit costs (up to four places), line totals net of discount, and no Shopify 'Default Title'", () => {
    expect(lineCells(line, DEFAULT_TEMPLATE.columns)).toEqual(["LAN-S", "A-1", "Lantern", "", "3", "1.2345", "3.669"]);
  });

  it("derives totals from the lines, tax and shipping, in the order's currency", () => {
    const document = purchaseOrderDocument(
      {
        number: "PO-0007",
        currencyCode: "EUR",
        shop: { name: "Shop", domain: "shop.myshopify.com" },
        supplier: { name: "Acme", email: null, address: null },
        reference: null,
        orderDate: null,
        expectedArrivalAt: new Date("2026-03-31T00:00:00Z"),
        requestedShipAt: null,
        sentAt: null,
        billingAddress: null,
        shippingAddress: null,
        dropShip: false,
        lines: [line, { ...line, kind: "custom", sku: null, supplierSku: null, variantTitle: null, quantity: 1, unitCost: "10", discount: "0" }],
        shippingCost: "5",
        tax: "2.5",
        note: "  ",
      },
      { columns: ["sku", "lineTotal"], footer: "Thanks" },
    );
    expect(document.headers).toEqual(["SKU", "Line total (EUR)"]);
    expect(document.rows).toEqual([["LAN-S", "3.669"], ["", "10.00"]]);
    expect(document.totals).toEqual([
      ["Subtotal", "13.67 EUR"],
      ["Tax", "2.50 EUR"],
      ["Shipping", "5.00 EUR"],
      ["Total", "21.17 EUR"],
    ]);
    expect(document.details).toContainEqual(["Expected arrival", "2026-03-31"]);
    expect(document.note).toBeNull();
  });
});

describe("templates", () => {
  it("keeps the fixed column order and names each bad field", () => {
    expect(parseTemplateInput({ name: " House ", columns: ["lineTotal", "sku"], footer: " " })).toEqual({ name: "House", columns: ["sku", "lineTotal"], footer: null });
    expect(() => parseTemplateInput({ name: "", columns: [], footer: "x".repeat(501) })).toThrow(
      expect.objectContaining({ fieldErrors: { name: "Required", columns: "Show at least one column", footer: "At most 500 characters" } }),
    );
  });
});

describe("pagination", () => {
  it("fills the first page, then the others; the totals get a page of their own when the last is full", () => {
    expect(paginateRows(0, 30, 50, 5)).toEqual([0]);
    expect(paginateRows(20, 30, 50, 5)).toEqual([20]);
    expect(paginateRows(28, 30, 50, 5)).toEqual([28, 0]);
    expect(paginateRows(120, 30, 50, 5)).toEqual([30, 50, 40]);
    expect(paginateRows(130, 30, 50, 5)).toEqual([30, 50, 50, 0]);
  });
});
