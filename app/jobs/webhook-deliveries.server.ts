import type { PrismaClient } from "@prisma/client";

import { now as clockNow } from "~/clock.server";
import { log, withLogContext } from "~/log.server";
import { webhookHandler } from "~/webhooks/handlers.server";

/**
 * The worker's half of a webhook: the routes verify, record the delivery as "queued" and answer
 * (app/webhooks/receive.server.ts); this handles the recorded deliveries, oldest first. The
 * delivery row is the job, claimed like a shop's effects: a compare-and-set on the row (queued,
 * and unclaimed or its claim expired) makes it one worker's until `claimedUntil`; the handler's
 * writes and the outcome commit in one transaction that first checks the claim is still this
 * worker's. A worker that dies mid-delivery leaves it claimed until the claim expires, then
 * another handles it; its transaction never committed, so nothing is applied twice. A handler
 * that throws (a busy database, a bug) leaves the delivery queued, with the error and a backoff.
 */

/** Longer than any handler's transaction can run (app/db-client.server.ts bounds those). */
export const DELIVERY_CLAIM_MS = 120_000;
const RETRY_BASE_MS = 5_000;
const RETRY_MAX_MS = 600_000;
const DEFAULT_BATCH = 100;

export interface WebhookDrainOptions {
  workerId: string;
  claimMs?: number;
  batchSize?: number;
  now?: () => Date;
  signal?: AbortSignal;
}

export interface WebhookDrainResult {
  handled: number;
  failed: number;
}

const claimable = (at: Date) => ({ result: "queued", OR: [{ claimedUntil: null }, { claimedUntil: { lt: at } }] });

/** Handles up to a batch of queued deliveries, oldest first; the count handled and failed (left queued). */
export async function handleQueuedWebhooks(db: PrismaClient, options: WebhookDrainOptions): Promise<WebhookDrainResult> {
  const now = options.now ?? clockNow;
  const claimMs = options.claimMs ?? DELIVERY_CLAIM_MS;
  const result: WebhookDrainResult = { handled: 0, failed: 0 };
  const due = await db.webhookDelivery.findMany({
    where: claimable(now()),
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: options.batchSize ?? DEFAULT_BATCH,
    select: { id: true },
  });
  for (const { id } of due) {
    if (options.signal?.aborted) break;
    const at = now();
    const claimed = await db.webhookDelivery.updateMany({
      where: { id, ...claimable(at) },
      data: { claimedBy: options.workerId, claimedUntil: new Date(at.getTime() + claimMs), attempts: { increment: 1 } },
    });
    // Another worker took it first.
    if (claimed.count === 0) continue;
    const delivery = await db.webhookDelivery.findUniqueOrThrow({ where: { id } });
    await withLogContext({ ...(delivery.requestId ? { requestId: delivery.requestId } : {}), shop: delivery.shopDomain }, async () => {
      try {
        await handleOne(db, delivery, options.workerId);
        result.handled += 1;
        log.info("webhook handled", { topic: delivery.topic, eventId: delivery.eventId, attempt: delivery.attempts });
      } catch (error) {
        result.failed += 1;
        const retryMs = Math.min(RETRY_BASE_MS * 2 ** Math.max(delivery.attempts - 1, 0), RETRY_MAX_MS);
        log.error("webhook handling failed; retried later", {
          topic: delivery.topic,
          eventId: delivery.eventId,
          attempt: delivery.attempts,
          retryInMs: retryMs,
          error,
        });
        await db.webhookDelivery.updateMany({
          where: { id, claimedBy: options.workerId, result: "queued" },
          data: { claimedBy: null, claimedUntil: new Date(now().getTime() + retryMs), lastError: String(error).slice(0, 2000) },
        });
      }
    });
  }
  return result;
}

type QueuedDelivery = Awaited<ReturnType<PrismaClient["webhookDelivery"]["findUniqueOrThrow"]>>;

async function handleOne(db: PrismaClient, delivery: QueuedDelivery, workerId: string): Promise<void> {
  const handler = webhookHandler(delivery.topic);
  await db.$transaction(async (tx) => {
    // Still ours: a worker stalled past its claim must not apply what another already did.
    const ours = await tx.webhookDelivery.count({ where: { id: delivery.id, claimedBy: workerId, result: "queued" } });
    if (ours === 0) return;
    const outcome = handler
      ? await handler(
          tx,
          {
            shopDomain: delivery.shopDomain,
            topic: delivery.topic,
            eventId: delivery.eventId,
            webhookId: delivery.webhookId,
            triggeredAt: delivery.triggeredAt ?? delivery.receivedAt,
          },
          JSON.parse(delivery.payload) as unknown,
        )
      : { result: "invalid" as const, summary: `No handler for topic ${delivery.topic}` };
    // The handler may have erased the row with the shop's data (shop/redact): then nothing to record.
    await tx.webhookDelivery.updateMany({
      where: { id: delivery.id },
      data: { result: outcome?.result ?? "handled", summary: outcome?.summary ?? null, claimedBy: null, claimedUntil: null, lastError: null },
    });
  });
}
