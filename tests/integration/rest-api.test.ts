import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { claimIdempotencyKey, IDEMPOTENCY_WINDOW_MS, requestFingerprint } from "~/services/idempotency.server";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrder, createOrderOfVariants } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * The REST API's frame, over real HTTP: API-key auth and scopes, shop isolation, routing, the one
 * error shape, strict bodies, rate limits, the call log, Idempotency-Key, and the OpenAPI document
 * (every response in every API test is checked against it by tests/support/api.ts).
 */
const SHOP = "rest-shop.myshopify.com";
const OTHER_SHOP = "rest-other.myshopify.com";
const merchant = { type: "merchant", id: "merchant-1" } as const;

let f: ApiFixture;
let draftId: string;
let otherOrderId: string;
let otherShopKey: string;
let revokedKey: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget()]);
  const { createApiKey, revokeApiKey } = await import("~/services/api-keys.server");
  draftId = (await createOrder(f.db, SHOP, f.supplierId, [4, 1])).id;
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (await createOrder(f.db, OTHER_SHOP, other.suppliers[0]!.id, [1])).id;
  otherShopKey = (await createApiKey(f.db, OTHER_SHOP, merchant, { name: "Other", scope: "write" })).key;
  const revoked = await createApiKey(f.db, SHOP, merchant, { name: "Old", scope: "write" });
  await revokeApiKey(f.db, SHOP, merchant, revoked.view.id);
  revokedKey = revoked.key;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** A draft of the stand-in's widget at its location: can be sent (Shopify effects are staged). */
async function sendableDraft(): Promise<string> {
  const variant = f.products[0]!.variants[0]!;
  return (await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...variant, quantity: 3 }])).id;
}

describe("authentication and scope", () => {
  it("refuses no key, an unknown key and a revoked key with 401 and the error shape", async () => {
    for (const key of [null, "inb_not-a-real-key", "Basic dXNlcjpwYXNz", revokedKey]) {
      const result = await f.server.client(key).call("get_purchase_order", { params: { id: draftId } });
      expect(result.status).toBe(401);
      expect(result.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
      expect(result.error).toMatchObject({ code: "unauthorized", rule: null, field: null, allowed_actions: [] });
    }
  });

  it("locks out the keys of a shop that uninstalled Inbound, and lets them in again on reinstall", async () => {
    const client = f.server.client(otherShopKey);
    await f.db.shop.update({ where: { domain: OTHER_SHOP }, data: { uninstalledAt: new Date() } });
    expect((await client.call("get_purchase_order", { params: { id: otherOrderId } })).status).toBe(401);
    await f.db.shop.update({ where: { domain: OTHER_SHOP }, data: { uninstalledAt: null } });
    expect((await client.call("get_purchase_order", { params: { id: otherOrderId } })).status).toBe(200);
  });

  it("refuses a read key on a write operation (403 naming the scope) and changes nothing", async () => {
    const result = await f.reader.call("cancel_purchase_order", { params: { id: draftId } });
    expect(result.status).toBe(403);
    expect(result.error).toMatchObject({ code: "insufficient_scope", message: expect.stringMatching(/write scope/) });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("draft");
  });

  it("answers another shop's order id exactly like an unknown id (404, no leak), for reads and writes", async () => {
    const foreign = await f.writer.call("get_purchase_order", { params: { id: otherOrderId } });
    const unknown = await f.writer.call("get_purchase_order", { params: { id: "no-such-order" } });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(foreign.error).toEqual({ ...unknown.error, message: foreign.error!.message });
    expect(foreign.error?.message).not.toMatch(/rest-other/);
    const write = await f.writer.call("cancel_purchase_order", { params: { id: otherOrderId } });
    expect(write.status).toBe(404);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: otherOrderId } })).status).toBe("draft");
    expect((await f.server.client(otherShopKey).call("get_purchase_order", { params: { id: otherOrderId } })).status).toBe(200);
  });

  it("limits the rate per key (429 with Retry-After), without touching other keys", async () => {
    const { createApiKey } = await import("~/services/api-keys.server");
    const { key, view } = await createApiKey(f.db, SHOP, merchant, { name: "Busy", scope: "read" });
    await f.db.apiKey.update({ where: { id: view.id }, data: { tokens: 0, tokensAt: new Date() } });
    const result = await f.server.client(key).call("list_purchase_orders");
    expect(result.status).toBe(429);
    expect(Number(result.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(result.error?.code).toBe("rate_limited");
    expect((await f.reader.call("list_purchase_orders")).status).toBe(200);
  });

  it("logs each call against its key: endpoint pattern (not the id), result and duration", async () => {
    const { createApiKey } = await import("~/services/api-keys.server");
    const { key, view } = await createApiKey(f.db, SHOP, merchant, { name: "Logged", scope: "read" });
    const client = f.server.client(key);
    await client.call("get_purchase_order", { params: { id: draftId } });
    await client.call("get_purchase_order", { params: { id: "no-such-order" } });
    await client.call("cancel_purchase_order", { params: { id: draftId } });
    const calls = await f.db.apiCall.findMany({ where: { apiKeyId: view.id }, orderBy: { status: "asc" } });
    expect(calls.map((call) => [call.target, call.status])).toEqual([
      ["GET /api/v1/purchase_orders/{id}", 200],
      ["POST /api/v1/purchase_orders/{id}/cancel", 403],
      ["GET /api/v1/purchase_orders/{id}", 404],
    ]);
    expect(calls.every((call) => call.durationMs >= 0)).toBe(true);
  });
});

