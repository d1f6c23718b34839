-- Inbound 0003: the purchase order lifecycle (header fields, dated columns, confirmations,
-- bookings: receipts, reversals, cancellations, closures).
ALTER TABLE "PurchaseOrder" ADD COLUMN "previousStatus" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "reference" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "privateNote" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "orderDate" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "expectedArrivalAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "requestedShipAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "shippingCost" DECIMAL NOT NULL DEFAULT 0;
ALTER TABLE "PurchaseOrder" ADD COLUMN "tax" DECIMAL NOT NULL DEFAULT 0;
ALTER TABLE "PurchaseOrder" ADD COLUMN "sentAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "confirmedAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "shippedAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "receivedAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "completedAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "cancelledAt" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "deletedAt" DATETIME;

ALTER TABLE "PurchaseOrderLine" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'variant';
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "quantityConfirmed" INTEGER;

CREATE TABLE "Booking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purchaseOrderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reversesId" TEXT,
    "locationId" TEXT,
    "note" TEXT,
    "bookedAt" DATETIME NOT NULL,
    "syncedAt" DATETIME,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    CONSTRAINT "Booking_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Booking_purchaseOrderId_bookedAt_idx" ON "Booking"("purchaseOrderId", "bookedAt");

CREATE TABLE "BookingLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "bookingId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "received" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "reason" TEXT,
    CONSTRAINT "BookingLine_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BookingLine_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "PurchaseOrderLine" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX "BookingLine_lineId_idx" ON "BookingLine"("lineId");
