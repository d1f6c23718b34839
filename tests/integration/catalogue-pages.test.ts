import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CATALOGUE_PAGE_SIZE } from "~/domain/catalogue";
import { ValidationError } from "~/domain/errors";
import { catalogueItemsPage, type CataloguePageRequest } from "~/services/catalogue.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop, standinGateway } from "../support/shopify";

/** Browsing a supplier's catalogue: keyset pages of 50 in SKU order, and search. Real SQLite, Shopify over HTTP. */
const SHOP = "catalogue-pages.myshopify.com";
const OTHER_SHOP = "catalogue-pages-other.myshopify.com";

let standin: StandinServer;
let database: TestDatabase;
let deps: { db: TestDatabase["db"]; gateway: ReturnType<typeof standinGateway> };
let supplierId: string;
let supplierOfOtherShop: string;
/** Every item's id in the order pages must list them: SKU ascending, no SKU last, ties by id. */
let expectedOrder: string[];
let mugVariantIds: string[];

/** 130 items in runs of three equal SKUs (page edges fall inside a run), 10 without SKU, and the three mugs. */
const ITEMS_WITH_SKU = 120;
const ITEMS_WITHOUT_SKU = 10;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP, accessToken: "token" });
  standin.store.addShop({ domain: OTHER_SHOP, accessToken: "token-other" });
  mugVariantIds = standin.store
    .addProduct(SHOP, {
      title: "Stoneware Mug",
      vendor: "Harbor",
      variants: [
        { sku: "MUG-BLU", price: "18.00", title: "Blue" },
        { sku: "MUG-RED", price: "18.00", title: "Red" },
        { sku: "MUG-GRN", price: "18.00", title: "Green" },
      ],
    })
    .variants.map((variant) => variant.variantId);
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Harbor"])).suppliers[0]!.id;
  supplierOfOtherShop = (await installShop(database.db, { domain: OTHER_SHOP }, ["Harbor"])).suppliers[0]!.id;
  deps = { db: database.db, gateway: standinGateway(standin, SHOP, "token") };

  const item = (index: number, sku: string | null, variantId = `gid://shopify/ProductVariant/${9000 + index}`) => ({
    supplierId,
    variantId,
    sku,
    supplierSku: `SUP-${index}`,
    unitCost: "1.00",
    currencyCode: "USD",
  });
  const rows = [
    ...Array.from({ length: ITEMS_WITH_SKU }, (_, index) => item(index, `BOLT-${String(Math.floor(index / 3)).padStart(3, "0")}`)),
    ...Array.from({ length: ITEMS_WITHOUT_SKU }, (_, index) => item(ITEMS_WITH_SKU + index, null)),
    ...mugVariantIds.map((variantId, index) => item(500 + index, ["MUG-BLU", "MUG-RED", "MUG-GRN"][index]!, variantId)),
  ];
  for (const row of rows) await database.db.catalogueItem.create({ data: row });
  await database.db.catalogueItem.create({ data: { ...item(0, "BOLT-000"), supplierId: supplierOfOtherShop } });

  const stored = await database.db.catalogueItem.findMany({ where: { supplierId } });
  const byKey = (a: { sku: string | null; id: string }, b: { sku: string | null; id: string }) =>
    a.sku === b.sku ? (a.id < b.id ? -1 : 1) : a.sku === null ? 1 : b.sku === null ? -1 : a.sku < b.sku ? -1 : 1;
  expectedOrder = stored.sort(byKey).map((row) => row.id);
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

const page = (request: Partial<CataloguePageRequest>, shop = SHOP, supplier = supplierId) =>
  catalogueItemsPage(deps, shop, supplier, { query: "", after: null, before: null, ...request });

describe("catalogue pages", () => {
  it("walks every item once, forwards and back, with page edges inside runs of equal SKUs", async () => {
    const forwards: string[][] = [];
    let cursor: string | null = null;
    let previous: string | null;
    do {
      const current = await page({ after: cursor });
      expect(current.items.length).toBeLessThanOrEqual(CATALOGUE_PAGE_SIZE);
      expect(current.matching).toBe(expectedOrder.length);
      expect(current.previous === null).toBe(forwards.length === 0);
      forwards.push(current.items.map((item) => item.id));
      cursor = current.next;
      previous = current.previous;
    } while (cursor);
    expect(forwards.map((ids) => ids.length)).toEqual([50, 50, 33]);
    expect(forwards.flat()).toEqual(expectedOrder);
    // The 50th and 51st items share a SKU: the edge fell inside a run and nothing was repeated or skipped.
    const edge = await database.db.catalogueItem.findMany({ where: { id: { in: [expectedOrder[49]!, expectedOrder[50]!] } } });
    expect(new Set(edge.map((row) => row.sku)).size).toBe(1);

    const backwards: string[][] = [forwards.at(-1)!];
    while (previous) {
      const current = await page({ before: previous });
      expect(current.next).not.toBeNull();
      backwards.unshift(current.items.map((item) => item.id));
      previous = current.previous;
    }
    expect(backwards).toEqual(forwards);
  });

  it("finds items by SKU, supplier SKU and the product's title in Shopify, one page at a time", async () => {
    const bySku = await page({ query: "bolt-01" });
    expect(bySku.items.map((item) => item.sku)).toEqual(
      Array.from({ length: 30 }, (_, index) => `BOLT-${String(10 + Math.floor(index / 3)).padStart(3, "0")}`),
    );
    expect(bySku).toMatchObject({ matching: 30, next: null, previous: null });

    expect((await page({ query: "SUP-125" })).items.map((item) => item.supplierSku)).toEqual(["SUP-125"]);

    const byTitle = await page({ query: "Stoneware" });
    expect(byTitle.items.map((item) => item.sku)).toEqual(["MUG-BLU", "MUG-GRN", "MUG-RED"]);

    const nothing = await page({ query: "no such thing" });
    expect(nothing).toMatchObject({ items: [], matching: 0, next: null, previous: null });
  });

  it("keeps the search across pages", async () => {
    const first = await page({ query: "BOLT" });
    expect(first.matching).toBe(ITEMS_WITH_SKU);
    const second = await page({ query: "BOLT", after: first.next });
    expect(second.items.every((item) => item.sku?.startsWith("BOLT-"))).toBe(true);
    const third = await page({ query: "BOLT", after: second.next });
    expect(third.items).toHaveLength(20);
    expect(third.next).toBeNull();
  });

  it("refuses a page link that is not one, naming the parameter, and another shop's supplier", async () => {
    await expect(page({ after: "not-a-cursor" })).rejects.toThrow(ValidationError);
    await expect(page({ after: "not-a-cursor" })).rejects.toMatchObject({ fieldErrors: { after: expect.stringMatching(/page link/) } });
    await expect(page({ before: Buffer.from("[1,2]").toString("base64url") })).rejects.toMatchObject({ fieldErrors: { before: expect.any(String) } });
    await expect(page({ query: "x".repeat(201) })).rejects.toMatchObject({ fieldErrors: { query: expect.any(String) } });
    await expect(page({}, OTHER_SHOP, supplierId)).rejects.toThrow(/not found/i);
    expect((await page({}, OTHER_SHOP, supplierOfOtherShop)).items).toHaveLength(1);
  });
});
