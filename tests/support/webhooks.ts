import { createHmac, randomUUID } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import { handleQueuedWebhooks, type WebhookDrainResult } from "~/jobs/webhook-deliveries.server";
import { COMPLIANCE_TOPICS, type WebhookTopic } from "~/webhooks/topics";

import { TEST_API_SECRET } from "./app-env";

export interface SignedWebhookOptions {
  shop: string;
  /** Shopify's X-Shopify-Event-Id: the same for every delivery of one event. */
  eventId?: string;
  /** The secret the HMAC is computed with; anything but TEST_API_SECRET forges the request. */
  secret?: string;
  triggeredAt?: Date;
  /** The body exactly as sent (signed as is, bytes included), instead of the payload as JSON. */
  rawBody?: string | Buffer;
  /** The X-Shopify-Hmac-Sha256 header instead of the true signature; null leaves it out. */
  hmacHeader?: string | null;
  /** Headers sent as given, over those above (they are not signed); null leaves one out. */
  headers?: Record<string, string | null>;
}

/** What Shopify sends for a delivery: the body and its headers, the HMAC of the raw body among them. */
export function webhookDelivery(
  topic: string,
  payload: unknown,
  options: SignedWebhookOptions,
): { body: string | Buffer; headers: Record<string, string> } {
  const body = options.rawBody ?? JSON.stringify(payload);
  const signature = createHmac("sha256", options.secret ?? TEST_API_SECRET)
    .update(body)
    .digest("base64");
  const hmac = options.hmacHeader === undefined ? signature : options.hmacHeader;
  const headers: Record<string, string | null> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": randomUUID(),
    "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
    "X-Shopify-Triggered-At": (options.triggeredAt ?? new Date()).toISOString(),
    "X-Shopify-Hmac-Sha256": hmac,
    ...options.headers,
  };
  return { body, headers: Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null)) };
}

/** A webhook request as Shopify sends it (headers, HMAC of the raw body), as route action arguments. */
export function signedWebhook(path: string, topic: string, payload: unknown, options: SignedWebhookOptions) {
  const { body, headers } = webhookDelivery(topic, payload, options);
  return {
    request: new Request(`https://inbound.example.com${path}`, {
      method: "POST",
      body: typeof body === "string" ? body : new Uint8Array(body),
      headers,
    }),
    params: {},
    context: {},
  };
}

/** The HTTP status a route action answers with, whether it returns or throws its Response. */
export async function responseStatus(call: () => Promise<Response>): Promise<number> {
  try {
    return (await call()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

export type WebhookRouteModule = { action: (args: never) => Promise<Response> };
const routeFiles = import.meta.glob<WebhookRouteModule>("../../app/routes/webhooks.*.tsx");

/** The route Shopify delivers a topic to (shopify.app.toml; app-config.test.ts checks the two agree), and its module. */
export function webhookRoute(topic: WebhookTopic): { path: string; module: () => Promise<WebhookRouteModule> } {
  const path = (COMPLIANCE_TOPICS as readonly string[]).includes(topic) ? "/webhooks/compliance" : `/webhooks/${topic}`;
  const file = `../../app/routes/${path.slice(1).replaceAll("/", ".")}.tsx`;
  const module = routeFiles[file];
  if (!module) throw new Error(`No route file ${file} for ${topic}`);
  return { path, module };
}

/** Topics whose payload names the shop it is about (app/webhooks/payloads.ts checks it against the header). */
export const TOPICS_NAMING_A_SHOP = ["app/uninstalled", ...COMPLIANCE_TOPICS] as const satisfies readonly WebhookTopic[];

/** Shopify's REST ids of a shop's objects that a payload can name (numbers, as Shopify sends them). */
export interface ShopObjects {
  product: number;
  variant: number;
  inventoryItem: number;
  location: number;
  customer: { id: number; email: string; phone: string };
}

const SOME_OBJECTS: ShopObjects = {
  product: 1,
  variant: 11,
  inventoryItem: 111,
  location: 1,
  customer: { id: 1, email: "ada@example.com", phone: "+16135550101" },
};

/**
 * The payload Shopify sends for `topic` about `shop` and its objects, as Shopify serialises it
 * (REST-style JSON: numeric ids, snake_case, `updated_at` with an offset), with more fields than
 * Inbound reads.
 */
export function shopifyPayload(
  topic: WebhookTopic,
  shop: string,
  objects: ShopObjects = SOME_OBJECTS,
  updatedAt = new Date(),
): Record<string, unknown> {
  const updated_at = updatedAt.toISOString().replace("Z", "-00:00");
  const customer = { id: objects.customer.id, email: objects.customer.email, phone: objects.customer.phone };
  switch (topic) {
    case "app/uninstalled":
      return { id: 1, name: "Shop", email: `owner@${shop}`, domain: shop, myshopify_domain: shop, plan_name: "basic", currency: "USD" };
    case "app/scopes_update":
      return {
        id: 1,
        previous: ["read_products"],
        current: ["read_products", "write_products", "read_inventory"],
        updated_at,
        created_at: updated_at,
      };
    case "customers/data_request":
      return { shop_id: 1, shop_domain: shop, orders_requested: [], customer, data_request: { id: 9 } };
    case "customers/redact":
      return { shop_id: 1, shop_domain: shop, customer, orders_to_redact: [] };
    case "shop/redact":
      return { shop_id: 1, shop_domain: shop };
    case "products/update":
      return {
        id: objects.product,
        admin_graphql_api_id: `gid://shopify/Product/${objects.product}`,
        title: "Linen shirt",
        vendor: "Acme",
        status: "active",
        updated_at,
        variants: [
          {
            id: objects.variant,
            product_id: objects.product,
            title: "Blue / L",
            sku: "LS-BL",
            price: "20.00",
            inventory_item_id: objects.inventoryItem,
            updated_at,
          },
        ],
      };
    case "products/delete":
      return { id: objects.product };
    case "inventory_items/update":
      return { id: objects.inventoryItem, sku: "LS-BL-2", cost: "4.00", tracked: true, updated_at, created_at: updated_at };
    case "inventory_items/delete":
      return { id: objects.inventoryItem, country_code_of_origin: null };
    case "inventory_levels/update":
      return { inventory_item_id: objects.inventoryItem, location_id: objects.location, available: 7, updated_at };
    case "locations/create":
      return { id: objects.location, name: "Warehouse", active: true, updated_at, created_at: updated_at };
    case "locations/update":
      return { id: objects.location, name: "Warehouse", active: false, updated_at, created_at: updated_at };
    case "locations/delete":
      return { id: objects.location };
  }
}

/**
 * What the worker does after Shopify has its answer: handles every queued delivery
 * (app/jobs/webhook-deliveries.server.ts). Tests that post a delivery and then read its effect
 * call this in between, as the worker's next round would.
 */
export async function handleQueuedDeliveries(db: PrismaClient): Promise<WebhookDrainResult> {
  const total: WebhookDrainResult = { handled: 0, failed: 0 };
  for (;;) {
    const round = await handleQueuedWebhooks(db, { workerId: "test-worker" });
    total.handled += round.handled;
    total.failed += round.failed;
    if (round.handled + round.failed === 0) return total;
  }
}

/** responseStatus, then the worker's round over what the delivery queued (handleQueuedDeliveries). */
export async function deliveredStatus(db: PrismaClient, call: () => Promise<Response>): Promise<number> {
  const status = await responseStatus(call);
  await handleQueuedDeliveries(db);
  return status;
}
