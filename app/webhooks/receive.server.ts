import type { PrismaClient } from "@prisma/client";
import { InvalidShopError } from "@shopify/shopify-api";

import { isShopDomain } from "~/domain/input";
import { currentLogContext, log, withRequestLog } from "~/log.server";
import { authenticate } from "~/shopify.server";

import { shopNamedByPayload } from "./payloads";
import { recordedTopic, type WebhookTopic } from "./topics";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

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

/** Headers Shopify sends with every delivery; read here for the signature's presence, and when the library could not parse the body. */
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
export function receiveWebhook(db: PrismaClient, request: Request, topics: readonly WebhookTopic[]): Promise<Response> {
  return withRequestLog(request, () => verifyAndRecord(db, request, topics));
}

async function verifyAndRecord(db: PrismaClient, request: Request, topics: readonly WebhookTopic[]): Promise<Response> {
  if (!request.headers.get(HEADERS.hmac)?.trim()) return new Response(null, { status: 401 });
  const copy = request.clone();
  const requestId = currentLogContext().requestId ?? null;
  let webhook: WebhookContext;
  try {
    webhook = await authenticate.webhook(request);
  } catch (error) {
    // The library reads the headers and the body only once the signature checked out: then a
    // shop header that is no shop's domain is an InvalidShopError, and a body that is not JSON
    // a SyntaxError from its parse (any other failure is ours, and thrown).
    const headers = copy.headers;
    if (error instanceof InvalidShopError) return refuse(headers.get(HEADERS.topic), notAShop(headers.get(HEADERS.shop) ?? ""));
    const body = await copy.text();
    if (!(error instanceof SyntaxError) || parsesAsJson(body)) throw error;
    const topic = storedTopic(headers.get(HEADERS.topic) ?? "");
    const shopDomain = headers.get(HEADERS.shop) ?? "";
    const misdirection = misdirected(topics, topic, shopDomain);
    if (misdirection) return refuse(topic, misdirection);
    await recordDelivery(
      db,
      {
        shopDomain,
        topic,
        webhookId: headers.get(HEADERS.webhookId) ?? "",
        eventId: headers.get(HEADERS.eventId) ?? headers.get(HEADERS.webhookId) ?? "",
        triggeredAt: headers.get(HEADERS.triggeredAt),
        payload: null,
        requestId,
      },
      { result: "invalid", summary: `Payload not understood: the body is not JSON (${Buffer.byteLength(body)} bytes); nothing was changed` },
    );
    return new Response(null, { status: 200 });
  }
  const misdirection = misdirected(topics, webhook.topic, webhook.shop);
  if (misdirection) return refuse(webhook.topic, misdirection);
  // Shopify sends X-Shopify-Event-Id; the webhook id is unique per delivery attempt's event too.
  const eventId = webhook.eventId ?? webhook.webhookId;
  const delivery = {
    shopDomain: webhook.shop,
    topic: webhook.topic,
    webhookId: webhook.webhookId,
    eventId,
    triggeredAt: webhook.triggeredAt ?? null,
    payload: webhook.payload ?? null,
    requestId,
  };
  if (nestedDeeperThan(webhook.payload, MAX_PAYLOAD_DEPTH)) {
    await recordDelivery(db, { ...delivery, payload: null }, { result: "invalid", summary: `Payload not understood: nested deeper than ${MAX_PAYLOAD_DEPTH} levels; nothing was changed` });
    return new Response(null, { status: 200 });
  }
  const named = shopNamedByPayload(webhook.topic, webhook.payload);
  if (named.kind === "unreadable") {
    await recordDelivery(db, delivery, { result: "invalid", summary: `Payload not understood: ${named.issue}; nothing was changed` });
    return new Response(null, { status: 200 });
  }
  if (named.kind === "shop" && named.shopDomain.toLowerCase() !== webhook.shop.toLowerCase()) {
    const summary =
      `Refused: the signed payload is about ${named.shopDomain}, the X-Shopify-Shop-Domain header names ${webhook.shop}; ` +
      "nothing was changed";
    log.warn("webhook refused", { topic: webhook.topic, eventId, shop: webhook.shop, reason: summary });
    await recordDelivery(db, delivery, { result: "invalid", summary });
    return new Response(null, { status: 400 });
  }
  await recordDelivery(db, delivery, { result: "queued", summary: null });
  return new Response(null, { status: 200 });
}

/** X-Shopify-Topic as the library gives it (products/update → PRODUCTS_UPDATE). */
function storedTopic(header: string): string {
  return header.toUpperCase().replace(/\/|\./g, "_");
}

/** Why a signed delivery did not come to this route from Shopify for a shop, if it did not. */
function misdirected(topics: readonly WebhookTopic[], topic: string, shopDomain: string): string | null {
  if (!isShopDomain(shopDomain)) return notAShop(shopDomain);
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

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
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
 * Records the delivery with `outcome` (queued for the worker, or what was decided on receipt),
 * or counts it as a duplicate of its event.
 */
async function recordDelivery(db: PrismaClient, delivery: DeliveryRecord, outcome: { result: WebhookResult | "queued"; summary: string | null }): Promise<void> {
  await db.$transaction(async (tx) => {
    const key = { shopDomain_eventId: { shopDomain: delivery.shopDomain, eventId: delivery.eventId } };
    const existing = await tx.webhookDelivery.findUnique({ where: key, select: { id: true } });
    if (existing) {
      await tx.webhookDelivery.update({ where: key, data: { duplicates: { increment: 1 } } });
      return;
    }
    await tx.webhookDelivery.create({
      data: {
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
  });
}
