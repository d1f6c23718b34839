-- Inbound 0006: on-hand, tags, metafields and cost effects; worker leases and attempt history;
-- shop settings; incoming reconciliation.
ALTER TABLE "Shop" ADD COLUMN "effectsLeaseOwner" TEXT;
ALTER TABLE "Shop" ADD COLUMN "effectsLeaseUntil" DATETIME;
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "productId" TEXT;
ALTER TABLE "ShopifyEffect" ADD COLUMN "notBefore" DATETIME;

CREATE TABLE "ShopifyEffectAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "effectId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT,
    "error" TEXT,
    CONSTRAINT "ShopifyEffectAttempt_effectId_fkey" FOREIGN KEY ("effectId") REFERENCES "ShopifyEffect" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "ShopifyEffectAttempt_effectId_startedAt_idx" ON "ShopifyEffectAttempt"("effectId", "startedAt");

CREATE TABLE "ShopSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "incomingTracking" BOOLEAN NOT NULL DEFAULT true,
    "autoSyncOnReceive" BOOLEAN NOT NULL DEFAULT false,
    "tagRules" TEXT NOT NULL DEFAULT '[]',
    "writeBackRules" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ShopSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "IncomingReconciliation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "drift" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "fixedAt" DATETIME,
    CONSTRAINT "IncomingReconciliation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "IncomingReconciliation_shopId_startedAt_idx" ON "IncomingReconciliation"("shopId", "startedAt");
