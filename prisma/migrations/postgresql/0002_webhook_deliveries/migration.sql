-- Inbound 0002: verified webhook deliveries, deduplicated by Shopify's event id.
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" TEXT NOT NULL,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_eventId_key" ON "WebhookDelivery"("shopDomain", "eventId");
CREATE INDEX "WebhookDelivery_shopDomain_topic_receivedAt_idx" ON "WebhookDelivery"("shopDomain", "topic", "receivedAt");
