import { describe, expect, it } from "vitest";

import { ValidationError } from "./errors";
import { MAX_LABELS, orderLabels, parseLabelRequest } from "./labels";
import type { Booking, BookingLine } from "./purchase-order/order";
import { testDraftOrder, testLine } from "./purchase-order/fixtures";

function booking(
  id: string,
  lines: Array<Partial<BookingLine> & { lineId: string }>,
  kind: Booking["kind"] = "receipt",
  reversesId: string | null = null,
): Booking {
  return {
    id,
    kind,
    reversesId,
    locationId: null,
    note: null,
    bookedAt: new Date("2026-11-20T10:00:00Z"),
    syncedAt: null,
    lines: lines.map((line) => ({ received: 0, rejected: 0, cancelled: 0, reason: null, ...line })),
  };
}

const custom = testLine("c", 2, {
  kind: "custom",
  variantId: null,
  inventoryItemId: null,
  productId: null,
  productTitle: "Display stand (custom print)",
  sku: null,
});

/** Lines a (3 ordered, 2 received then 1 more received and reversed, 1 rejected), b (4 ordered, none received), c (custom). */
const order = testDraftOrder([testLine("a", 3, { variantTitle: "Large" }), testLine("b", 4), custom], {
  bookings: [
    booking("r1", [
      { lineId: "a", received: 2, rejected: 1 },
      { lineId: "c", received: 2 },
    ]),
    booking("r2", [{ lineId: "a", received: 1 }]),
    booking("r3", [{ lineId: "a", received: -1 }], "reversal", "r2"),
  ],
});
const barcodes = new Map([["gid://shopify/ProductVariant/a", "4006381333931"]]);

const summary = (labels: ReturnType<typeof orderLabels>) => labels.map((label) => `${label.lineId}×${label.quantity}`);

describe("which labels an order prints", () => {
  it("per unit of what was received: one label per unit, net of reversals, rejected units excluded", () => {
    const labels = orderLabels(order, { source: "received", per: "unit" }, barcodes);
    expect(summary(labels)).toEqual(["a×1", "a×1", "c×1", "c×1"]);
  });

  it("per unit of what was ordered: a line with quantity N gives N labels", () => {
    const labels = orderLabels(order, { source: "ordered", per: "unit" }, barcodes);
    expect(summary(labels)).toEqual([...Array(3).fill("a×1"), ...Array(4).fill("b×1"), "c×1", "c×1"]);
  });

  it("per line: one label per line carrying its quantity, lines with nothing to label left out", () => {
    expect(summary(orderLabels(order, { source: "received", per: "line" }, barcodes))).toEqual(["a×2", "c×2"]);
    expect(summary(orderLabels(order, { source: "ordered", per: "line" }, barcodes))).toEqual(["a×3", "b×4", "c×2"]);
  });

  it("shows the product, variant and SKU; custom lines show their description", () => {
    const [a, b, c] = orderLabels(order, { source: "ordered", per: "line" }, barcodes);
    expect(a).toMatchObject({ productTitle: "Product a", variantTitle: "Large", sku: "SKU-a" });
    expect(b).toMatchObject({ productTitle: "Product b", variantTitle: null, sku: "SKU-b" });
    expect(c).toMatchObject({ productTitle: "Display stand (custom print)", variantTitle: null, sku: null });
  });

  it('leaves out Shopify\'s "Default Title" of a product without options', () => {
    const single = testDraftOrder([testLine("d", 1, { variantTitle: "Default Title" })]);
    expect(orderLabels(single, { source: "ordered", per: "line" }, barcodes)[0]?.variantTitle).toBeNull();
  });

  it("encodes the variant's barcode, else the SKU; a line with neither still gets a label, without bars", () => {
    const [a, b, c] = orderLabels(order, { source: "ordered", per: "line" }, barcodes);
    expect([a?.barcode, b?.barcode, c?.barcode]).toEqual(["4006381333931", "SKU-b", null]);
  });

  it("falls back to the SKU when the barcode cannot be drawn in Code 128", () => {
    const [a] = orderLabels(order, { source: "ordered", per: "line" }, new Map([["gid://shopify/ProductVariant/a", "Ünïcode"]]));
    expect(a?.barcode).toBe("SKU-a");
  });

  it("refuses to print nothing, saying why", () => {
    const nothingReceived = testDraftOrder([testLine("a", 3)]);
    expect(() => orderLabels(nothingReceived, { source: "received", per: "unit" }, barcodes)).toThrow(
      expect.objectContaining({ fieldErrors: { source: "Nothing has been received on this order yet" } }),
    );
  });

  it(`refuses more than ${MAX_LABELS} labels per unit, naming the grouping to change`, () => {
    const huge = testDraftOrder([testLine("x", MAX_LABELS + 1)]);
    expect(() => orderLabels(huge, { source: "ordered", per: "unit" }, new Map())).toThrow(ValidationError);
    expect(orderLabels(huge, { source: "ordered", per: "line" }, new Map())).toHaveLength(1);
  });
});

describe("parsing a label request", () => {
  it("defaults to received units and the shop's format", () => {
    expect(parseLabelRequest(new URLSearchParams(""))).toEqual({ source: "received", per: "unit", format: null });
    expect(parseLabelRequest(new URLSearchParams("source=ordered&per=line&format=xlsx"))).toEqual({
      source: "ordered",
      per: "line",
      format: "xlsx",
    });
  });

  it("names each bad parameter", () => {
    try {
      parseLabelRequest(new URLSearchParams("source=shipped&per=box&format=pdf"));
      expect.unreachable("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["format", "per", "source"]);
    }
  });
});
