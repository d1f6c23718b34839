import { describe, expect, it } from "vitest";

import {
  addVariant,
  countOne,
  findLine,
  payloadKeys,
  receiveAllRemaining,
  reject,
  removePart,
  scan,
  setQuantity,
  setReason,
  setUnitPrice,
  splitOff,
  toPayload,
  totals,
  type ReceivingLine,
} from "./receiving-state";

/** A line with one part: `reason` and `quantity` of it. */
function line(overrides: Partial<ReceivingLine> & Pick<ReceivingLine, "key"> & { reason?: number; quantity?: number }): ReceivingLine {
  const { reason = 0, quantity = 0, ...rest } = overrides;
  return {
    lineId: overrides.key,
    variantId: `gid://shopify/ProductVariant/${overrides.key}`,
    title: "Trail Daypack 22L — Black",
    sku: "SOS-PACK22-BLK",
    barcode: "2000000000015",
    expected: 6,
    parts: [{ reason, quantity }],
    unitPrice: null,
    discount: "0",
    ...rest,
  };
}

const daypack = line({ key: "a" });
const bottle = line({ key: "b", sku: "SOS-BTL-STL-500", barcode: null, expected: 4 });
const parts = (entry: ReceivingLine | undefined) => entry?.parts.map((part) => [part.quantity, part.reason]);

describe("scanning", () => {
  it("matches a barcode before a SKU, and a SKU ignoring case and surrounding spaces", () => {
    const skuLikeBarcode = line({ key: "c", sku: "2000000000015", barcode: "9" });
    expect(findLine([skuLikeBarcode, daypack], "2000000000015")?.key).toBe("a");
    expect(findLine([daypack, bottle], "  sos-btl-stl-500 ")?.key).toBe("b");
    expect(findLine([daypack, bottle], "NOPE")).toBeUndefined();
    expect(findLine([daypack, bottle], "  ")).toBeUndefined();
  });

  it("counts units beyond what an ordered line expects on a line of their own, as delivered too much", () => {
    const full = line({ key: "a", expected: 2, quantity: 2 });
    const first = scan([full], full);
    expect(first.key).toBe(`variant:${full.variantId}`);
    expect(first.lines[1]).toMatchObject({ lineId: null, variantId: full.variantId, parts: [{ quantity: 1, reason: 10 }] });
    const second = scan(first.lines, first.lines[0]!);
    expect(second.lines.map((entry) => entry.parts[0]!.quantity)).toEqual([2, 2]);
    expect(parts(scan([daypack], daypack).lines[0])).toEqual([[1, 0]]);
  });

  it("counts a unit on the first part, whatever its reason says came, and turns 'not delivered' back into Accepted", () => {
    expect(parts(countOne([daypack], "a")[0])).toEqual([[1, 0]]);
    expect(parts(countOne([line({ key: "a", reason: 3, quantity: 2 })], "a")[0])).toEqual([[3, 3]]);
    expect(parts(countOne([line({ key: "a", reason: 1 })], "a")[0])).toEqual([[1, 0]]);
  });
});

describe("splitting a line across reasons", () => {
  const six = line({ key: "a", quantity: 6 });

  it("splits one unit off as damaged and returned, keeping the count: 6 scanned are 5 accepted and 1 returned", () => {
    const split = splitOff([six], "a");
    expect(parts(split[0])).toEqual([
      [5, 0],
      [1, 3],
    ]);
    expect(totals(split)).toEqual({ expected: 6, delivered: 5, returned: 1 });
    // A second part takes a reason the line has not used yet.
    expect(parts(splitOff(split, "a")[0])).toEqual([
      [4, 0],
      [1, 3],
      [1, 4],
    ]);
  });

  it("moves units between the first part and another when the other's quantity changes; removing it gives them back", () => {
    const split = splitOff([six], "a");
    expect(parts(setQuantity(split, "a", 2, 1)[0])).toEqual([
      [4, 0],
      [2, 3],
    ]);
    expect(parts(setQuantity(split, "a", 9, 1)[0])).toEqual([
      [0, 0],
      [9, 3],
    ]);
    expect(parts(removePart(setQuantity(split, "a", 2, 1), "a", 1)[0])).toEqual([[6, 0]]);
    expect(parts(setReason(split, "a", 5, 1)[0])).toEqual([
      [5, 0],
      [1, 5],
    ]);
  });

  it("sends a split line as its parts, with the API's reason keys; a one-part line as its reason and quantities", () => {
    const lines = splitOff([six, countOne([bottle], "b")[0]!], "a");
    expect(toPayload(lines)).toEqual([
      {
        line_id: "a",
        splits: [
          { intake_reason: "accepted", quantity: 5 },
          { intake_reason: "damaged_returned", quantity: 1 },
        ],
        discount: "0",
      },
      { line_id: "b", quantity_delivered: 1, quantity_returned: 0, intake_reason: "accepted", discount: "0" },
    ]);
    expect(payloadKeys(lines)).toEqual(["a", "b"]);
  });
});

