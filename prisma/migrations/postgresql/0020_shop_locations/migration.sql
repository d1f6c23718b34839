-- Inbound 0020: the shop's locations kept in Inbound (read from Shopify once, then kept current
-- by the locations webhooks and each refresh), so screens do not ask Shopify on every view.
ALTER TABLE "Shop" ADD COLUMN "locationsReadAt" TIMESTAMP(3);
CREATE TABLE "ShopLocation" (
    "shopId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL,

    CONSTRAINT "ShopLocation_pkey" PRIMARY KEY ("shopId","locationId")
);

ALTER TABLE "ShopLocation" ADD CONSTRAINT "ShopLocation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
