import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { CatalogueImportError } from "~/domain/catalogue";
import { NotFoundError, ValidationError } from "~/domain/errors";
import {
  addCatalogueItem,
  exportCatalogueCsv,
  importCatalogueCsv,
  listCatalogue,
  removeCatalogueItem,
  updateCatalogueItem,
} from "~/services/catalogue.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop, standinGateway } from "../support/shopify";
import { failure } from "../support/responses";

/** A supplier's catalogue: the service over a real SQLite file, Shopify over HTTP (the stand-in). */
const SHOP_A = "catalogue-a.myshopify.com";
const SHOP_B = "catalogue-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;
const terms = { supplierSku: "", alternateSkus: [] as string[], unitCost: "1.00", minimumOrderQuantity: "", packSize: "" };

let standin: StandinServer;
let database: TestDatabase;
let deps: { db: TestDatabase["db"]; gateway: ReturnType<typeof standinGateway> };
let supplierId: string;
let supplierOfShopB: string;
let mugs: Array<{ variantId: string; sku: string | null }>;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP_A, accessToken: "token-a" });
  standin.store.addShop({ domain: SHOP_B, accessToken: "token-b" });
  mugs = standin.store.addProduct(SHOP_A, {
    title: "Stoneware Mug",
    vendor: "Harbor",
    variants: [
      { sku: "MUG-BLU", barcode: "2000000000015", price: "18.00", unitCost: "6.40", title: "Blue" },
      { sku: "MUG-RED", price: "18.00", unitCost: null, title: "Red" },
      { sku: "MUG-GRN", price: "18.00", unitCost: "6.00", title: "Green" },
    ],
  }).variants;
  standin.store.addProduct(SHOP_B, { title: "B's mug", vendor: "B", variants: [{ sku: "MUG-BLU", price: "1.00" }] });
  supplierId = (await installShop(database.db, { domain: SHOP_A }, ["Harbor"])).suppliers[0]!.id;
  supplierOfShopB = (await installShop(database.db, { domain: SHOP_B }, ["Harbor"])).suppliers[0]!.id;
  deps = { db: database.db, gateway: standinGateway(standin, SHOP_A, "token-a") };
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});
beforeEach(async () => {
  await database.db.catalogueItem.deleteMany();
});