describe("quick buttons and reasons", () => {
  it("receives all remaining on ordered lines, leaving lines being returned and unordered variants alone", () => {
    const rejected = line({ key: "r", reason: 4, quantity: 2 });
    const extra = line({ key: "variant:x", lineId: null, expected: 0, quantity: 1, reason: 6 });
    const split = splitOff([line({ key: "s", quantity: 2 })], "s")[0]!;
    const result = receiveAllRemaining([line({ key: "a", quantity: 2 }), line({ key: "n", reason: 1 }), rejected, extra, split]);
    expect(result.map(parts)).toEqual([
      [[6, 0]],
      [[6, 0]],
      [[2, 4]],
      [[1, 6]],
      [
        [5, 0],
        [1, 3],
      ],
    ]);
  });

  it("rejects everything counted, or what is expected when nothing was, as damaged", () => {
    expect(parts(reject([line({ key: "a", quantity: 2 })], "a")[0])).toEqual([[2, 3]]);
    expect(parts(reject([daypack], "a")[0])).toEqual([[6, 3]]);
    expect(parts(reject([line({ key: "a", reason: 13, quantity: 1 })], "a")[0])).toEqual([[1, 13]]);
    expect(parts(reject(splitOff([line({ key: "a", quantity: 6 })], "a"), "a")[0])).toEqual([[6, 3]]);
  });

  it("keeps the count with the first part's reason; not delivered leaves nothing counted and no other parts", () => {
    const returned = line({ key: "a", reason: 3, quantity: 2 });
    expect(parts(setReason([returned], "a", 12)[0])).toEqual([[2, 12]]);
    expect(parts(setReason(splitOff([returned], "a"), "a", 1)[0])).toEqual([[0, 1]]);
    expect(parts(setReason([daypack], "a", 3)[0])).toEqual([[6, 3]]);
  });
});

describe("the saved payload", () => {
  it("leaves out untouched ordered lines and keeps every unordered variant as a line of its own", () => {
    const lines = addVariant([daypack, countOne([bottle], "b")[0]!], {
      id: "gid://shopify/ProductVariant/9",
      title: "Camp Stove",
      sku: "SOS-STOVE-STD",
      barcode: null,
    });
    expect(toPayload(lines)).toEqual([
      { line_id: "b", quantity_delivered: 1, quantity_returned: 0, intake_reason: "accepted", discount: "0" },
      {
        variant_id: "gid://shopify/ProductVariant/9",
        separate_line: true,
        quantity_delivered: 1,
        quantity_returned: 0,
        intake_reason: "wrongly_delivered_accepted",
        discount: "0",
      },
    ]);
    // Scanning the added variant again counts on its line.
    expect(parts(addVariant(lines, { id: "gid://shopify/ProductVariant/9", title: "Camp Stove", sku: "SOS-STOVE-STD", barcode: null })[2])).toEqual([
      [2, 6],
    ]);
  });
});

describe("prices of variants not on the order", () => {
  it("sends the price entered, and none (the default cost) when it is blank", () => {
    const extra = addVariant([], { id: "gid://shopify/ProductVariant/9", title: "Surprise", sku: null, barcode: null });
    const key = extra[0]!.key;
    expect(toPayload(setUnitPrice(extra, key, "4.20"))[0]).toMatchObject({ variant_id: "gid://shopify/ProductVariant/9", unit_price: "4.20" });
    expect(toPayload(setUnitPrice(setUnitPrice(extra, key, "4.20"), key, "  "))[0]).not.toHaveProperty("unit_price");
  });
});
