-- Inbound 0017: webhook deliveries are a queue the worker drains after Shopify has its answer
-- (result "queued" until handled; a worker claims one with claimedBy/claimedUntil, like a shop's
-- effects lease), and the request id of the request that staged an effect or received a
-- delivery, so the worker's log lines for that work carry it (docs/decisions/020).
ALTER TABLE "WebhookDelivery" ADD COLUMN "claimedBy" TEXT,
ADD COLUMN "claimedUntil" TIMESTAMP(3),
ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "lastError" TEXT,
ADD COLUMN "requestId" TEXT;
ALTER TABLE "ShopifyEffect" ADD COLUMN "requestId" TEXT;
CREATE INDEX "WebhookDelivery_result_receivedAt_idx" ON "WebhookDelivery"("result", "receivedAt");
