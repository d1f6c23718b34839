import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createApiKey } from "~/services/api-keys.server";
import { saveEmailSettings } from "~/services/email/settings.server";
import { offlineSessionId } from "~/services/shops.server";

import { startStandin, type StandinServer } from "../standin";
import { widget } from "../support/api";
import { TEST_API_SECRET, useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { minimalPdf } from "../support/files";
import { connectMcp, toolAnswer } from "../support/mcp";
import { startAppProcess, stopAll } from "../support/processes";
import { sessionToken } from "../support/session-token";
import { standinShop } from "../support/shopify";
import { handleQueuedDeliveries, shopifyPayload, webhookDelivery } from "../support/webhooks";

/**
 * Two app processes behind one address share nothing but the database (issue #16): a proxy in
 * front of two real Node processes running the app's routes (tests/support/app-process.ts, a
 * normal deployment's environment, each with its own files directory) sends each request to the
 * other process than the one before. The merchant's session, the API keys' rate limit, idempotency
 * keys, webhook deliveries, the drift check debounce and the email outbox must hold across them.
 * Both processes' clocks stand at one instant, so a rate limit's bucket does not refill between
 * calls however slow the machine.
 */
const SHOP = "two-apps.myshopify.com";
const APP_KEY = "test-api-key";
const merchant = { type: "merchant", id: "merchant-1" } as const;
/** A browser's user agent for the merchant's screens: Shopify's library answers a bot's (Node's fetch says "node") 410. */
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0";
let standin: StandinServer;
let database: TestDatabase;
let shop: Awaited<ReturnType<typeof standinShop>>;
let balancer: { origin: string; served: number[]; close(): Promise<void> };
const filesDirectories: string[] = [];

/** One address in front of the upstreams, taking them in turn; `served` lists which one answered each request. */
async function startRoundRobin(upstreams: string[]) {
  const served: number[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const index = served.length % upstreams.length;
    served.push(index);
    const forward = request(new URL(incoming.url ?? "/", upstreams[index]), { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on("error", (error) => outgoing.writeHead(502).end(String(error)));
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  standin.store.tokens.registerApp(APP_KEY, TEST_API_SECRET);
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  shop = await standinShop(standin, database.db, SHOP, [widget(2)]);
  const job = {
    databaseUrl: database.url,
    standinOrigin: standin.origin,
    now: new Date().toISOString(),
    emailStatusSecret: "email-status-secret-0123456789",
  };
  const processes = await Promise.all(
    ["a", "b"].map((name) => {
      const filesDirectory = mkdtempSync(path.join(tmpdir(), `inbound-app-${name}-`));
      filesDirectories.push(filesDirectory);
      return startAppProcess({ ...job, filesDirectory });
    }),
  );
  balancer = await startRoundRobin(processes.map((process) => process.origin));
}, 120_000);

afterAll(async () => {
  stopAll();
  await balancer.close();
  await database.cleanup();
  await standin.close();
  for (const directory of filesDirectories) rmSync(directory, { recursive: true, force: true });
});

/** A request through the one address; returns the status, headers and JSON body, and which process answered. */
async function send(method: string, target: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${balancer.origin}${target}`, {
    method,
    headers: {
      ...(options.key ? { Authorization: `Bearer ${options.key}` } : {}),
      ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : text,
    process: balancer.served.at(-1),
  };
}

const newKey = async (name: string) => (await createApiKey(database.db, SHOP, merchant, { name, scope: "write" })).key;
const tokenExchanges = () => standin.store.requests.filter((entry) => entry.path === "/admin/oauth/access_token").length;
const draftBody = () => ({
  supplier_id: shop.supplierId,
  location_id: shop.locationId,
  items: [{ variant_id: shop.products[0]!.variants[0]!.variantId, quantity: 4 }],
});

describe("two app processes behind one address", () => {
  it("the merchant's session: one process exchanges the session token, both then serve the merchant with the stored offline token", async () => {
    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      const headers = { Authorization: `Bearer ${sessionToken(SHOP)}`, "User-Agent": BROWSER };
      answers.push(await send("GET", "/app/purchase-orders", { headers }));
    }

    expect(
      answers.map((answer) => [answer.process, answer.status]),
      JSON.stringify(answers[0]!.body),
    ).toEqual([
      [0, 200],
      [1, 200],
      [0, 200],
      [1, 200],
    ]);
    expect(tokenExchanges()).toBe(1);
    const session = await database.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } });
    expect(session.refreshToken).toMatch(/^shprt_/);
  });

  it("one rate limit per API key: 60 calls in one instant across both processes, then 429 from either", async () => {
    const key = await newKey("Busy");
    const statuses: number[] = [];
    for (let index = 0; index < 62; index += 1) statuses.push((await send("GET", "/api/v1/purchase_orders", { key })).status);

    expect(statuses.slice(0, 60).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(60)).toEqual([429, 429]);
  });

  it("an Idempotency-Key claimed on one process is replayed by the other, and refused there for another request", async () => {
    const key = await newKey("Retrying");
    const headers = { "Idempotency-Key": "create-once" };
    const first = await send("POST", "/api/v1/purchase_orders", { key, body: draftBody(), headers });
    const retry = await send("POST", "/api/v1/purchase_orders", { key, body: draftBody(), headers });
    const other = await send("POST", "/api/v1/purchase_orders", { key, body: { ...draftBody(), reference: "Other" }, headers });

    expect([first.process, retry.process, other.process]).toEqual([0, 1, 0]);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(other.status).toBe(422);
    expect(await database.db.purchaseOrder.count({ where: { shop: { domain: SHOP } } })).toBe(1);
  });

  it("an assistant's MCP calls, each answered by whichever process, work as one conversation", async () => {
    const key = await newKey("Assistant");
    const servedBefore = balancer.served.length;
    const client = await connectMcp(balancer.origin, key);
    try {
      const created = await toolAnswer(client, "create_purchase_order", draftBody());
      expect(created.isError, created.text).toBe(false);
      const read = await toolAnswer(client, "get_purchase_order", { id: created.body!.id });
      expect(read.body).toMatchObject({ id: created.body!.id, status: "draft" });
    } finally {
      await client.close();
    }
    expect(new Set(balancer.served.slice(servedBefore))).toEqual(new Set([0, 1]));
  });

  it("a webhook Shopify retries to the other process is recorded once; level updates through both make one drift check", async () => {
    const order = await database.db.purchaseOrder.findFirstOrThrow({ where: { shop: { domain: SHOP } }, include: { lines: true } });
    const numericId = (gid: string | null) => Number(gid!.split("/").at(-1));
    const objects = {
      product: numericId(order.lines[0]!.productId),
      variant: numericId(order.lines[0]!.variantId),
      inventoryItem: numericId(order.lines[0]!.inventoryItemId),
      location: numericId(order.locationId),
      customer: { id: 1, email: "ada@example.com", phone: "+16135550101" },
    };
    // A retry of a delivery carries its event's id (and its own webhook id) again.
    const deliver = (topic: "products/update" | "inventory_levels/update", eventId: string) => {
      const { body, headers } = webhookDelivery(topic, shopifyPayload(topic, SHOP, objects), {
        shop: SHOP,
        eventId,
        headers: { "X-Shopify-Webhook-Id": eventId },
      });
      return send("POST", `/webhooks/${topic}`, { body, headers });
    };

    const retried = [await deliver("products/update", "retried-delivery"), await deliver("products/update", "retried-delivery")];
    const levels = [await deliver("inventory_levels/update", "level-1"), await deliver("inventory_levels/update", "level-2")];

    expect([...retried, ...levels].map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(retried[0]!.process).not.toBe(retried[1]!.process);
    expect(levels[0]!.process).not.toBe(levels[1]!.process);
    expect(await database.db.webhookDelivery.findMany({ where: { eventId: "retried-delivery" }, select: { duplicates: true } })).toEqual([
      { duplicates: 1 },
    ]);
    await handleQueuedDeliveries(database.db);
    expect(await database.db.driftCheck.count({ where: { shop: { domain: SHOP } } })).toBe(1);
  });

  it("an order sent by email through one process, retried through the other, queues one email", async () => {
    await database.db.supplier.update({ where: { id: shop.supplierId }, data: { email: "orders@acme.test" } });
    await saveEmailSettings(database.db, SHOP, merchant, {
      senderName: "Two Apps",
      senderEmail: "buying@two-apps.test",
      smtpHost: "127.0.0.1",
      smtpPort: "2525",
      smtpSecurity: "none",
    });
    const key = await newKey("Sender");
    const created = await send("POST", "/api/v1/purchase_orders", { key, body: draftBody() });
    const orderId = (created.body as { id: string }).id;
    const headers = { "Idempotency-Key": "send-once" };

    const sent = await send("POST", `/api/v1/purchase_orders/${orderId}/send`, { key, body: {}, headers });
    const retry = await send("POST", `/api/v1/purchase_orders/${orderId}/send`, { key, body: {}, headers });

    expect(sent.process).not.toBe(retry.process);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await database.db.supplierEmail.findMany({ where: { purchaseOrderId: orderId }, select: { status: true } })).toEqual([
      { status: "queued" },
    ]);
  });
  it("a delivery note uploaded through one process downloads through the other: files live in the database, not on either disk", async () => {
    const key = await newKey("Receiver");
    const created = await send("POST", "/api/v1/purchase_orders", { key, body: draftBody() });
    const orderId = (created.body as { id: string }).id;
    expect((await send("POST", `/api/v1/purchase_orders/${orderId}/mark_sent`, { key, body: {} })).status).toBe(200);
    const deliveryId = ((await send("POST", `/api/v1/purchase_orders/${orderId}/deliveries`, { key, body: {} })).body as { id: string }).id;
    const form = new FormData();
    form.append("file", new Blob([minimalPdf()], { type: "application/pdf" }), "packing slip.pdf");
    const uploaded = await fetch(`${balancer.origin}/api/v1/purchase_orders/${orderId}/deliveries/${deliveryId}/files`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const uploadedBy = balancer.served.at(-1);
    const fileId = ((await uploaded.json()) as { uploaded: Array<{ id: string }> }).uploaded[0]!.id;

    const downloaded = await fetch(`${balancer.origin}/app/purchase-orders/${orderId}/deliveries/${deliveryId}/files/${fileId}`, {
      headers: { Authorization: `Bearer ${sessionToken(SHOP)}`, "User-Agent": BROWSER },
    });

    expect(balancer.served.at(-1)).not.toBe(uploadedBy);
    expect(downloaded.status).toBe(200);
    expect(new Uint8Array(await downloaded.arrayBuffer())).toEqual(minimalPdf());
    for (const directory of filesDirectories) expect(readdirSync(directory)).toEqual([]);
  });
});
