-- Inbound 0019: the shop's default receiving location for new orders (Settings); null: the
-- first active location.
ALTER TABLE "ShopSettings" ADD COLUMN "defaultLocationId" TEXT;
