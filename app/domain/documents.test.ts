import { describe, expect, it } from "vitest";

import { lineCells, paginateRows, parseTemplateInput, purchaseOrderDocument, DEFAULT_TEMPLATE, type PurchaseOrderDocumentFacts } from "./documents";

const quantities = { confirmed: null, cancelled: 0, rejected: 0 };
const line = {
  kind: "variant" as const,
  sku: "LAN-S",
  supplierSku: "A-1",
  productTitle: "Lantern",
  variantTitle: "Default Title",
  ordered: 3,
  ...quantities,
  unitCost: "1.2345",
  discount: "0.0345",
};

const facts: PurchaseOrderDocumentFacts = {
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
  lines: [line],
  shippingCost: "5",
  tax: "2.5",
  note: "  ",
};

describe("document content", () => {
  it("prints exact unit costs (up to four places), line totals net of discount, and no Shopify 'Default Title'", () => {
    expect(lineCells(line, DEFAULT_TEMPLATE.columns)).toEqual(["LAN-S", "A-1", "Lantern", "", "3", "1.2345", "3.669"]);
  });

  it("derives totals from the lines, tax and shipping, in the order's currency", () => {
    const document = purchaseOrderDocument(
      {
        ...facts,
        lines: [line, { ...line, kind: "custom", sku: null, supplierSku: null, variantTitle: null, ordered: 1, unitCost: "10", discount: "0" }],
      },
      { columns: ["sku", "lineTotal"], footer: "Thanks" },
    );
    expect(document.headers).toEqual(["SKU", "Line total (EUR)"]);
    expect(document.rows).toEqual([
      ["LAN-S", "3.669"],
      ["", "10.00"],
    ]);
    expect(document.totals).toEqual([
      ["Subtotal", "13.67 EUR"],
      ["Tax", "2.50 EUR"],
      ["Shipping", "5.00 EUR"],
      ["Total", "21.17 EUR"],
    ]);
    expect(document.details).toContainEqual(["Expected arrival", "2026-03-31"]);
    expect(document.note).toBeNull();
  });

  it("prints what each line is owed for, and the ordered value beside the subtotal where they differ", () => {
    // 20 ordered, 15 confirmed, 2 cancelled: 13 owed; the 2 returned stay owed until credited.
    const short = { ...line, ordered: 20, confirmed: 15, cancelled: 2, rejected: 2, unitCost: "14.90", discount: "0" };
    expect(lineCells(short, ["quantity", "lineTotal"])).toEqual(["13", "193.70"]);
    const document = purchaseOrderDocument(
      { ...facts, number: "PO-0008", expectedArrivalAt: null, lines: [short], shippingCost: "0", tax: "0", note: null },
      DEFAULT_TEMPLATE,
    );
    expect(document.totals.slice(0, 2)).toEqual([
      ["Ordered value", "298.00 EUR"],
      ["Subtotal", "193.70 EUR"],
    ]);
  });
});

describe("templates", () => {
  it("keeps the fixed column order and names each bad field", () => {
    expect(parseTemplateInput({ name: " House ", columns: ["lineTotal", "sku"], footer: " " })).toEqual({
      name: "House",
      columns: ["sku", "lineTotal"],
      footer: null,
    });
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
