import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, startStandin, type StandinServer } from "../standin";
import { apiRejection, standinGateway } from "../support/shopify";

/** The production gateway over real HTTP against the stand-in; nothing here mocks it. */
let standin: StandinServer;
let gateway: ShopifyGateway;

beforeAll(async () => {
  standin = await startStandin();
  gateway = standinGateway(standin, DEMO_SHOP_DOMAIN, DEMO_ACCESS_TOKEN);
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.store.requests.length = 0;
});

describe("Shopify gateway against the Admin API stand-in", () => {
  it("reads the shop and its locations", async () => {
    const shop = await gateway.shop();
    expect(shop).toMatchObject({ domain: DEMO_SHOP_DOMAIN, name: "Inbound Demo Store", currencyCode: "USD" });
    const locations = await gateway.locations();
    expect(locations.map((location) => location.name).sort()).toEqual(["Downtown Store", "Main Warehouse"]);
  });

  it("searches variants by vendor and by SKU text", async () => {
    const harbor = await gateway.searchVariants({ vendor: "Harbor Ceramics" }, 50);
    expect(harbor.length).toBeGreaterThan(0);
    expect(new Set(harbor.map((variant) => variant.vendor))).toEqual(new Set(["Harbor Ceramics"]));

    const sku = harbor[0]!.sku!;
    const bySku = await gateway.searchVariants({ text: sku });
    expect(bySku.map((variant) => variant.sku)).toContain(sku);
    expect(bySku[0]).toMatchObject({ inventoryItemId: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\//) });
  });

  it("pages through products with their variants for a resource picker, and finds one by SKU or barcode", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await gateway.productsForPicker({ query: "", first: 15, after });
      seen.push(...page.products.map((product) => product.id));
      after = page.nextCursor;
    } while (after);
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);

    const [product] = (await gateway.productsForPicker({ query: 'vendor:"Harbor Ceramics"', first: 1 })).products;
    const variant = product!.variants[0]!;
    expect(variant).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/ProductVariant\//), price: expect.stringMatching(/^\d+(\.\d+)?$/) });
    const bySku = await gateway.productsForPicker({ query: `"${variant.sku!}"`, first: 15 });
    expect(bySku.products.map((found) => found.id)).toEqual([product!.id]);
    const byBarcode = await gateway.productsForPicker({ query: `barcode:"${variant.barcode!}"`, first: 15 });
    expect(byBarcode.products.map((found) => found.id)).toEqual([product!.id]);
  });

  it("resolves variants by id and leaves unknown ids out", async () => {
    const [known] = await gateway.searchVariants({ vendor: "Northwind Textiles" }, 1);
    const unknown = "gid://shopify/ProductVariant/999999999";
    const found = await gateway.variantsByIds([known!.id, unknown]);
    expect([...found.keys()]).toEqual([known!.id]);
    expect(found.get(known!.id)?.unitCost).toEqual({ amount: expect.stringMatching(/^\d+(\.\d+)?$/), currencyCode: "USD" });
  });

  it("waits and retries when Shopify throttles, then succeeds", async () => {
    standin.store.injectFault({ kind: "throttled", count: 2 });
    await expect(gateway.shop()).resolves.toMatchObject({ domain: DEMO_SHOP_DOMAIN });
    expect(standin.store.requests.filter((r) => r.operationName === "InboundShop")).toHaveLength(3);
  });

  it("retries 5xx answers and dropped connections", async () => {
    standin.store.injectFault({ kind: "server_error", count: 1, status: 502 });
    standin.store.injectFault({ kind: "drop", count: 1 });
    await expect(gateway.locations()).resolves.toHaveLength(2);
  });

  it("gives up with a typed error when throttling outlasts its attempts", async () => {
    standin.store.injectFault({ kind: "throttled", count: 10 });
    const error = await apiRejection(gateway.shop());
    expect(error.kind).toBe("throttled");
    expect(standin.store.requests.filter((r) => r.operationName === "InboundShop")).toHaveLength(4);
    standin.store.clearFaults();
  });

  it("reports a revoked token as unauthorized, without retrying", async () => {
    const revoked = standinGateway(standin, DEMO_SHOP_DOMAIN, "shpat_revoked");
    const error = await apiRejection(revoked.shop());
    expect(error.kind).toBe("unauthorized");
    expect(standin.store.requests).toHaveLength(1);
  });
});

describe("the stand-in rejects what Shopify would", () => {
  it("refuses a document with an unknown field, executing nothing", async () => {
    const response = await fetch(standin.graphqlUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": DEMO_ACCESS_TOKEN },
      body: JSON.stringify({ query: "query { shop { id notARealField } }" }),
    });
    const body = (await response.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.message).toMatch(/notARealField/);
  });
});
