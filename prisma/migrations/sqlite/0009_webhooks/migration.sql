-- Inbound 0009: webhook results and the webhook log, out-of-order protection, debounced drift
-- checks, lines whose variant Shopify deleted, orders whose location Shopify removed.
ALTER TABLE "WebhookDelivery" ADD COLUMN "result" TEXT NOT NULL DEFAULT 'handled';
ALTER TABLE "WebhookDelivery" ADD COLUMN "summary" TEXT;
ALTER TABLE "WebhookDelivery" ADD COLUMN "duplicates" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "variantDeletedAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "locationLostAt" DATETIME;

CREATE TABLE "ShopifyObjectVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "ShopifyObjectVersion_shopDomain_objectId_key" ON "ShopifyObjectVersion"("shopDomain", "objectId");

CREATE TABLE "DriftCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    CONSTRAINT "DriftCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "DriftCheck_shopId_inventoryItemId_locationId_key" ON "DriftCheck"("shopId", "inventoryItemId", "locationId");
CREATE INDEX "DriftCheck_dueAt_idx" ON "DriftCheck"("dueAt");
