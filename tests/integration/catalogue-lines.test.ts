import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { addCatalogueItem } from "~/services/catalogue.server";
import { addLine } from "~/services/purchase-order-lines.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop, standinGateway } from "../support/shopify";

/** Lines named by any code the merchant or supplier uses, priced from the supplier's catalogue. */
const SHOP = "catalogue-lines.myshopify.com";
const OTHER_SHOP = "catalogue-lines-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;
const terms = { supplierSku: "", alternateSkus: [] as string[], unitCost: "1.00", minimumOrderQuantity: "", packSize: "" };

let standin: StandinServer;
let database: TestDatabase;
let deps: { db: TestDatabase["db"]; gateway: ReturnType<typeof standinGateway> };
let northwind: string;
let harbor: string;
let variants: Array<{ variantId: string; sku: string | null }>;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP, accessToken: "token" });
  standin.store.addShop({ domain: OTHER_SHOP, accessToken: "token-b" });
  variants = standin.store.addProduct(SHOP, {
    title: "Organic Cotton Tee",
    vendor: "Northwind",
    variants: [
      { sku: "TEE-BLK-S", barcode: "2000000000107", price: "24.00", unitCost: "9.00", title: "Black / S" },
      { sku: "TEE-BLK-M", price: "24.00", unitCost: "9.10", title: "Black / M" },
      { sku: "TEE-WHT-S", price: "24.00", unitCost: null, title: "White / S" },
    ],
  }).variants;
  [northwind, harbor] = (await installShop(database.db, { domain: SHOP }, ["Northwind", "Harbor"])).suppliers.map((s) => s.id) as [string, string];
  await installShop(database.db, { domain: OTHER_SHOP });
  deps = { db: database.db, gateway: standinGateway(standin, SHOP, "token") };
  await addCatalogueItem(deps, SHOP, merchant, northwind, {
    ...terms,
    sku: "TEE-BLK-S",
    supplierSku: "NW-123",
    alternateSkus: ["NW-OLD-1"],
    unitCost: "7.25",
  });
  await addCatalogueItem(deps, SHOP, merchant, northwind, { ...terms, sku: "TEE-BLK-M", supplierSku: "NW-124", unitCost: "7.35" });
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

async function addByCode(supplierId: string, code: string, unitCost: string | null = null) {
  const order = await createOrder(database.db, SHOP, supplierId, [1]);
  const result = await addLine(deps, SHOP, merchant, order.id, { source: { type: "sku", sku: code }, ordered: 3, unitCost });
  return result.order!.lines.at(-1)!;
}

describe("resolving a line by code", () => {
  it("takes the supplier's SKU NW-123 to the right variant at the catalogue's cost", async () => {
    expect(await addByCode(northwind, "nw-123")).toMatchObject({ variantId: variants[0]!.variantId, sku: "TEE-BLK-S", unitCost: "7.25", ordered: 3 });
  });

  it("resolves an alternate SKU, a barcode and a variant id too", async () => {
    expect(await addByCode(northwind, "NW-OLD-1")).toMatchObject({ variantId: variants[0]!.variantId, unitCost: "7.25" });
    expect(await addByCode(northwind, "2000000000107")).toMatchObject({ variantId: variants[0]!.variantId, unitCost: "7.25" });
    expect(await addByCode(northwind, variants[1]!.variantId)).toMatchObject({ sku: "TEE-BLK-M", unitCost: "7.35" });
  });

  it("prices an internal SKU from the catalogue, then from Shopify; with neither it asks for a cost; a given cost wins", async () => {
    expect(await addByCode(northwind, "TEE-BLK-M")).toMatchObject({ unitCost: "7.35" });
    expect(await addByCode(harbor, "TEE-BLK-M")).toMatchObject({ unitCost: "9.1" });
    const refused = await addByCode(harbor, "TEE-WHT-S").catch((error: unknown) => error);
    expect((refused as ValidationError).fieldErrors).toEqual({
      "line.unitCost": "Enter a unit cost: the supplier's catalogue does not list this variant, and Shopify has no unit cost for it.",
    });
    expect(await addByCode(harbor, "TEE-WHT-S", "3.30")).toMatchObject({ unitCost: "3.3" });
    expect(await addByCode(northwind, "NW-123", "6.00")).toMatchObject({ unitCost: "6" });
  });

  it("never takes a price in another currency as the order's: Shopify's USD cost only at the order's exchange rate", async () => {
    const order = await createOrder(database.db, SHOP, northwind, [1]);
    await database.db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR" } });
    const add = () => addLine(deps, SHOP, merchant, order.id, { source: { type: "sku", sku: "NW-123" }, ordered: 1, unitCost: null });
    const refused = await add().catch((error: unknown) => error);
    expect((refused as ValidationError).fieldErrors).toEqual({
      "line.unitCost":
        "Enter a unit cost: the supplier's catalogue price is in USD, not EUR, and Shopify's unit cost (9.00 USD) is not in EUR " +
        "and the order has no exchange rate to convert it.",
    });
    expect((await loadOrderState(database.db, SHOP, order.id)).lines).toHaveLength(1);
    // 1 EUR = 1.125 USD: 9.00 USD is 8 EUR.
    await database.db.purchaseOrder.update({ where: { id: order.id }, data: { exchangeRate: "1.125" } });
    expect((await add()).order!.lines.at(-1)).toMatchObject({ sku: "TEE-BLK-S", unitCost: "8" });
  });

  it("looks only in the order's supplier's catalogue, and only at the shop's own orders", async () => {
    const order = await createOrder(database.db, SHOP, harbor, [1]);
    const refused = await addLine(deps, SHOP, merchant, order.id, { source: { type: "sku", sku: "NW-123" }, ordered: 1, unitCost: null }).catch(
      (e: unknown) => e,
    );
    expect((refused as ValidationError).fieldErrors).toEqual({ "line.sku": 'No variant in this shop has the SKU "NW-123"' });
    expect((await loadOrderState(database.db, SHOP, order.id)).lines).toHaveLength(1);

    const elsewhere = await addLine(deps, OTHER_SHOP, merchant, order.id, {
      source: { type: "sku", sku: "NW-123" },
      ordered: 1,
      unitCost: null,
    }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(NotFoundError);
  });
});

describe("creating a draft", () => {
  it("defaults each line's cost to the supplier's catalogue price, then Shopify's; a line with neither needs one", async () => {
    const draft = (whiteCost: string) => ({
      supplierId: northwind,
      locationId: "",
      note: "",
      lines: [
        { variantId: variants[0]!.variantId, quantity: "2", unitCost: "" },
        { variantId: variants[2]!.variantId, quantity: "2", unitCost: whiteCost },
        { variantId: variants[1]!.variantId, quantity: "2", unitCost: "8" },
      ],
    });
    const before = await database.db.purchaseOrder.count();
    const refused = await createDraftPurchaseOrder(deps, SHOP, merchant, draft("")).catch((error: unknown) => error);
    expect((refused as ValidationError).fieldErrors).toEqual({
      "lines.1.unitCost": "Enter a unit cost: the supplier's catalogue does not list this variant, and Shopify has no unit cost for it.",
    });
    expect(await database.db.purchaseOrder.count()).toBe(before);

    const order = await createDraftPurchaseOrder(deps, SHOP, merchant, draft("5.5"));
    const saved = await loadOrderState(database.db, SHOP, order.id);
    expect(saved.lines.map((line) => [line.sku, line.unitCost])).toEqual([
      ["TEE-BLK-S", "7.25"],
      ["TEE-WHT-S", "5.5"],
      ["TEE-BLK-M", "8"],
    ]);
  });
});
