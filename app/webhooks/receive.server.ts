import { createHmac, timingSafeEqual } from "node:crypto";

import type { PrismaClient } from "@prisma/client";

import appDb from "~/db.server";
import { isShopDomain } from "~/domain/input";
import { env } from "~/env.server";
import { currentLogContext, log, withRequestLog } from "~/log.server";

import { shopNamedByPayload } from "./payloads";
import { recordedTopic, type WebhookTopic } from "./topics";

/**
 * How a delivery ended, kept on its WebhookDelivery row for the webhook log:
 * - handled: applied (the summary says what it changed, or why there was nothing to change);
 * - stale: older than what Inbound already applied for the object, so nothing was overwritten;
 * - invalid: the payload lacks a field Inbound needs. Answered 200 all the same: Shopify would
 *   retry the same bytes for hours to the same end, while the stored payload can be replayed once
 *   the schema is fixed, and the scheduled reconciliation catches what was missed meanwhile.
 */
export type WebhookResult = "handled" | "stale" | "invalid";

export interface WebhookOutcome {
  result: WebhookResult;
  summary: string | null;
}

/** The delivery as a handler sees it: whose, which event, and when Shopify says it happened. */
export interface ReceivedWebhook {
  shopDomain: string;
  topic: string;
  eventId: string;
  webhookId: string;
  /** X-Shopify-Triggered-At; the receipt time when Shopify leaves it out. */
  triggeredAt: Date;
}

/** Headers Shopify sends with every delivery (only the body is signed). */
const HEADERS = {
  hmac: "X-Shopify-Hmac-Sha256",
  shop: "X-Shopify-Shop-Domain",
  topic: "X-Shopify-Topic",
  webhookId: "X-Shopify-Webhook-Id",
  eventId: "X-Shopify-Event-Id",
  triggeredAt: "X-Shopify-Triggered-At",
} as const;

/**
 * How deep a payload may nest. Shopify's go a handful of levels deep; a signed body nested
 * thousands deep would overflow the stack of whatever walks it (storing it, a later redaction),
 * so it is recorded as invalid, without its payload.
 */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * The one path every webhook takes, and all it does before answering: verify the HMAC (Shopify's
 * library answers 401 to a bad one; a missing or empty one is 401 too, as Shopify requires of
 * compliance topics), record the delivery as "queued", answer 200. The handling runs afterwards in
 * the worker (app/jobs/webhook-deliveries.server.ts: the delivery row is the job), so the answer
 * takes one insert whatever the handling costs, well inside Shopify's 5 seconds under a burst.
 * A delivery whose event id was already recorded only counts itself, because Shopify delivers at
 * least once. An error recording it is not swallowed: Shopify must retry.
 *
 * Only the body is signed, not the headers. A delivery whose X-Shopify-Topic is not one of the
 * route's `topics`, or whose X-Shopify-Shop-Domain is not a shop's domain, is refused (400) and
 * logged, and not recorded: recording it would take its event id from the genuine delivery. A
 * topic whose payload names its shop (shopNamedByPayload) is queued only when the payload's shop
 * is the one the header names; a disagreement is refused (400), logged and recorded, and changes
 * nothing. A signed body that is not JSON, or nests deeper than MAX_PAYLOAD_DEPTH, is recorded as
 * invalid and answered 200 (Shopify would retry the same bytes to the same end), never a 500.
 */
export function receiveWebhook(request: Request, topics: readonly WebhookTopic[]): Promise<Response> {
  return withRequestLog(request, () => verifyAndRecord(appDb, request, topics));
}

