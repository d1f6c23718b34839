-- Inbound 0002: verified webhook deliveries, deduplicated by Shopify's event id.
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" TEXT NOT NULL
);
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_eventId_key" ON "WebhookDelivery"("shopDomain", "eventId");
CREATE INDEX "WebhookDelivery_shopDomain_topic_receivedAt_idx" ON "WebhookDelivery"("shopDomain", "topic", "receivedAt");
