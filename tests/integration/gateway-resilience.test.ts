import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { ShopifyApiError } from "~/services/shopify/errors";
import type { GatewayOptions } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { levelKey, levelQuantity } from "../standin/store";
import { apiRejection, standinGateway } from "../support/shopify";

/**
 * The gateway under Shopify's failures, over real HTTP against the stand-in: a connection lost
 * after Shopify applied a mutation, throttling, 5xx and slow answers. The stand-in's clock and
 * the gateway's clock are one injected clock that only the gateway's sleeps move, so waits are
 * asserted exactly and the bucket refills exactly as much as the gateway waited.
 */
const SHOP = "gateway-resilience.myshopify.com";
const TOKEN = "shpat_gateway_resilience";
const ORDER_URI = "gid://inbound/PurchaseOrder/po-2";

let standin: StandinServer;
let now = 0;
let waits: number[] = [];
let warehouse: string;

function gateway(options: Partial<GatewayOptions> = {}) {
  return standinGateway(standin, SHOP, TOKEN, {
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    random: () => 1,
    ...options,
  });
}

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  standin.store.useClock(() => now);
});
afterAll(() => standin.close());
beforeEach(() => {
  now = 1_000_000;
  waits = [];
  standin.store.reset();
  standin.store.addShop({ domain: SHOP, accessToken: TOKEN });
  warehouse = standin.store.addLocation(SHOP, { name: "Warehouse" });
});

function addProducts(count: number) {
  return Array.from({ length: count }, (_, i) =>
    standin.store.addProduct(SHOP, { title: `Crate ${i + 1}`, vendor: "Acme", variants: [{ sku: `CR-${i + 1}`, price: "9.00" }] }),
  );
}

function calls(operationName: string) {
  return standin.store.requests.filter((request) => request.shop === SHOP && request.operationName === operationName);
}

describe("a connection dropped after Shopify applied the mutation", () => {
  it("is retried with the same key and applied once", async () => {
    const item = addProducts(1)[0]!.variants[0]!.inventoryItemId;
    standin.store.injectFault({ kind: "drop_after_apply", operationName: "InboundAdjustQuantities" });

    await gateway().adjustOnHand({
      idempotencyKey: "effect-7",
      referenceDocumentUri: ORDER_URI,
      changes: [{ inventoryItemId: item, locationId: warehouse, delta: 5 }],
    });

    const level = standin.store.shop(SHOP).levels.get(levelKey(item, warehouse));
    expect(level && levelQuantity(level, "available")).toBe(5);
    expect(standin.store.shop(SHOP).history).toHaveLength(1);
    expect(calls("InboundAdjustQuantities").map((request) => [request.status, request.fault])).toEqual([
      [0, "drop_after_apply"],
      [200, null],
    ]);
  });

  it("leaves tags applied once when a batch is sent again", async () => {
    const products = addProducts(3);
    standin.store.injectFault({ kind: "drop_after_apply", operationName: "InboundTagsAdd" });

    await gateway().addTags(products.map((product) => ({ id: product.productId, tags: ["on-po"] })));

    for (const product of products) expect(standin.store.shop(SHOP).products.get(product.productId)?.tags).toEqual(["on-po"]);
    expect(calls("InboundTagsAdd")).toHaveLength(2);
  });
});

describe("pacing to the cost bucket", () => {
  it("waits for the bucket to refill before a batch it cannot afford, instead of being throttled", async () => {
    const products = addProducts(100);
    standin.store.shop(SHOP).bucket.available = 600;

    await gateway().addTags(products.map((product) => ({ id: product.productId, tags: ["on-po"] })));

    // The first batch (50 × 10 points) leaves 100; the second needs 500: 400 points at 100 a second.
    expect(waits).toEqual([4000]);
    expect(calls("InboundTagsAdd").map((request) => request.status)).toEqual([200, 200]);
    expect(standin.store.shop(SHOP).products.get(products[99]!.productId)?.tags).toEqual(["on-po"]);
  });

  it("does not wait while the bucket holds enough", async () => {
    const products = addProducts(100);
    await gateway().addTags(products.map((product) => ({ id: product.productId, tags: ["on-po"] })));
    expect(waits).toEqual([]);
  });
});

describe("retries", () => {
  it("backs off exponentially with jitter on 5xx answers", async () => {
    standin.store.injectFault({ kind: "server_error", status: 503, count: 2 });
    await expect(gateway({ random: () => 1 }).shop()).resolves.toMatchObject({ domain: SHOP });
    // 200 ms, then 400 ms, each plus up to half again (random() = 1: the full half).
    expect(waits).toEqual([300, 600]);
  });

  it("jitters the throttled wait too", async () => {
    standin.store.injectFault({ kind: "throttled" });
    await gateway({ random: () => 0.5 }).shop();
    expect(waits).toEqual([125]);
    expect(calls("InboundShop")).toHaveLength(2);
  });

  it("retries a request that outlasts the timeout", async () => {
    // The slow answer is far past the timeout and the timeout far past a normal answer, even on a loaded machine.
    standin.store.injectFault({ kind: "slow", delayMs: 20_000, operationName: "InboundShop" });
    await expect(gateway({ timeoutMs: 3_000 }).shop()).resolves.toMatchObject({ domain: SHOP });
    expect(calls("InboundShop").map((request) => request.fault)).toEqual(["slow", null]);
  });

  it("reports lasting timeouts as unavailable", async () => {
    standin.store.injectFault({ kind: "slow", delayMs: 20_000, count: 2 });
    const error = await gateway({ timeoutMs: 500, maxAttempts: 2 })
      .locations()
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(ShopifyApiError);
    expect(error).toMatchObject({ kind: "unavailable", message: "InboundLocations: no answer within 500 ms" });
  });
});

describe("a mutation answered without its payload", () => {
  it("is a graphql failure, not a crash reading its userErrors", async () => {
    // Shopify nulls a payload only beside an error; an answer with neither cannot say what happened.
    const nullPayload = async () => Response.json({ data: { inventoryAdjustQuantities: null }, extensions: {} }, { status: 200 });
    const error = await apiRejection(
      gateway({ fetchApi: nullPayload }).adjustIncoming({
        idempotencyKey: "effect-null-payload",
        referenceDocumentUri: ORDER_URI,
        changes: [{ inventoryItemId: "gid://shopify/InventoryItem/1", locationId: warehouse, delta: 1 }],
      }),
    );
    expect(error).toMatchObject({ kind: "graphql", message: "InboundAdjustQuantities: no payload in the answer" });
  });
});
