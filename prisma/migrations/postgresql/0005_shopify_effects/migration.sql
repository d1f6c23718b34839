-- Inbound 0005: the Shopify effects outbox and the incoming each order holds in Shopify.
CREATE TABLE "ShopifyEffect" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "purchaseOrderId" TEXT,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'staged',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    CONSTRAINT "ShopifyEffect_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ShopifyEffect_shopId_status_createdAt_idx" ON "ShopifyEffect"("shopId", "status", "createdAt");
CREATE INDEX "ShopifyEffect_purchaseOrderId_idx" ON "ShopifyEffect"("purchaseOrderId");

CREATE TABLE "IncomingLedger" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "IncomingLedger_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "IncomingLedger_purchaseOrderId_inventoryItemId_locationId_key" ON "IncomingLedger"("purchaseOrderId", "inventoryItemId", "locationId");

ALTER TABLE "ShopifyEffect" ADD CONSTRAINT "ShopifyEffect_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
