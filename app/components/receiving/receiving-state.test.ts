import { describe, expect, it } from "vitest";

import {
  addVariant,
  countOne,
  findLine,
  receiveAllRemaining,
  reject,
  scan,
  setReason,
  setUnitPrice,
  toPayload,
  type ReceivingLine,
} from "./receiving-state";

function line(overrides: Partial<ReceivingLine> & Pick<ReceivingLine, "key">): ReceivingLine {
  return {
    lineId: overrides.key,
    variantId: `gid://shopify/ProductVariant/${overrides.key}`,
    title: "Trail Daypack 22L — Black",
    sku: "SOS-PACK22-BLK",
    barcode: "2000000000015",
    expected: 6,
    delivered: 0,
    returned: 0,
    reason: 0,
    unitPrice: null,
    discount: "0",
    ...overrides,
  };
}

const daypack = line({ key: "a" });
const bottle = line({ key: "b", sku: "SOS-BTL-STL-500", barcode: null, expected: 4 });

describe("scanning", () => {
  it("matches a barcode before a SKU, and a SKU ignoring case and surrounding spaces", () => {
    const skuLikeBarcode = line({ key: "c", sku: "2000000000015", barcode: "9" });
    expect(findLine([skuLikeBarcode, daypack], "2000000000015")?.key).toBe("a");
    expect(findLine([daypack, bottle], "  sos-btl-stl-500 ")?.key).toBe("b");
    expect(findLine([daypack, bottle], "NOPE")).toBeUndefined();
    expect(findLine([daypack, bottle], "  ")).toBeUndefined();
  });

  it("counts units beyond what an ordered line expects on a line of their own, as delivered too much", () => {
    const full = line({ key: "a", expected: 2, delivered: 2 });
    const first = scan([full], full);
    expect(first.key).toBe(`variant:${full.variantId}`);
    expect(first.lines[1]).toMatchObject({ lineId: null, variantId: full.variantId, delivered: 1, reason: 10 });
    const second = scan(first.lines, first.lines[0]!);
    expect(second.lines.map((entry) => entry.delivered)).toEqual([2, 2]);
    expect(scan([daypack], daypack).lines[0]?.delivered).toBe(1);
  });

  it("counts a unit as delivered, as returned on a line being rejected, and turns 'not delivered' back into Accepted", () => {
    expect(countOne([daypack], "a")[0]).toMatchObject({ delivered: 1, returned: 0 });
    expect(countOne([line({ key: "a", reason: 3, returned: 2 })], "a")[0]).toMatchObject({ delivered: 0, returned: 3 });
    expect(countOne([line({ key: "a", reason: 1 })], "a")[0]).toMatchObject({ delivered: 1, reason: 0 });
  });
});

describe("quick buttons and reasons", () => {
  it("receives all remaining on ordered lines, leaving lines being returned and unordered variants alone", () => {
    const rejected = line({ key: "r", reason: 4, returned: 2 });
    const extra = line({ key: "variant:x", lineId: null, expected: 0, delivered: 1, reason: 6 });
    const result = receiveAllRemaining([line({ key: "a", delivered: 2 }), line({ key: "n", reason: 1 }), rejected, extra]);
    expect(result.map((entry) => [entry.delivered, entry.returned, entry.reason])).toEqual([
      [6, 0, 0],
      [6, 0, 0],
      [0, 2, 4],
      [1, 0, 6],
    ]);
  });

  it("rejects what was counted, or what is expected when nothing was, as damaged", () => {
    expect(reject([line({ key: "a", delivered: 2 })], "a")[0]).toMatchObject({ delivered: 0, returned: 2, reason: 3 });
    expect(reject([daypack], "a")[0]).toMatchObject({ delivered: 0, returned: 6, reason: 3 });
    expect(reject([line({ key: "a", reason: 13, returned: 1 })], "a")[0]).toMatchObject({ returned: 1, reason: 13 });
  });

  it("moves the count with the reason: back to delivered when accepted, nothing when not delivered", () => {
    const returned = line({ key: "a", reason: 3, returned: 2 });
    expect(setReason([returned], "a", 12)[0]).toMatchObject({ delivered: 2, returned: 0, reason: 12 });
    expect(setReason([returned], "a", 1)[0]).toMatchObject({ delivered: 0, returned: 0, reason: 1 });
  });
});

describe("the saved payload", () => {
  it("leaves out untouched ordered lines and keeps every unordered variant", () => {
    const lines = addVariant([daypack, countOne([bottle], "b")[0]!], { id: "gid://shopify/ProductVariant/9", title: "Camp Stove", sku: "SOS-STOVE-STD", barcode: null });
    expect(toPayload(lines)).toEqual([
      { lineId: "b", variantId: bottle.variantId, quantityDelivered: 1, quantityReturned: 0, unitPrice: null, discount: "0", intakeReason: 0 },
      { lineId: null, variantId: "gid://shopify/ProductVariant/9", quantityDelivered: 1, quantityReturned: 0, unitPrice: null, discount: "0", intakeReason: 6 },
    ]);
    // Scanning the added variant again counts on its line.
    expect(addVariant(lines, { id: "gid://shopify/ProductVariant/9", title: "Camp Stove", sku: "SOS-STOVE-STD", barcode: null })[2]?.delivered).toBe(2);
  });
});

describe("prices of variants not on the order", () => {
  it("sends the price entered, and none (the default cost) when it is blank", () => {
    const extra = addVariant([], { id: "gid://shopify/ProductVariant/9", title: "Surprise", sku: null, barcode: null });
    const key = extra[0]!.key;
    expect(toPayload(setUnitPrice(extra, key, "4.20"))[0]).toMatchObject({ variantId: "gid://shopify/ProductVariant/9", unitPrice: "4.20" });
    expect(toPayload(setUnitPrice(setUnitPrice(extra, key, "4.20"), key, "  "))[0]).toMatchObject({ unitPrice: null });
  });
});