describe("routing and input", () => {
  it("answers an unknown path 404 and a known path with the wrong method 405 with Allow", async () => {
    const unknown = await f.reader.request("GET", "/api/v1/widgets");
    expect(unknown.status).toBe(404);
    expect(unknown.error?.code).toBe("unknown_endpoint");
    const wrongMethod = await f.writer.request("PUT", `/api/v1/purchase_orders/${draftId}`, { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("Allow")).toContain("GET");
  });

  it("refuses unknown query and body fields (422 naming them), a body that is not JSON, and a non-JSON media type", async () => {
    const query = await f.reader.request("GET", `/api/v1/purchase_orders/${draftId}?expand=lines`);
    expect(query.status).toBe(422);
    expect(query.error).toMatchObject({ code: "validation_failed", field: "expand" });

    const id = await sendableDraft();
    const body = await f.writer.call("pause_purchase_order", { params: { id }, body: { reason: "x", colour: "red" } });
    expect(body.status).toBe(422);
    expect(body.error?.fields).toEqual({ colour: "Unknown field" });

    const notJson = await f.writer.request("POST", `/api/v1/purchase_orders/${id}/mark_sent`, {
      body: "{not json",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(422);
    expect(notJson.error?.field).toBe("body");

    const form = await f.writer.request("POST", `/api/v1/purchase_orders/${id}/mark_sent`, {
      body: "reason=x",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    expect(form.error).toMatchObject({ code: "unsupported_media_type", field: "Content-Type" });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).status).toBe("draft");
  });

  it("refuses a body over the limit (413) before reading it all, and changes nothing", async () => {
    const { MAX_JSON_BODY_BYTES } = await import("~/api/router.server");
    const id = await sendableDraft();
    const result = await f.writer.call("pause_purchase_order", { params: { id }, body: { reason: "x".repeat(MAX_JSON_BODY_BYTES) } });
    expect(result.status).toBe(413);
    expect(result.error).toMatchObject({ code: "payload_too_large", field: "body" });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).version).toBe(1);
  });
});

describe("Idempotency-Key", () => {
  it("replays the first result to a retry with the same key and body, and runs the action once", async () => {
    const id = await sendableDraft();
    const headers = { "Idempotency-Key": `send-${id}` };
    const first = await f.writer.call("mark_purchase_order_sent", { params: { id }, headers });
    const retry = await f.writer.call("mark_purchase_order_sent", { params: { id }, headers });
    expect(first.status).toBe(200);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(retry.status).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(await f.db.auditEntry.count({ where: { purchaseOrderId: id, action: "send" } })).toBe(1);
    // Without the key, the same request is simply refused: the order is no longer a draft.
    const again = await f.writer.call("mark_purchase_order_sent", { params: { id } });
    expect(again.status).toBe(409);
  });

  it("replays refusals too, and refuses the key for a different request (422)", async () => {
    const refused = await f.writer.call("start_purchase_order", { params: { id: draftId }, headers: { "Idempotency-Key": "start-draft" } });
    expect(refused.status).toBe(409);
    const replayed = await f.writer.call("start_purchase_order", { params: { id: draftId }, headers: { "Idempotency-Key": "start-draft" } });
    expect(replayed).toMatchObject({ status: 409, error: refused.error });
    expect(replayed.headers.get("Idempotent-Replayed")).toBe("true");

    const reused = await f.writer.call("pause_purchase_order", { params: { id: draftId }, headers: { "Idempotency-Key": "start-draft" } });
    expect(reused.status).toBe(422);
    expect(reused.error).toMatchObject({ code: "idempotency_key_reused", field: "Idempotency-Key" });
  });

  it("keeps keys per API key, refuses a malformed key, and ignores keys on reads", async () => {
    const id = await sendableDraft();
    const headers = { "Idempotency-Key": "shared-key" };
    const { createApiKey } = await import("~/services/api-keys.server");
    const second = f.server.client((await createApiKey(f.db, SHOP, merchant, { name: "Second", scope: "write" })).key);
    expect((await f.writer.call("pause_purchase_order", { params: { id }, headers })).status).toBe(409);
    const other = await second.call("mark_purchase_order_sent", { params: { id }, headers });
    expect(other.status).toBe(200);
    expect(other.headers.get("Idempotent-Replayed")).toBeNull();

    const malformed = await f.writer.call("pause_purchase_order", { params: { id }, headers: { "Idempotency-Key": "x".repeat(256) } });
    expect(malformed.status).toBe(422);
    expect(malformed.error?.field).toBe("Idempotency-Key");
    const read = await f.reader.call("get_purchase_order", { params: { id }, headers });
    expect(read.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("lets exactly one of two claims with one key run, and forgets results after 24 hours", async () => {
    const keyId = (await f.db.apiKey.findFirstOrThrow({ where: { name: "Writer" } })).id;
    const hash = requestFingerprint("POST", "/api/v1/x", new Uint8Array([1]));
    const now = new Date("2026-11-24T10:00:00Z");
    const claims = await Promise.all([claimIdempotencyKey(f.db, keyId, "race", hash, now), claimIdempotencyKey(f.db, keyId, "race", hash, now)]);
    expect(claims.map((claim) => claim.kind).sort()).toEqual(["claimed", "in_progress"]);
    const later = new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS + 1);
    expect((await claimIdempotencyKey(f.db, keyId, "race", hash, later)).kind).toBe("claimed");
  });
});

describe("the OpenAPI document", () => {
  it("is served without a key, documents every operation with its id, scope and error shape", async () => {
    const response = await fetch(`${f.server.origin}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; summary: string; responses: Record<string, { content?: unknown }> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe("3.1.0");
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    );
    expect(documented.sort()).toEqual(f.server.operations.map((operation) => `${operation.method} ${operation.path} ${operation.name}`).sort());
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) {
        expect(operation.summary).toMatch(/\((read|write) scope\)\.$/);
        expect(operation.responses["401"]).toEqual(
          expect.objectContaining({ content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } }),
        );
        expect(operation.responses["422"]).toBeDefined();
      }
    }
    expect(document.components.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: "http", scheme: "bearer" }) });
    expect(JSON.stringify(document)).not.toContain("$schema");
  });

  it("resolves every component reference and names its absolute server URL", async () => {
    const document = (await (await fetch(`${f.server.origin}/api/v1/openapi.json`)).json()) as {
      components: { schemas: Record<string, unknown> };
      servers: Array<{ url: string }>;
    };
    const dangling = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)]
      .map((match) => match[1]!)
      .filter((id) => !(id in document.components.schemas));
    expect(dangling).toEqual([]);
    expect(document.servers).toEqual([{ url: expect.stringMatching(/^https?:\/\/.+\/api\/v1$/) }]);
  });

  it("has operations with unique names, and every operation is called by some API test", () => {
    const names = f.server.operations.map((operation) => operation.name);
    expect(new Set(names).size).toBe(names.length);
    const testsDirectory = path.resolve(import.meta.dirname);
    const sources = readdirSync(testsDirectory)
      .filter((file) => /^(api-|rest-api|mcp)/.test(file))
      .map((file) => readFileSync(path.join(testsDirectory, file), "utf8"))
      .join("\n");
    const untested = names.filter((name) => !sources.includes(`"${name}"`));
    expect(untested, "operations no API test calls by name").toEqual([]);
  });
});
