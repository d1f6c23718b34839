-- Inbound 0006: on-hand, tags, metafields and cost effects; worker leases and attempt history;
-- shop settings; incoming reconciliation.
ALTER TABLE "Shop" ADD COLUMN "effectsLeaseOwner" TEXT,
ADD COLUMN "effectsLeaseUntil" TIMESTAMP(3);
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "productId" TEXT;
ALTER TABLE "ShopifyEffect" ADD COLUMN "notBefore" TIMESTAMP(3);

CREATE TABLE "ShopifyEffectAttempt" (
    "id" TEXT NOT NULL,
    "effectId" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" TEXT,
    "error" TEXT,
    CONSTRAINT "ShopifyEffectAttempt_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ShopifyEffectAttempt_effectId_startedAt_idx" ON "ShopifyEffectAttempt"("effectId", "startedAt");

CREATE TABLE "ShopSettings" (
    "shopId" TEXT NOT NULL,
    "incomingTracking" BOOLEAN NOT NULL DEFAULT true,
    "autoSyncOnReceive" BOOLEAN NOT NULL DEFAULT false,
    "tagRules" TEXT NOT NULL DEFAULT '[]',
    "writeBackRules" TEXT NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ShopSettings_pkey" PRIMARY KEY ("shopId")
);

CREATE TABLE "IncomingReconciliation" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "drift" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "fixedAt" TIMESTAMP(3),
    CONSTRAINT "IncomingReconciliation_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "IncomingReconciliation_shopId_startedAt_idx" ON "IncomingReconciliation"("shopId", "startedAt");

ALTER TABLE "ShopifyEffectAttempt" ADD CONSTRAINT "ShopifyEffectAttempt_effectId_fkey" FOREIGN KEY ("effectId") REFERENCES "ShopifyEffect"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ShopSettings" ADD CONSTRAINT "ShopSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "IncomingReconciliation" ADD CONSTRAINT "IncomingReconciliation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