describe("catalogue items", () => {
  it("adds an item by Shopify SKU, snapshotting the variant, then edits and removes it", async () => {
    const added = await addCatalogueItem(deps, SHOP_A, merchant, supplierId, {
      ...terms,
      sku: "mug-blu",
      supplierSku: "NW-123",
      alternateSkus: ["OLD-7"],
      unitCost: "5.25",
      minimumOrderQuantity: "12",
      packSize: "6",
    });
    expect(added).toMatchObject({
      variantId: mugs[0]!.variantId,
      sku: "MUG-BLU",
      barcode: "2000000000015",
      inventoryItemId: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\//),
      supplierSku: "NW-123",
      alternateSkus: ["OLD-7"],
      unitCost: "5.25",
      currencyCode: "USD",
      minimumOrderQuantity: 12,
      packSize: 6,
    });

    const edited = await updateCatalogueItem(database.db, SHOP_A, merchant, supplierId, added.id, {
      ...terms,
      supplierSku: "NW-124",
      unitCost: "5.10",
    });
    expect(edited).toMatchObject({ supplierSku: "NW-124", alternateSkus: [], unitCost: "5.1", minimumOrderQuantity: 1 });
    await removeCatalogueItem(database.db, SHOP_A, merchant, supplierId, added.id);
    expect(await listCatalogue(database.db, SHOP_A, supplierId)).toEqual([]);
    const actions = await database.db.auditEntry.findMany({ where: { action: { contains: "catalogue_item" } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((entry) => entry.action)).toEqual(["add_catalogue_item", "update_catalogue_item", "remove_catalogue_item"]);
    expect(JSON.parse(actions[1]!.changes!)).toMatchObject({ from: { unitCost: "5.25" }, to: { unitCost: "5.1" } });
  });

  it("refuses an unknown SKU, a variant already listed and a supplier SKU naming another item", async () => {
    const unknown = await failure(addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "NOPE", unitCost: "x" }));
    expect((unknown as ValidationError).fieldErrors).toEqual({
      sku: 'No variant in your Shopify store has the SKU "NOPE"',
      unitCost: expect.stringMatching(/unit cost of 0 or more/),
    });
    await addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-BLU", supplierSku: "NW-1" });
    const again = await failure(addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-BLU" }));
    expect((again as ValidationError).fieldErrors.sku).toMatch(/already in this catalogue/);
    const clash = await failure(addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-RED", alternateSkus: ["nw-1"] }));
    expect((clash as ValidationError).fieldErrors).toEqual({ alternateSkus: '"nw-1" already names MUG-BLU in this catalogue' });
    expect(await listCatalogue(database.db, SHOP_A, supplierId)).toHaveLength(1);
  });

  it("keeps shops apart: another shop's supplier and items cannot be read or changed by id", async () => {
    const mine = await addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-BLU" });
    const gatewayB = standinGateway(standin, SHOP_B, "token-b");
    expect(await failure(listCatalogue(database.db, SHOP_B, supplierId))).toBeInstanceOf(NotFoundError);
    expect(await failure(updateCatalogueItem(database.db, SHOP_B, merchant, supplierId, mine.id, { ...terms, unitCost: "0" }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await failure(removeCatalogueItem(database.db, SHOP_B, merchant, supplierId, mine.id))).toBeInstanceOf(NotFoundError);
    // Nor through another supplier of the same shop (the screen's URL names the supplier; it was not checked).
    const otherSupplier = await database.db.supplier.create({
      data: { shopId: (await database.db.supplier.findUniqueOrThrow({ where: { id: supplierId } })).shopId, name: "Other", currencyCode: "USD" },
    });
    expect(await failure(updateCatalogueItem(database.db, SHOP_A, merchant, otherSupplier.id, mine.id, { ...terms, unitCost: "0" }))).toBeInstanceOf(
      NotFoundError,
    );
    expect(await failure(removeCatalogueItem(database.db, SHOP_A, merchant, otherSupplier.id, mine.id))).toBeInstanceOf(NotFoundError);
    expect(
      await failure(importCatalogueCsv({ db: database.db, gateway: gatewayB }, SHOP_B, merchant, supplierId, "sku,unit_cost\r\nMUG-BLU,1\r\n")),
    ).toBeInstanceOf(NotFoundError);
    expect(await failure(exportCatalogueCsv(database.db, SHOP_B, supplierId))).toBeInstanceOf(NotFoundError);
    expect((await listCatalogue(database.db, SHOP_A, supplierId))[0]).toMatchObject({ unitCost: "1" });
    expect(await listCatalogue(database.db, SHOP_B, supplierOfShopB)).toEqual([]);
  });
});

describe("catalogue CSV", () => {
  it("imports nothing when a row is bad, and names the row, column and reason", async () => {
    await addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-GRN", unitCost: "3.00" });
    const csv = ["sku,supplier_sku,unit_cost", "MUG-BLU,NW-1,5.00", "MUG-GRN,NW-3,2.50", "MUG-NOPE,NW-2,4.00"].join("\r\n");
    const error = await failure(importCatalogueCsv(deps, SHOP_A, merchant, supplierId, csv));
    expect(error).toBeInstanceOf(CatalogueImportError);
    expect((error as CatalogueImportError).issues).toEqual([
      { row: 4, column: "sku", message: 'No variant in your Shopify store has the SKU "MUG-NOPE"' },
    ]);
    expect((error as CatalogueImportError).fieldErrors).toEqual({ "rows.4.sku": 'No variant in your Shopify store has the SKU "MUG-NOPE"' });
    const items = await listCatalogue(database.db, SHOP_A, supplierId);
    expect(items.map((item) => [item.sku, item.unitCost, item.supplierSku])).toEqual([["MUG-GRN", "3", null]]);
    expect(await database.db.auditEntry.count({ where: { action: "import_catalogue" } })).toBe(0);
  });

  it("upserts every row of a good file in one go, looking each SKU up once", async () => {
    await addCatalogueItem(deps, SHOP_A, merchant, supplierId, { ...terms, sku: "MUG-GRN", unitCost: "3.00" });
    standin.store.requests.length = 0;
    const result = await importCatalogueCsv(
      deps,
      SHOP_A,
      merchant,
      supplierId,
      `sku,variant_id,supplier_sku,alternate_skus,unit_cost,minimum_order_quantity,pack_size\r\nMUG-BLU,,NW-1,OLD-1|OLD-2,5.00,10,5\r\n,${mugs[1]!.variantId},NW-2,,4.5,,\r\nmug-grn,,NW-3,,2.75,,\r\n`,
    );
    expect(result).toEqual({ created: 2, updated: 1 });
    const operations = standin.store.requests.map((request) => request.operationName);
    expect(operations.filter((name) => name === "InboundVariantsById")).toHaveLength(1);
    expect(operations.filter((name) => name === "InboundVariantSearch")).toHaveLength(2);
    const items = await listCatalogue(database.db, SHOP_A, supplierId);
    expect(items.map((item) => [item.sku, item.supplierSku, item.alternateSkus, item.unitCost, item.minimumOrderQuantity, item.packSize])).toEqual([
      ["MUG-BLU", "NW-1", ["OLD-1", "OLD-2"], "5", 10, 5],
      ["MUG-GRN", "NW-3", [], "2.75", 1, 1],
      ["MUG-RED", "NW-2", [], "4.5", 1, 1],
    ]);
  });

  it("round-trips: an export imports back unchanged, even after the catalogue was emptied", async () => {
    await importCatalogueCsv(
      deps,
      SHOP_A,
      merchant,
      supplierId,
      'sku,supplier_sku,alternate_skus,unit_cost,pack_size\r\nMUG-BLU,"NW,1 ""big""",A|B,5.1234,4\r\nMUG-RED,,,0,\r\n',
    );
    const before = await listCatalogue(database.db, SHOP_A, supplierId);
    const exported = await exportCatalogueCsv(database.db, SHOP_A, supplierId);
    expect(exported.filename).toBe("harbor-catalogue.csv");
    await database.db.catalogueItem.deleteMany();
    expect(await importCatalogueCsv(deps, SHOP_A, merchant, supplierId, exported.csv)).toEqual({ created: 2, updated: 0 });
    const after = await listCatalogue(database.db, SHOP_A, supplierId);
    const comparable = (items: typeof before) => items.map(({ id: _id, ...item }) => item);
    expect(comparable(after)).toEqual(comparable(before));
    expect((await exportCatalogueCsv(database.db, SHOP_A, supplierId)).csv).toBe(exported.csv);
  });
});
