-- Inbound 0021: indexes for reads that went through a whole table (issue 17): an order's booking
-- lines, its history, a supplier's orders and credits.
CREATE INDEX "BookingLine_bookingId_idx" ON "BookingLine"("bookingId");
CREATE INDEX "PurchaseOrder_supplierId_idx" ON "PurchaseOrder"("supplierId");
CREATE INDEX "SupplierCredit_supplierId_idx" ON "SupplierCredit"("supplierId");
CREATE INDEX "AuditEntry_purchaseOrderId_createdAt_idx" ON "AuditEntry"("purchaseOrderId", "createdAt");
