-- Inbound 0013: order and delivery lines keep the variant's Shopify product vendor, so a line of
-- another supplier's product is flagged (app/domain/purchase-order/new-line.ts). Lines made
-- before this have none, and are never flagged.
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "vendor" TEXT;
ALTER TABLE "DeliveryLine" ADD COLUMN "vendor" TEXT;
