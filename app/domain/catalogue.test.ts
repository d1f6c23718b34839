import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  CatalogueImportError,
  checkCatalogueTerms,
  CsvSyntaxError,
  findCodeConflicts,
  matchCatalogueCode,
  parseCsv,
  planCatalogueImport,
  readCatalogueCsv,
  toCsv,
  writeCatalogueCsv,
  type ResolvedVariant,
} from "./catalogue";

const terms = { supplierSku: "", alternateSkus: [], unitCost: "4.10", minimumOrderQuantity: "", packSize: "" };

describe("catalogue terms", () => {
  it("defaults ordering constraints to 1 and drops repeated codes", () => {
    const { terms: parsed, errors } = checkCatalogueTerms({
      ...terms,
      supplierSku: " NW-123 ",
      alternateSkus: ["nw-123", "OLD-9", " old-9", ""],
    });
    expect(errors).toEqual({});
    expect(parsed).toMatchObject({ supplierSku: "NW-123", alternateSkus: ["OLD-9"], minimumOrderQuantity: 1, packSize: 1 });
    expect(parsed!.unitCost.toFixed()).toBe("4.1");
  });

  it("names each bad field", () => {
    const { terms: parsed, errors } = checkCatalogueTerms({
      supplierSku: "A|B",
      alternateSkus: [],
      unitCost: "-1",
      minimumOrderQuantity: "0",
      packSize: "2.5",
    });
    expect(parsed).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(["minimumOrderQuantity", "packSize", "supplierSku", "unitCost"]);
    expect(checkCatalogueTerms({ ...terms, unitCost: " " }).errors.unitCost).toMatch(/Required/);
  });
});

describe("codes", () => {
  const items = [
    { variantId: "v1", supplierSku: "NW-1", alternateSkus: ["OLD-1"], barcode: "200000000001" },
    { variantId: "v2", supplierSku: "NW-2", alternateSkus: ["nw-1"], barcode: null },
  ];

  it("matches a supplier SKU before an alternate, then a barcode, ignoring case", () => {
    expect(matchCatalogueCode(items, "nw-1")).toMatchObject({ item: { variantId: "v1" }, matchedBy: "supplier_sku" });
    expect(matchCatalogueCode(items, "old-1 ")).toMatchObject({ item: { variantId: "v1" }, matchedBy: "alternate_sku" });
    expect(matchCatalogueCode(items, "200000000001")).toMatchObject({ item: { variantId: "v1" }, matchedBy: "barcode" });
    expect(matchCatalogueCode(items, "NW-3")).toBeNull();
    expect(matchCatalogueCode(items, " ")).toBeNull();
  });

  it("reports a code naming two variants on the later item only", () => {
    expect(findCodeConflicts(items)).toEqual([{ index: 1, field: "alternateSkus", code: "nw-1", otherIndex: 0 }]);
    expect(findCodeConflicts([items[0]!, { ...items[0]!, alternateSkus: ["NW-1"] }])).toEqual([]);
  });
});

describe("CSV (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\n,""\n')).toEqual([
      ["a", "b,c", 'say "hi"', "two\r\nlines"],
      ["", ""],
    ]);
    expect(parseCsv("\uFEFFx\ry")).toEqual([["x"], ["y"]]);
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\r\n")).toEqual([[""]]);
  });

  it("refuses malformed quoting, naming the record", () => {
    const syntaxError = (text: string) => {
      try {
        parseCsv(text);
      } catch (error) {
        return error as CsvSyntaxError;
      }
      return expect.unreachable();
    };
    expect(syntaxError('a\r\n"open')).toMatchObject({ row: 2, message: expect.stringMatching(/never closed/) });
    expect(syntaxError('a\r\nb\r\n"x"y')).toMatchObject({ row: 3 });
    expect(syntaxError('ab"c')).toMatchObject({ row: 1 });
  });

  it("writes cells a spreadsheet would run as formulas as text, numbers as numbers, and reads them back as they were", () => {
    const cells = ["=1+2", "+1+2", "-2+3", "@SUM(A1)", "\tx", "'=quoted", "-5.00", "+7", "12", "plain"];
    const written = toCsv([cells]);
    expect(written).toBe("'=1+2,'+1+2,'-2+3,'@SUM(A1),'\tx,''=quoted,-5.00,+7,12,plain\r\n");
    expect(parseCsv(written)).toEqual([cells]);
    const link = '=HYPERLINK("http://evil.example","x")';
    expect(toCsv([[link]])).toBe(`"'${link.replace(/"/g, '""')}"\r\n`);
    expect(parseCsv(toCsv([[link]]))).toEqual([[link]]);
  });

  it("writes what it reads back unchanged, for any fields", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (records) => {
        expect(parseCsv(toCsv(records))).toEqual(records);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom("", ",", '"', "\r", "\n", "\r\n", " a", "b"), { minLength: 1, maxLength: 4 })), (records) => {
        expect(parseCsv(toCsv(records))).toEqual(records);
      }),
    );
  });
});

