import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { MAX_ALIASED_MUTATIONS, MAX_METAFIELDS_PER_SET } from "~/services/shopify/documents";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { levelKey, levelQuantity, type QuantityName } from "../standin/store";
import { apiRejection, standinGateway } from "../support/shopify";

/**
 * The gateway's writes and the incoming read, over real HTTP against the stand-in, judged by
 * the stand-in's state afterwards and by how many Admin API calls they took.
 */
const SHOP = "gateway-writes.myshopify.com";
const TOKEN = "shpat_gateway_writes";
const ORDER_URI = "gid://inbound/PurchaseOrder/po-1";

let standin: StandinServer;
let gateway: ShopifyGateway;
let warehouse: string;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  gateway = standinGateway(standin, SHOP, TOKEN);
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.store.reset();
  standin.store.addShop({ domain: SHOP, accessToken: TOKEN });
  warehouse = standin.store.addLocation(SHOP, { name: "Warehouse" });
});

function addProducts(count: number, tags: string[] = []) {
  return Array.from({ length: count }, (_, i) =>
    standin.store.addProduct(SHOP, {
      title: `Lantern ${i + 1}`,
      vendor: "Acme",
      tags,
      variants: [{ sku: `LAN-${i + 1}`, price: "20.00", unitCost: "8.00" }],
    }),
  );
}

function shop() {
  return standin.store.shop(SHOP);
}

function quantity(inventoryItemId: string, locationId: string, name: QuantityName): number {
  const level = shop().levels.get(levelKey(inventoryItemId, locationId));
  return level ? levelQuantity(level, name) : 0;
}

function calls(operationName: string): number {
  return standin.store.adminApiCalls(SHOP)[operationName] ?? 0;
}

describe("inventory adjustments", () => {
  it("adjustOnHand adds received goods to available, naming the order, without a ledger document", async () => {
    const [product] = addProducts(1);
    const item = product!.variants[0]!.inventoryItemId;
    standin.store.setQuantity(SHOP, { inventoryItemId: item, locationId: warehouse, name: "available", quantity: 3 });

    await gateway.adjustOnHand({
      idempotencyKey: "effect-on-hand-1",
      referenceDocumentUri: ORDER_URI,
      changes: [{ inventoryItemId: item, locationId: warehouse, delta: 7 }],
    });

    expect(quantity(item, warehouse, "available")).toBe(10);
    expect(quantity(item, warehouse, "on_hand")).toBe(10);
    expect(shop().history).toEqual([
      expect.objectContaining({ reason: "received", referenceDocumentUri: ORDER_URI, idempotencyKey: "effect-on-hand-1" }),
    ]);
    expect(shop().history[0]?.changes.map((change) => change.ledgerDocumentUri)).toEqual([null, null]);
  });

  it("adjustIncoming keeps incoming under the order's ledger document", async () => {
    const [product] = addProducts(1);
    const item = product!.variants[0]!.inventoryItemId;

    await gateway.adjustIncoming({
      idempotencyKey: "effect-incoming-1",
      referenceDocumentUri: ORDER_URI,
      changes: [{ inventoryItemId: item, locationId: warehouse, delta: 12 }],
    });

    const level = shop().levels.get(levelKey(item, warehouse));
    expect(Object.fromEntries(level?.incomingByLedger ?? [])).toEqual({ [ORDER_URI]: 12 });
    expect(quantity(item, warehouse, "available")).toBe(0);
  });

  it("applies a repeated idempotency key once", async () => {
    const [product] = addProducts(1);
    const item = product!.variants[0]!.inventoryItemId;
    const request = {
      idempotencyKey: "effect-on-hand-2",
      referenceDocumentUri: ORDER_URI,
      changes: [{ inventoryItemId: item, locationId: warehouse, delta: 4 }],
    };
    await gateway.adjustOnHand(request);
    await gateway.adjustOnHand(request);
    expect(quantity(item, warehouse, "available")).toBe(4);
    expect(shop().history).toHaveLength(1);
  });

  it("reports Shopify's refusal as rejected, with its code", async () => {
    const error = await apiRejection(
      gateway.adjustOnHand({
        idempotencyKey: "effect-on-hand-3",
        referenceDocumentUri: ORDER_URI,
        changes: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: warehouse, delta: 1 }],
      }),
    );
    expect(error.kind).toBe("rejected");
    expect(error.message).toMatch(/INVALID_INVENTORY_ITEM/);
  });
});

describe("tags", () => {
  it("tags 60 products in two calls, keeping a tag a product already has once", async () => {
    const products = addProducts(60, ["on-po"]);
    await gateway.addTags(products.map((p) => ({ id: p.productId, tags: ["on-po", "PO-1001"] })));

    for (const product of products) expect(shop().products.get(product.productId)?.tags).toEqual(["on-po", "PO-1001"]);
    expect(calls("InboundTagsAdd")).toBe(Math.ceil(60 / MAX_ALIASED_MUTATIONS));
  });

  it("removes tags from 60 products in two calls, leaving the others", async () => {
    const products = addProducts(60, ["keep", "on-po"]);
    await gateway.removeTags(products.map((p) => ({ id: p.productId, tags: ["on-po"] })));

    for (const product of products) expect(shop().products.get(product.productId)?.tags).toEqual(["keep"]);
    expect(calls("InboundTagsRemove")).toBe(2);
  });

  it("tags every product it can and names the ones Shopify refused", async () => {
    const [known] = addProducts(1);
    const missing = "gid://shopify/Product/999";
    const error = await apiRejection(
      gateway.addTags([
        { id: missing, tags: ["on-po"] },
        { id: known!.productId, tags: ["on-po"] },
      ]),
    );
    expect(error.kind).toBe("rejected");
    expect(error.operation).toBe("InboundTagsAdd");
    expect(error.message).toContain(`${missing}: Product does not exist`);
    expect(shop().products.get(known!.productId)?.tags).toEqual(["on-po"]);
  });
});

