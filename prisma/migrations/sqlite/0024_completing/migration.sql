-- Inbound 0024: Complete through the effects pipeline (issue 17). An order whose completion waits
-- for Shopify to have the unit costs is "completing": since when, and what was asked by whom.
ALTER TABLE "PurchaseOrder" ADD COLUMN "completingSince" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "completingRequest" TEXT;