describe("catalogue CSV import", () => {
  const mug: ResolvedVariant = {
    id: "gid://shopify/ProductVariant/1",
    sku: "MUG-1",
    barcode: null,
    inventoryItemId: "gid://shopify/InventoryItem/1",
  };
  const bowl: ResolvedVariant = {
    id: "gid://shopify/ProductVariant/2",
    sku: "BOWL-1",
    barcode: null,
    inventoryItemId: "gid://shopify/InventoryItem/2",
  };
  const bySku = new Map([
    ["mug-1", mug],
    ["bowl-1", bowl],
  ]);
  const byId = new Map([
    [mug.id, mug],
    [bowl.id, bowl],
  ]);

  function issues(text: string, existing = [] as Parameters<typeof planCatalogueImport>[0]["existing"]) {
    try {
      planCatalogueImport({ read: readCatalogueCsv(text), variantsById: byId, variantsBySku: bySku, existing });
    } catch (error) {
      if (error instanceof CatalogueImportError) return error.issues;
      throw error;
    }
    return expect.unreachable("the import was accepted");
  }

  it("plans one upsert per row, naming variants by SKU or id", () => {
    const upserts = planCatalogueImport({
      read: readCatalogueCsv("SKU,Unit_Cost,alternate_skus,variant_id\r\nmug-1,4.10,A|B,\r\n,2,,2\r\n,,,\r\n"),
      variantsById: byId,
      variantsBySku: bySku,
      existing: [],
    });
    expect(upserts.map((upsert) => [upsert.row, upsert.variant.id, upsert.terms.alternateSkus])).toEqual([
      [2, mug.id, ["A", "B"]],
      [3, bowl.id, []],
    ]);
  });

  it("refuses the whole file with every issue by row and column", () => {
    const found = issues(
      ["sku,supplier_sku,unit_cost,pack_size", "MUG-1,NW-1,4.10,", "NOPE,,1.00,", "BOWL-1,nw-1,abc,0", "mug-1,,1,", "BOWL-1,x"].join("\r\n"),
    );
    expect(found).toEqual([
      { row: 3, column: "sku", message: 'No variant in your Shopify store has the SKU "NOPE"' },
      { row: 4, column: "unit_cost", message: expect.stringMatching(/unit cost of 0 or more/) },
      { row: 4, column: "pack_size", message: expect.stringMatching(/whole number/) },
      { row: 5, column: "sku", message: "Duplicate of row 2: each variant appears once" },
      { row: 6, column: null, message: "Has 2 fields; the header has 4" },
    ]);
    const error = new CatalogueImportError(found);
    expect(error.fieldErrors).toHaveProperty(["rows.3.sku"]);
  });

  it("names missing and unknown columns before reading any row", () => {
    expect(issues("supplier_sku,price\r\nx,1\r\n")).toEqual([
      { row: null, column: "price", message: expect.stringMatching(/^Unknown column/) },
      { row: null, column: "sku", message: expect.stringMatching(/^Missing column/) },
      { row: null, column: "unit_cost", message: "Missing column" },
    ]);
    expect(issues("sku,unit_cost\r\n")).toEqual([{ row: null, column: null, message: "The file has no rows to import" }]);
    expect(issues('sku,unit_cost\r\n"MUG-1,4')).toEqual([{ row: 2, column: null, message: expect.stringMatching(/never closed/) }]);
  });

  it("catches a variant named twice in different ways, a stale SKU beside an id, and clashing codes", () => {
    expect(issues(`variant_id,sku,unit_cost\r\n${mug.id},,1\r\n,MUG-1,2\r\n2,MUG-1,3\r\n`)).toEqual([
      { row: 3, column: "sku", message: "Same variant as row 2: each variant appears once" },
      { row: 4, column: "sku", message: expect.stringMatching(/SKU in Shopify is "BOWL-1"/) },
    ]);
    expect(issues("sku,supplier_sku,unit_cost\r\nMUG-1,NW-9,1\r\n", [{ variantId: bowl.id, supplierSku: "nw-9", alternateSkus: [] }])).toEqual([
      { row: 2, column: "supplier_sku", message: '"NW-9" already names another item in this catalogue' },
    ]);
    // Re-importing an item's own codes is no clash: the row replaces it.
    expect(() =>
      planCatalogueImport({
        read: readCatalogueCsv("sku,supplier_sku,unit_cost\r\nMUG-1,NW-9,1\r\n"),
        variantsById: byId,
        variantsBySku: bySku,
        existing: [{ variantId: mug.id, supplierSku: "NW-9", alternateSkus: [] }],
      }),
    ).not.toThrow();
  });

  it("exports in the format it imports", () => {
    const csv = writeCatalogueCsv([
      { variantId: mug.id, sku: "MUG-1", supplierSku: "NW, 1", alternateSkus: ["A", "B"], unitCost: "4.1000", minimumOrderQuantity: 6, packSize: 3 },
    ]);
    expect(csv).toBe(
      `variant_id,sku,supplier_sku,alternate_skus,unit_cost,minimum_order_quantity,pack_size\r\n${mug.id},MUG-1,"NW, 1",A|B,4.1,6,3\r\n`,
    );
    const [upsert] = planCatalogueImport({ read: readCatalogueCsv(csv), variantsById: byId, variantsBySku: bySku, existing: [] });
    expect(upsert).toMatchObject({ variant: mug, terms: { supplierSku: "NW, 1", alternateSkus: ["A", "B"], minimumOrderQuantity: 6, packSize: 3 } });
  });
});
