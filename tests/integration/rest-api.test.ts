import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop } from "../support/shopify";

/**
 * The REST API through its route modules with real Requests: API-key auth (never a Shopify
 * session), shop isolation, search and paging, the one error shape, and the contract — every
 * response parses with the schemas the OpenAPI document is generated from.
 */
const SHOP = "rest-shop.myshopify.com";
const OTHER_SHOP = "rest-other.myshopify.com";
const ORIGIN = "https://inbound.example.com";

let database: TestDatabase;
let list: typeof import("~/routes/api.v1.purchase_orders");
let show: typeof import("~/routes/api.v1.purchase_orders_.$id");
let openapi: typeof import("~/routes/api.v1.openapi[.json]");
let schemas: typeof import("~/api/schemas");
let handler: typeof import("~/api/handler.server");
let readKey: string;
let writeKey: string;
let revokedKey: string;
let otherShopKey: string;
const orders: Record<string, { id: string; supplierId: string }> = {};
let otherOrderId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  list = await import("~/routes/api.v1.purchase_orders");
  show = await import("~/routes/api.v1.purchase_orders_.$id");
  openapi = await import("~/routes/api.v1.openapi[.json]");
  schemas = await import("~/api/schemas");
  handler = await import("~/api/handler.server");
  const { createApiKey, revokeApiKey } = await import("~/services/api-keys.server");
  const db = database.db;
  const actor = { type: "merchant", id: "merchant-1" } as const;

  const { shop, suppliers } = await installShop(db, { domain: SHOP }, ["Acme", "Bolt"]);
  const statuses = [
    ["draft", 0],
    ["sent", 1],
    ["sent", 0],
  ] as const;
  for (const [index, [status, supplier]] of statuses.entries()) {
    const order = await db.purchaseOrder.create({
      data: {
        shopId: shop.id,
        number: index + 1,
        status,
        supplierId: suppliers[supplier]!.id,
        currencyCode: "USD",
        shippingCost: "5.00",
        tax: "1.50",
        createdAt: new Date(`2026-01-0${index + 1}T12:00:00Z`),
        lines: {
          create: [
            { position: 0, variantId: "gid://shopify/ProductVariant/1", productTitle: "Widget", sku: "W-1", quantityOrdered: 4, unitCost: "2.50" },
            { position: 1, kind: "custom", productTitle: "Crate", quantityOrdered: 1, unitCost: "10.00" },
          ],
        },
      },
    });
    orders[`PO-000${index + 1}`] = { id: order.id, supplierId: order.supplierId };
  }
  const other = await installShop(db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (
    await db.purchaseOrder.create({
      data: { shopId: other.shop.id, number: 1, status: "draft", supplierId: other.suppliers[0]!.id, currencyCode: "USD" },
    })
  ).id;

  readKey = (await createApiKey(db, SHOP, actor, { name: "Reporting", scope: "read" })).key;
  writeKey = (await createApiKey(db, SHOP, actor, { name: "ERP", scope: "write" })).key;
  const revoked = await createApiKey(db, SHOP, actor, { name: "Old", scope: "read" });
  await revokeApiKey(db, SHOP, actor, revoked.view.id);
  revokedKey = revoked.key;
  otherShopKey = (await createApiKey(db, OTHER_SHOP, actor, { name: "Other", scope: "read" })).key;
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

function get(path: string, key: string | null) {
  return new Request(`${ORIGIN}${path}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
}

async function listOrders(query: string, key: string | null = readKey) {
  const response = await list.loader({ request: get(`/api/v1/purchase_orders${query}`, key), params: {} });
  return parsed(response, schemas.PurchaseOrderList);
}

async function showOrder(id: string, key: string | null = readKey) {
  const response = await show.loader({ request: get(`/api/v1/purchase_orders/${id}`, key), params: { id } });
  return parsed(response, schemas.PurchaseOrder);
}

/** The contract: a 2xx body parses with the endpoint's schema, any other with the error schema. */
async function parsed<Schema extends z.ZodType>(response: Response, schema: Schema) {
  const body: unknown = await response.json();
  if (response.ok) return { status: response.status, headers: response.headers, body: schema.parse(body), error: undefined };
  return { status: response.status, headers: response.headers, body: undefined, error: schemas.ErrorResponse.parse(body).error };
}

describe("authenticating with API keys", () => {
  it("refuses a request without a key, with an unknown key and with a revoked key (401)", async () => {
    for (const key of [null, "inb_not-a-real-key", revokedKey]) {
      const result = await listOrders("", key);
      expect(result.status).toBe(401);
      expect(result.error).toMatchObject({ code: "unauthorized", rule: null, field: null, allowed_actions: [] });
    }
  });

  it("lets read and write keys read", async () => {
    expect((await listOrders("", readKey)).status).toBe(200);
    expect((await listOrders("", writeKey)).status).toBe(200);
  });

  it("refuses a read key on a write endpoint (403), naming the scope needed", async () => {
    const write = handler.apiHandler("write", "/api/v1/test", async () => ({ done: true }));
    const refused = await write({ request: new Request(`${ORIGIN}/api/v1/test`, { method: "POST", headers: { Authorization: `Bearer ${readKey}` } }), params: {} });
    expect(refused.status).toBe(403);
    expect(schemas.ErrorResponse.parse(await refused.json()).error).toMatchObject({ code: "insufficient_scope", message: expect.stringMatching(/write scope/) });
    const allowed = await write({ request: new Request(`${ORIGIN}/api/v1/test`, { method: "POST", headers: { Authorization: `Bearer ${writeKey}` } }), params: {} });
    expect(await allowed.json()).toEqual({ done: true });
  });

  it("limits the rate per key (429 with Retry-After)", async () => {
    const { createApiKey } = await import("~/services/api-keys.server");
    const { key, view } = await createApiKey(database.db, SHOP, { type: "merchant", id: "merchant-1" }, { name: "Busy", scope: "read" });
    await database.db.apiKey.update({ where: { id: view.id }, data: { tokens: 0, tokensAt: new Date() } });
    const result = await listOrders("", key);
    expect(result.status).toBe(429);
    expect(Number(result.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(result.error?.code).toBe("rate_limited");
  });

  it("logs each call against its key by endpoint pattern, result and duration", async () => {
    const { key, view } = await (await import("~/services/api-keys.server")).createApiKey(
      database.db,
      SHOP,
      { type: "merchant", id: "merchant-1" },
      { name: "Logged", scope: "read" },
    );
    await showOrder(orders["PO-0001"]!.id, key);
    await showOrder("no-such-order", key);
    const calls = await database.db.apiCall.findMany({ where: { apiKeyId: view.id }, orderBy: { status: "asc" } });
    expect(calls.map((call) => [call.target, call.status])).toEqual([
      ["GET /api/v1/purchase_orders/{id}", 200],
      ["GET /api/v1/purchase_orders/{id}", 404],
    ]);
    expect(calls.every((call) => call.durationMs >= 0)).toBe(true);
  });
});

describe("GET /api/v1/purchase_orders", () => {
  it("lists only the key's shop's orders, newest first, with paging", async () => {
    const result = await listOrders("");
    expect(result.body?.purchase_orders.map((order) => order.name)).toEqual(["PO-0003", "PO-0002", "PO-0001"]);
    expect(result.body?.purchase_orders[0]).toMatchObject({ line_count: 2, total_quantity: 5, subtotal: "20.00", supplier_name: "Acme" });
    expect(result.body?.paging).toEqual({ page: 1, per_page: 50, total: 3 });
    expect((await listOrders("", otherShopKey)).body?.purchase_orders.map((order) => order.id)).toEqual([otherOrderId]);
  });

  it("filters by status, supplier, ids and creation time", async () => {
    const names = async (query: string) => (await listOrders(query)).body?.purchase_orders.map((order) => order.name);
    expect(await names("?search[status]=sent")).toEqual(["PO-0003", "PO-0002"]);
    expect(await names(`?search[supplier_id]=${orders["PO-0002"]!.supplierId}`)).toEqual(["PO-0002"]);
    expect(await names(`?search[ids]=${orders["PO-0001"]!.id},${orders["PO-0003"]!.id},${otherOrderId}`)).toEqual(["PO-0003", "PO-0001"]);
    expect(await names("?search[status]=sent&search[supplier_id]=" + orders["PO-0003"]!.supplierId)).toEqual(["PO-0003"]);
    // 2026-01-02T12:00Z is 13:00 at +01:00: the offset is honoured.
    expect(await names(`?search[created_at_min]=${encodeURIComponent("2026-01-02T13:00:00+01:00")}`)).toEqual(["PO-0003", "PO-0002"]);
    expect(await names(`?search[created_at_max]=${encodeURIComponent("2026-01-02T12:59:59+01:00")}`)).toEqual(["PO-0001"]);
  });

  it("pages: the last partial page, a page past the end, per_page 250 allowed", async () => {
    expect((await listOrders("?per_page=2&page=2")).body).toMatchObject({
      purchase_orders: [{ name: "PO-0001" }],
      paging: { page: 2, per_page: 2, total: 3 },
    });
    expect((await listOrders("?per_page=2&page=3")).body).toEqual({ purchase_orders: [], paging: { page: 3, per_page: 2, total: 3 } });
    expect((await listOrders("?per_page=250")).body?.paging).toEqual({ page: 1, per_page: 250, total: 3 });
  });

  it("refuses bad input with 422 naming the field: per_page 251, page 0, unknown fields, bad status, times without an offset", async () => {
    const cases: Array<[string, string]> = [
      ["?per_page=251", "per_page"],
      ["?page=0", "page"],
      ["?search[colour]=red", "search[colour]"],
      ["?limit=5", "limit"],
      ["?search[status]=lost", "search[status]"],
      ["?search[created_at_min]=2026-01-02T13:00:00", "search[created_at_min]"],
      ["?search[ids]=,", "search[ids]"],
    ];
    for (const [query, field] of cases) {
      const result = await listOrders(query);
      expect(result.status, query).toBe(422);
      expect(result.error, query).toMatchObject({ code: "validation_failed", field, rule: null, allowed_actions: [] });
      expect(result.error?.fields, query).toHaveProperty([field]);
    }
    expect((await listOrders("?per_page=251")).error?.fields?.per_page).toMatch(/250/);
  });
});

describe("GET /api/v1/purchase_orders/{id}", () => {
  it("shows the order with its lines, quantities, totals and allowed actions", async () => {
    const result = await showOrder(orders["PO-0001"]!.id);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      name: "PO-0001",
      status: "draft",
      currency_code: "USD",
      totals: { subtotal: "20.00", shipping_cost: "5.00", tax: "1.50", total: "26.50" },
      lines: [
        { sku: "W-1", kind: "variant", line_cost: "10.00", quantities: { ordered: 4, confirmed: null, received: 0, pending: 4 } },
        { kind: "custom", product_title: "Crate", line_cost: "10.00", quantities: { ordered: 1, pending: 1 } },
      ],
    });
    expect(result.body?.allowed_actions).toContain("send");
  });

  it("answers another shop's order id exactly like an unknown id (404, no leak)", async () => {
    const foreign = await showOrder(otherOrderId);
    const unknown = await showOrder("no-such-order");
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.error).toMatchObject({ code: "not_found", rule: null, field: null, allowed_actions: [] });
    expect(foreign.error?.message).not.toMatch(/rest-other/);
    expect((await showOrder(otherOrderId, otherShopKey)).status).toBe(200);
  });

  it("refuses unknown query fields (422)", async () => {
    const id = orders["PO-0001"]!.id;
    const response = await show.loader({ request: get(`/api/v1/purchase_orders/${id}?expand=lines`, readKey), params: { id } });
    expect(response.status).toBe(422);
    expect(schemas.ErrorResponse.parse(await response.json()).error.field).toBe("expand");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without a key, with components generated from the response schemas", async () => {
    const response = openapi.loader();
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: Array<{ name: string }>; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required?: string[] }>; securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(["/purchase_orders", "/purchase_orders/{id}"]);
    expect(document.paths["/purchase_orders"]!.get.parameters.map((parameter) => parameter.name)).toContain("search[created_at_min]");
    expect(document.components.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }) });
    expect(document.components.schemas.Error).toBeDefined();
    expect(document.components.schemas.PurchaseOrder?.required).toContain("allowed_actions");
    expect(JSON.stringify(document)).not.toContain("$schema");
  });
});
