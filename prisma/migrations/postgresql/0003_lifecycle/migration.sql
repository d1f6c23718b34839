-- Inbound 0003: the purchase order lifecycle (header fields, dated columns, confirmations,
-- bookings: receipts, reversals, cancellations, closures).
ALTER TABLE "PurchaseOrder" ADD COLUMN "previousStatus" TEXT,
ADD COLUMN "reference" TEXT,
ADD COLUMN "privateNote" TEXT,
ADD COLUMN "orderDate" TIMESTAMP(3),
ADD COLUMN "expectedArrivalAt" TIMESTAMP(3),
ADD COLUMN "requestedShipAt" TIMESTAMP(3),
ADD COLUMN "shippingCost" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN "tax" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN "sentAt" TIMESTAMP(3),
ADD COLUMN "confirmedAt" TIMESTAMP(3),
ADD COLUMN "shippedAt" TIMESTAMP(3),
ADD COLUMN "receivedAt" TIMESTAMP(3),
ADD COLUMN "completedAt" TIMESTAMP(3),
ADD COLUMN "cancelledAt" TIMESTAMP(3),
ADD COLUMN "deletedAt" TIMESTAMP(3);

ALTER TABLE "PurchaseOrderLine" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'variant',
ADD COLUMN "quantityConfirmed" INTEGER;

CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reversesId" TEXT,
    "locationId" TEXT,
    "note" TEXT,
    "bookedAt" TIMESTAMP(3) NOT NULL,
    "syncedAt" TIMESTAMP(3),
    "actorType" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Booking_purchaseOrderId_bookedAt_idx" ON "Booking"("purchaseOrderId", "bookedAt");

CREATE TABLE "BookingLine" (
    "id" TEXT NOT NULL,
    "bookingId" TEXT NOT NULL,
    "lineId" TEXT NOT NULL,
    "received" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "reason" TEXT,
    CONSTRAINT "BookingLine_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "BookingLine_lineId_idx" ON "BookingLine"("lineId");

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BookingLine" ADD CONSTRAINT "BookingLine_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BookingLine" ADD CONSTRAINT "BookingLine_lineId_fkey" FOREIGN KEY ("lineId") REFERENCES "PurchaseOrderLine"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
