import type { Prisma, PrismaClient } from "@prisma/client";

import { authenticate } from "~/shopify.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>>;

/**
 * The one path every webhook takes: verify the HMAC (Shopify's library answers 401 to a bad
 * one), record the delivery and apply its effect in one transaction, then answer 200. A
 * delivery whose event id was already recorded is a success that does nothing, because
 * Shopify delivers at least once. Handler errors are not swallowed: Shopify must retry.
 */
export async function receiveWebhook(
  db: PrismaClient,
  request: Request,
  apply: (tx: Prisma.TransactionClient, webhook: WebhookContext) => Promise<void> = async () => {},
): Promise<Response> {
  const webhook = await authenticate.webhook(request);
  // Shopify sends X-Shopify-Event-Id; the webhook id is unique per delivery attempt's event too.
  const eventId = webhook.eventId ?? webhook.webhookId;
  await db.$transaction(async (tx) => {
    const existing = await tx.webhookDelivery.findUnique({
      where: { shopDomain_eventId: { shopDomain: webhook.shop, eventId } },
      select: { id: true },
    });
    if (existing) return;
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
    await apply(tx, webhook);
  });
  return new Response(null, { status: 200 });
}
