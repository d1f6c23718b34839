import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, startStandin, type StandinServer } from "./index";
import { dig, errorsOf, gql } from "./test-helpers";

let server: StandinServer;
let now = 0;

beforeAll(async () => {
  server = await startStandin();
  server.store.useClock(() => now);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  now = 1_000_000;
  server.store.reset();
});

// 2 + 250 × (1 product + 2 + 10 × 1 variant) = 3252 > 1000; 2 + 60 × (1 + 2 + 10) = 782.
const EXPENSIVE = "query Big { products(first: 60) { nodes { id variants(first: 10) { nodes { id } } } } }";

describe("query cost and throttling", () => {
  it("reports requested and actual cost and the bucket on every response", async () => {
    const reply = await gql(server, DEMO_ACCESS_TOKEN, "{ shop { id } products(first: 10) { nodes { id } } }");
    expect(reply.body.extensions?.cost).toEqual({
      requestedQueryCost: 1 + 2 + 10,
      actualQueryCost: 1 + 2 + 10,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000 - 13, restoreRate: 100 },
    });
  });

  it("charges mutations 10 points", async () => {
    const reply = await gql(
      server,
      DEMO_ACCESS_TOKEN,
      `mutation { tagsAdd(id: "gid://shopify/Product/80000000001", tags: ["x"]) { userErrors { message } } }`,
    );
    expect(reply.body.extensions?.cost.requestedQueryCost).toBe(10);
  });

  it("refuses a single query above 1000 points", async () => {
    const reply = await gql(server, DEMO_ACCESS_TOKEN, "{ products(first: 250) { nodes { id variants(first: 10) { nodes { id } } } } }");
    expect(reply.body.data).toBeUndefined();
    expect(errorsOf(reply)[0]?.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
  });

  it("throttles when the bucket is drained and restores 100 points a second", async () => {
    const first = await gql(server, DEMO_ACCESS_TOKEN, EXPENSIVE);
    expect(first.body.extensions?.cost.requestedQueryCost).toBe(782);
    // Only 50 products exist, so the refund leaves more than the requested cost would.
    const afterFirst = first.body.extensions?.cost.throttleStatus.currentlyAvailable ?? 0;
    expect(afterFirst).toBe(2000 - (first.body.extensions?.cost.actualQueryCost ?? 0));

    let reply = await gql(server, DEMO_ACCESS_TOKEN, EXPENSIVE);
    for (let i = 0; i < 5 && !errorsOf(reply).length; i++) reply = await gql(server, DEMO_ACCESS_TOKEN, EXPENSIVE);
    expect(errorsOf(reply)[0]).toMatchObject({ message: "Throttled", extensions: { code: "THROTTLED" } });
    expect(reply.body.data).toBeUndefined();
    const drained = reply.body.extensions?.cost.throttleStatus.currentlyAvailable ?? 0;
    expect(drained).toBeLessThan(782);

    now += 1000;
    const later = await gql(server, DEMO_ACCESS_TOKEN, "{ shop { id } }");
    expect(later.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(Math.min(2000, drained + 100) - 1);
    now += 10_000;
    const recovered = await gql(server, DEMO_ACCESS_TOKEN, EXPENSIVE);
    expect(recovered.body.data).toBeDefined();
  });
});

describe("fault injection", () => {
  async function fault(spec: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${server.origin}/__standin/faults`, { method: "POST", body: JSON.stringify(spec) });
    expect(response.status).toBe(201);
  }
  const shopQuery = () => gql(server, DEMO_ACCESS_TOKEN, "query ShopName { shop { name } }");

  it("throttles the next n requests", async () => {
    await fault({ kind: "throttled", count: 2 });
    expect(errorsOf(await shopQuery())[0]?.extensions?.code).toBe("THROTTLED");
    expect(errorsOf(await shopQuery())[0]?.extensions?.code).toBe("THROTTLED");
    expect((await shopQuery()).body.data).toEqual({ shop: { name: "Inbound Demo Store" } });
  });

  it("answers a 5xx with the requested status", async () => {
    await fault({ kind: "server_error", status: 502 });
    const response = await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": DEMO_ACCESS_TOKEN },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(response.status).toBe(502);
    expect(server.store.requests.at(-1)?.status).toBe(502);
  });

  it("delays a slow request and then answers normally", async () => {
    await fault({ kind: "slow", delayMs: 150 });
    const started = performance.now();
    const reply = await shopQuery();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.body.data).toEqual({ shop: { name: "Inbound Demo Store" } });
  });

  it("drops the connection without an answer", async () => {
    await fault({ kind: "drop" });
    await expect(shopQuery()).rejects.toThrow();
    expect((await shopQuery()).status).toBe(200);
  });

  it("applies a mutation and then drops the connection; the same key replays it once", async () => {
    const item = "gid://shopify/InventoryItem/45000000001";
    const location = [...server.store.shop(DEMO_SHOP_DOMAIN).locations.keys()][0]!;
    const available = () => {
      const level = server.store.shop(DEMO_SHOP_DOMAIN).levels.get(`${item}|${location}`);
      return level?.stored.available ?? 0;
    };
    const before = available();
    const adjust = () =>
      gql(
        server,
        DEMO_ACCESS_TOKEN,
        `
        mutation Receive($input: InventoryAdjustQuantitiesInput!) {
          inventoryAdjustQuantities(input: $input) @idempotent(key: "receipt-1") { userErrors { code } }
        }`,
        {
          input: {
            name: "available",
            reason: "received",
            changes: [{ inventoryItemId: item, locationId: location, delta: 3, changeFromQuantity: null }],
          },
        },
      );
    await fault({ kind: "drop_after_apply", operationName: "Receive" });

    await expect(adjust()).rejects.toThrow();
    expect(available()).toBe(before + 3);
    expect(server.store.requests.at(-1)).toMatchObject({ operationName: "Receive", status: 0, fault: "drop_after_apply" });

    expect(dig(await adjust(), "body", "data", "inventoryAdjustQuantities", "userErrors")).toEqual([]);
    expect(available()).toBe(before + 3);
  });

  it("counts a shop's Admin API calls by operation name, in the store and the inspection", async () => {
    await shopQuery();
    await shopQuery();
    await gql(server, DEMO_ACCESS_TOKEN, "query Other { shop { id } }");
    await gql(server, "shpat_unknown", "query Other { shop { id } }");
    expect(server.store.adminApiCalls(DEMO_SHOP_DOMAIN)).toEqual({ ShopName: 2, Other: 1 });
    const inspected = (await (await fetch(`${server.origin}/__standin/shops/${DEMO_SHOP_DOMAIN}`)).json()) as Record<string, unknown>;
    expect(inspected.adminApiCalls).toEqual({ ShopName: 2, Other: 1 });
  });

  it("matches faults by operation name and can be cleared", async () => {
    server.store.injectFault({ kind: "server_error", count: 5, operationName: "Other" });
    expect((await shopQuery()).status).toBe(200);
    expect((await fetch(`${server.origin}/__standin/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await gql(server, DEMO_ACCESS_TOKEN, "query Other { shop { id } }")).status).toBe(200);
  });

  it("leaves the data untouched when a mutation is faulted", async () => {
    await fault({ kind: "server_error", operationName: "Tag" });
    await fetch(server.graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": DEMO_ACCESS_TOKEN },
      body: JSON.stringify({
        query: `mutation Tag { tagsAdd(id: "gid://shopify/Product/80000000001", tags: ["faulted"]) { userErrors { message } } }`,
      }),
    });
    expect(server.store.shop(DEMO_SHOP_DOMAIN).products.get("gid://shopify/Product/80000000001")?.tags).not.toContain("faulted");
  });
});
