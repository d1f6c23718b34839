-- Inbound 0009: webhook results and the webhook log, out-of-order protection, debounced drift
-- checks, lines whose variant Shopify deleted, orders whose location Shopify removed.
ALTER TABLE "WebhookDelivery" ADD COLUMN "result" TEXT NOT NULL DEFAULT 'handled',
ADD COLUMN "summary" TEXT,
ADD COLUMN "duplicates" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "variantDeletedAt" TIMESTAMP(3);
ALTER TABLE "PurchaseOrder" ADD COLUMN "locationLostAt" TIMESTAMP(3);

CREATE TABLE "ShopifyObjectVersion" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ShopifyObjectVersion_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ShopifyObjectVersion_shopDomain_objectId_key" ON "ShopifyObjectVersion"("shopDomain", "objectId");

CREATE TABLE "DriftCheck" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "DriftCheck_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DriftCheck_shopId_inventoryItemId_locationId_key" ON "DriftCheck"("shopId", "inventoryItemId", "locationId");
CREATE INDEX "DriftCheck_dueAt_idx" ON "DriftCheck"("dueAt");

ALTER TABLE "DriftCheck" ADD CONSTRAINT "DriftCheck_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
