import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { NotFoundError, ValidationError } from "~/domain/errors";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { searchPurchaseOrders } from "~/services/purchase-order-search.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import type { DraftInput } from "~/domain/purchase-order/draft";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop, standinGateway } from "../support/shopify";

/** Creating drafts end to end: service → Prisma on a real SQLite file, Shopify over HTTP. */
const SHOP_A = "shop-a.myshopify.com";
const SHOP_B = "shop-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;

let standin: StandinServer;
let database: TestDatabase;
let supplierA: string;
let supplierB: string;
let variants: Array<{ variantId: string; sku: string | null }>;
let locationA: string;
let variantOfShopB: string;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP_A, accessToken: "token-a" });
  standin.store.addShop({ domain: SHOP_B, accessToken: "token-b" });
  locationA = standin.store.addLocation(SHOP_A, { name: "Warehouse" });
  const product = standin.store.addProduct(SHOP_A, {
    title: "Stoneware Mug",
    vendor: "Acme Pottery",
    variants: [
      { sku: "MUG-BLU", price: "18.00", unitCost: "6.40", title: "Blue" },
      { sku: "MUG-RED", price: "18.00", unitCost: null, title: "Red" },
    ],
  });
  variants = product.variants;
  variantOfShopB = standin.store.addProduct(SHOP_B, {
    title: "Other shop's product",
    vendor: "Elsewhere",
    variants: [{ sku: "B-1", price: "1.00" }],
  }).variants[0]!.variantId;
  supplierA = (await installShop(database.db, { domain: SHOP_A }, ["Acme Pottery"])).suppliers[0]!.id;
  supplierB = (await installShop(database.db, { domain: SHOP_B }, ["Elsewhere"])).suppliers[0]!.id;
});

afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

function depsFor(shop: string, token: string) {
  return { db: database.db, gateway: standinGateway(standin, shop, token) };
}

function createInShopA(input: DraftInput) {
  return createDraftPurchaseOrder(depsFor(SHOP_A, "token-a"), SHOP_A, merchant, input);
}

function draft(overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    supplierId: supplierA,
    locationId: locationA,
    note: "",
    lines: [
      { variantId: variants[0]!.variantId, quantity: "10", unitCost: "" },
      { variantId: variants[1]!.variantId, quantity: "4", unitCost: "7.125" },
    ],
    ...overrides,
  };
}

async function fieldErrorsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

async function savedState() {
  return {
    orders: await database.db.purchaseOrder.count(),
    lines: await database.db.purchaseOrderLine.count(),
    audit: await database.db.auditEntry.count(),
  };
}

describe("creating a draft purchase order", () => {
  it("saves the order, its lines resolved from Shopify, and one audit entry", async () => {
    const order = await createInShopA(draft({ note: "Rush" }));
    const saved = await loadOrderState(database.db, SHOP_A, order.id);
    expect(saved).toMatchObject({ number: 1, status: "draft", currencyCode: "USD" });
    expect(saved.header).toMatchObject({ locationId: locationA, note: "Rush" });
    expect(saved.lines.map((line) => ({ sku: line.sku, qty: line.ordered, cost: line.unitCost }))).toEqual([
      // The blank cost takes Shopify's unit cost (in the order's currency); a typed cost wins.
      { sku: "MUG-BLU", qty: 10, cost: "6.4" },
      { sku: "MUG-RED", qty: 4, cost: "7.125" },
    ]);
    expect(saved.lines[0]?.inventoryItemId).toMatch(/^gid:\/\/shopify\/InventoryItem\//);
    const audit = await database.db.auditEntry.findMany({ where: { purchaseOrderId: order.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "create_draft", actorType: "merchant", actorId: "staff-1", toStatus: "draft" });

    const [summary] = (await searchPurchaseOrders(database.db, SHOP_A, {}, { page: 1, perPage: 50 })).orders;
    expect(summary).toMatchObject({ name: "PO-0001", supplierName: "Acme Pottery", lineCount: 2, totalQuantity: 14 });
    expect(summary?.subtotal).toBe("92.50"); // 10 × 6.40 + 4 × 7.125, exactly
  });

  it("numbers orders per shop without gaps", async () => {
    const second = await createInShopA(draft());
    expect(second.number).toBe(2);
    const firstOfB = await createDraftPurchaseOrder(depsFor(SHOP_B, "token-b"), SHOP_B, merchant, {
      supplierId: supplierB,
      locationId: "",
      note: "",
      lines: [{ variantId: variantOfShopB, quantity: "1", unitCost: "1" }],
    });
    expect(firstOfB.number).toBe(1);
  });

  it("refuses a variant Shopify does not know, naming the line, and saves nothing", async () => {
    const before = await savedState();
    const errors = await fieldErrorsOf(
      createInShopA(
        draft({
          lines: [
            { variantId: variants[0]!.variantId, quantity: "1", unitCost: "" },
            { variantId: "gid://shopify/ProductVariant/987654321", quantity: "1", unitCost: "" },
          ],
        }),
      ),
    );
    expect(errors).toEqual({ "lines.1.variantId": "Shopify has no such product variant in this shop" });
    expect(await savedState()).toEqual(before);
  });

  it("refuses another shop's variant and another shop's supplier", async () => {
    const before = await savedState();
    const errors = await fieldErrorsOf(
      createInShopA(draft({ supplierId: supplierB, lines: [{ variantId: variantOfShopB, quantity: "1", unitCost: "" }] })),
    );
    expect(Object.keys(errors).sort()).toEqual(["lines.0.variantId", "supplierId"]);
    expect(await savedState()).toEqual(before);
  });

  it("refuses a location the shop does not have", async () => {
    const errors = await fieldErrorsOf(createInShopA(draft({ locationId: "gid://shopify/Location/424242" })));
    expect(errors).toEqual({ locationId: "Choose one of the shop's active locations" });
  });

  it("refuses quantity 0 and negative quantities before asking Shopify anything", async () => {
    standin.store.requests.length = 0;
    const errors = await fieldErrorsOf(
      createInShopA(
        draft({
          lines: [
            { variantId: variants[0]!.variantId, quantity: "0", unitCost: "" },
            { variantId: variants[1]!.variantId, quantity: "-5", unitCost: "" },
          ],
        }),
      ),
    );
    expect(Object.keys(errors)).toEqual(["lines.0.quantity", "lines.1.quantity"]);
    expect(standin.store.requests).toHaveLength(0);
  });

  it("keeps shops apart: one shop cannot read another's order by id", async () => {
    const list = async (shop: string) => (await searchPurchaseOrders(database.db, shop, {}, { page: 1, perPage: 50 })).orders;
    const [ofB] = await list(SHOP_B);
    await expect(loadOrderState(database.db, SHOP_A, ofB!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await list(SHOP_A)).map((order) => order.name)).toEqual(["PO-0002", "PO-0001"]);
  });
});
