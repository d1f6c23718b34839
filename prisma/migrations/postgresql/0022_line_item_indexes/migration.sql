-- Inbound 0022: indexes for the reads by Shopify id that went through every line of the shop
-- (issue 17): other orders holding a product or variant (tag removal, FALSE write-back), and the
-- lines and incoming positions of a variant or inventory item Shopify changed or deleted.
CREATE INDEX "PurchaseOrderLine_productId_idx" ON "PurchaseOrderLine"("productId");
CREATE INDEX "PurchaseOrderLine_variantId_idx" ON "PurchaseOrderLine"("variantId");
CREATE INDEX "PurchaseOrderLine_inventoryItemId_idx" ON "PurchaseOrderLine"("inventoryItemId");
CREATE INDEX "IncomingLedger_inventoryItemId_idx" ON "IncomingLedger"("inventoryItemId");
