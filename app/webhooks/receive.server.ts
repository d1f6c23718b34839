import type { Prisma, PrismaClient } from "@prisma/client";
import type { z } from "zod";

import { authenticate } from "~/shopify.server";

import { describeIssues } from "./payloads";
import { now as clockNow } from "~/clock.server";

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
  /** X-Shopify-Triggered-At; the receipt time when Shopify leaves it out. */
  triggeredAt: Date;
}

/**
 * The one path every webhook takes: verify the HMAC (Shopify's library answers 401 to a bad
 * one), record the delivery and apply its effect in one transaction, then answer 200. A
 * delivery whose event id was already recorded is a success that does nothing but count itself,
 * because Shopify delivers at least once. Handler errors are not swallowed: Shopify must retry.
 * Handlers only write a few rows; slow work (drift checks) is queued for the worker.
 */
export async function receiveWebhook(
  db: PrismaClient,
  request: Request,
  apply: (tx: Prisma.TransactionClient, webhook: WebhookContext) => Promise<WebhookOutcome | void> = async () => {},
): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  // Shopify sends X-Shopify-Event-Id; the webhook id is unique per delivery attempt's event too.
  const eventId = webhook.eventId ?? webhook.webhookId;
  await db.$transaction(async (tx) => {
    const key = { shopDomain_eventId: { shopDomain: webhook.shop, eventId } };
    const existing = await tx.webhookDelivery.findUnique({ where: key, select: { id: true } });
    if (existing) {
      await tx.webhookDelivery.update({ where: key, data: { duplicates: { increment: 1 } } });
      return;
    }
    // Recorded before it is applied, so a concurrent copy of the event fails on the unique key
    // before doing any work (and is retried by Shopify, then counted as a duplicate).
    await tx.webhookDelivery.create({
      data: {
        shopDomain: webhook.shop,
        topic: webhook.topic,
        eventId,
        webhookId: webhook.webhookId,
        triggeredAt: webhook.triggeredAt ? new Date(webhook.triggeredAt) : null,
        payload: JSON.stringify(webhook.payload ?? null),
      },
    });
    const outcome = await apply(tx, webhook);
    if (outcome) await tx.webhookDelivery.update({ where: key, data: outcome });
  });
  return new Response(null, { status: 200 });
}

/**
 * receiveWebhook for a topic whose payload Inbound reads: parsed with `schema` (which names only
 * the fields the handler uses), then handed over with the delivery. A payload that does not parse
 * is recorded as invalid, naming what is missing, and changes nothing.
 */
export function receivePayload<Schema extends z.ZodType>(
  db: PrismaClient,
  request: Request,
  schema: Schema,
  handle: (
    tx: Prisma.TransactionClient,
    webhook: ReceivedWebhook,
    payload: z.output<Schema>,
  ) => Promise<WebhookOutcome>,
): Promise<Response> {
  return receiveWebhook(db, request, async (tx, webhook) => {
    const parsed = schema.safeParse(webhook.payload);
    if (!parsed.success)
      return { result: "invalid", summary: `Payload not understood: ${describeIssues(parsed.error)}` };
    const triggeredAt = webhook.triggeredAt ? new Date(webhook.triggeredAt) : clockNow();
    return handle(
      tx,
      { shopDomain: webhook.shop, topic: webhook.topic, eventId: webhook.eventId ?? webhook.webhookId, triggeredAt },
      parsed.data,
    );
  });
}