describe("metafields", () => {
  it("sets 30 metafields in two calls and updates them in place", async () => {
    const products = addProducts(30);
    const write = (value: string) => products.map((p) => ({ ownerId: p.productId, namespace: "inbound", key: "on_order", type: "boolean", value }));

    await gateway.setMetafields(write("true"));
    expect(calls("InboundMetafieldsSet")).toBe(Math.ceil(30 / MAX_METAFIELDS_PER_SET));
    await gateway.setMetafields(write("false"));

    const metafields = [...shop().metafields.values()];
    expect(metafields).toHaveLength(30);
    expect(new Set(metafields.map((m) => `${m.namespace}.${m.key}=${m.value}`))).toEqual(new Set(["inbound.on_order=false"]));
    expect(new Set(metafields.map((m) => m.ownerId))).toEqual(new Set(products.map((p) => p.productId)));
  });

  it("names the metafield Shopify refused", async () => {
    const [product] = addProducts(1);
    const error = await apiRejection(
      gateway.setMetafields([{ ownerId: product!.productId, namespace: "inbound", key: "expected_on", type: "date", value: "next week" }]),
    );
    expect(error.kind).toBe("rejected");
    expect(error.message).toContain(`${product!.productId} inbound.expected_on: INVALID_VALUE`);
    expect(shop().metafields.size).toBe(0);
  });
});

describe("unit costs", () => {
  it("writes 60 inventory items' costs in two calls", async () => {
    const items = addProducts(60).map((p) => p.variants[0]!.inventoryItemId);
    await gateway.updateUnitCosts(items.map((inventoryItemId, i) => ({ inventoryItemId, cost: `${i + 1}.25` })));

    items.forEach((item, i) => expect(shop().inventoryItems.get(item)?.unitCost).toBe(`${i + 1}.25`));
    expect(calls("InboundUpdateUnitCosts")).toBe(2);
  });

  it("names the inventory item Shopify refused", async () => {
    const missing = "gid://shopify/InventoryItem/999";
    const error = await apiRejection(gateway.updateUnitCosts([{ inventoryItemId: missing, cost: "3.00" }]));
    expect(error.kind).toBe("rejected");
    expect(error.message).toContain(`${missing}: Inventory item does not exist`);
  });
});

describe("incoming read", () => {
  it("reads the total incoming per item and location, 0 where Shopify has no level or item", async () => {
    const [a, b] = addProducts(2).map((p) => p.variants[0]!.inventoryItemId);
    // Added after the products: they are not stocked there.
    const store = standin.store.addLocation(SHOP, { name: "Store" });
    standin.store.setQuantity(SHOP, { inventoryItemId: a!, locationId: warehouse, name: "incoming", quantity: 5, ledgerDocumentUri: ORDER_URI });
    standin.store.setQuantity(SHOP, {
      inventoryItemId: a!,
      locationId: warehouse,
      name: "incoming",
      quantity: 4,
      ledgerDocumentUri: "gid://other-app/PurchaseOrder/9",
    });
    standin.store.setQuantity(SHOP, { inventoryItemId: b!, locationId: store, name: "incoming", quantity: 2, ledgerDocumentUri: ORDER_URI });
    const unknown = "gid://shopify/InventoryItem/999";

    const read = await gateway.incomingQuantities([
      { inventoryItemId: a!, locationId: warehouse },
      { inventoryItemId: b!, locationId: warehouse },
      { inventoryItemId: a!, locationId: store },
      { inventoryItemId: b!, locationId: store },
      { inventoryItemId: unknown, locationId: warehouse },
    ]);

    expect(read).toEqual([
      { inventoryItemId: a, locationId: warehouse, quantity: 9 },
      { inventoryItemId: b, locationId: warehouse, quantity: 0 },
      { inventoryItemId: a, locationId: store, quantity: 0 },
      { inventoryItemId: b, locationId: store, quantity: 2 },
      { inventoryItemId: unknown, locationId: warehouse, quantity: 0 },
    ]);
    expect(calls("InboundIncomingQuantities")).toBe(2);
  });

  it("reads 260 items at one location in two calls", async () => {
    const items = addProducts(260).map((p) => p.variants[0]!.inventoryItemId);
    items.forEach((item, i) =>
      standin.store.setQuantity(SHOP, { inventoryItemId: item, locationId: warehouse, name: "incoming", quantity: i, ledgerDocumentUri: ORDER_URI }),
    );
    const read = await gateway.incomingQuantities(items.map((inventoryItemId) => ({ inventoryItemId, locationId: warehouse })));
    expect(read.map((position) => position.quantity)).toEqual(items.map((_, i) => i));
    expect(calls("InboundIncomingQuantities")).toBe(2);
  });
});

it("sends nothing for empty input", async () => {
  await gateway.addTags([]);
  await gateway.removeTags([]);
  await gateway.setMetafields([]);
  await gateway.updateUnitCosts([]);
  await expect(gateway.incomingQuantities([])).resolves.toEqual([]);
  expect(standin.store.requests).toEqual([]);
});