async function verifyAndRecord(db: PrismaClient, request: Request, topics: readonly WebhookTopic[]): Promise<Response> {
  const hmac = request.headers.get(HEADERS.hmac)?.trim();
  if (!hmac) return new Response(null, { status: 401 });
  if (request.method !== "POST") return new Response(null, { status: 405 });
  const body = Buffer.from(await request.arrayBuffer());
  if (!signedWithAppSecret(body, hmac)) return new Response(null, { status: 401 });
  const headers = request.headers;
  const topic = storedTopic(headers.get(HEADERS.topic) ?? "");
  const shopDomain = headers.get(HEADERS.shop) ?? "";
  const misdirection = misdirected(topics, topic, shopDomain);
  if (misdirection) return refuse(topic, misdirection);
  const webhookId = headers.get(HEADERS.webhookId)?.trim();
  if (!webhookId) return refuse(topic, `${HEADERS.webhookId} is missing`);
  // Shopify sends X-Shopify-Event-Id; the webhook id is unique per delivery attempt's event too.
  const eventId = headers.get(HEADERS.eventId)?.trim() || webhookId;
  const delivery = {
    shopDomain,
    topic,
    webhookId,
    eventId,
    triggeredAt: headers.get(HEADERS.triggeredAt),
    requestId: currentLogContext().requestId ?? null,
  };
  let payload: unknown;
  try {
    // Shopify sends UTF-8 JSON; bytes that are not UTF-8 would be read with replacement characters.
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    await recordDelivery(
      db,
      { ...delivery, payload: null },
      { result: "invalid", summary: `Payload not understood: the body is not JSON in UTF-8 (${body.byteLength} bytes); nothing was changed` },
    );
    return new Response(null, { status: 200 });
  }
  if (nestedDeeperThan(payload, MAX_PAYLOAD_DEPTH)) {
    await recordDelivery(
      db,
      { ...delivery, payload: null },
      { result: "invalid", summary: `Payload not understood: nested deeper than ${MAX_PAYLOAD_DEPTH} levels; nothing was changed` },
    );
    return new Response(null, { status: 200 });
  }
  const named = shopNamedByPayload(topic, payload);
  if (named.kind === "unreadable") {
    await recordDelivery(db, { ...delivery, payload }, { result: "invalid", summary: `Payload not understood: ${named.issue}; nothing was changed` });
    return new Response(null, { status: 200 });
  }
  if (named.kind === "shop" && named.shopDomain.toLowerCase() !== shopDomain.toLowerCase()) {
    const summary =
      `Refused: the signed payload is about ${named.shopDomain}, the X-Shopify-Shop-Domain header names ${shopDomain}; ` + "nothing was changed";
    log.warn("webhook refused", { topic, eventId, shop: shopDomain, reason: summary });
    await recordDelivery(db, { ...delivery, payload }, { result: "invalid", summary });
    return new Response(null, { status: 400 });
  }
  await recordDelivery(db, { ...delivery, payload }, { result: "queued", summary: null });
  return new Response(null, { status: 200 });
}

/**
 * Whether `hmac` (X-Shopify-Hmac-Sha256, base64) is the HMAC-SHA256 of the body's bytes under the
 * app's secret, compared in constant time. Checked here rather than by Shopify's library, whose
 * webhook authentication also loads (and may renew over the network) the shop's offline session
 * before answering: nothing a delivery's answer needs.
 */
function signedWithAppSecret(body: Buffer, hmac: string): boolean {
  const expected = createHmac("sha256", env.shopify.apiSecret).update(body).digest();
  const given = Buffer.from(hmac, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** X-Shopify-Topic as the library gives it (products/update → PRODUCTS_UPDATE). */
function storedTopic(header: string): string {
  return header.toUpperCase().replace(/\/|\./g, "_");
}

/** A shop's own domain as Shopify's library accepts it in X-Shopify-Shop-Domain (its sanitizeShop). */
const SHOPIFY_SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.myshopify\.(com|io)$/;

/** Why a signed delivery did not come to this route from Shopify for a shop, if it did not. */
function misdirected(topics: readonly WebhookTopic[], topic: string, shopDomain: string): string | null {
  if (!isShopDomain(shopDomain) || !SHOPIFY_SHOP_DOMAIN.test(shopDomain)) return notAShop(shopDomain);
  if (!topics.some((own) => recordedTopic(own) === topic)) {
    return `X-Shopify-Topic ${JSON.stringify(topic.slice(0, 100))} is not this route's (${topics.join(", ")})`;
  }
  return null;
}

const notAShop = (header: string) => `X-Shopify-Shop-Domain ${JSON.stringify(header.slice(0, 300))} is not a shop's domain`;

/** Refuses a delivery that is not this route's to record (400), and says so in the log. */
function refuse(topic: string | null, reason: string): Response {
  log.warn("webhook refused, nothing recorded", { topic, reason });
  return new Response(null, { status: 400 });
}

/** Whether a parsed JSON value nests deeper than `limit` (walked without recursion). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: item, depth } = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** X-Shopify-Triggered-At as an instant; null when missing or not a time (the header is not signed). */
function instantOf(text: string | null): Date | null {
  const time = text ? new Date(text) : null;
  return time && !Number.isNaN(time.getTime()) ? time : null;
}

interface DeliveryRecord {
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string | null;
  payload: unknown;
  requestId: string | null;
}

/**
 * Records the delivery with `outcome` (queued for the worker, or what was decided on receipt), or
 * counts it as a duplicate of its event: one upsert on the (shop, event id) key, a single
 * statement rather than a transaction, because it is all that stands between Shopify and its
 * answer (a burst of deliveries queues on the database's one writer).
 */
async function recordDelivery(
  db: PrismaClient,
  delivery: DeliveryRecord,
  outcome: { result: WebhookResult | "queued"; summary: string | null },
): Promise<void> {
  await db.webhookDelivery.upsert({
    where: { shopDomain_eventId: { shopDomain: delivery.shopDomain, eventId: delivery.eventId } },
    update: { duplicates: { increment: 1 } },
    create: {
      shopDomain: delivery.shopDomain,
      topic: delivery.topic,
      eventId: delivery.eventId,
      webhookId: delivery.webhookId,
      triggeredAt: instantOf(delivery.triggeredAt),
      payload: JSON.stringify(delivery.payload),
      requestId: delivery.requestId,
      ...outcome,
    },
  });
}
