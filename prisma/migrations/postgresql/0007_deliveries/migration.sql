-- Inbound 0007: deliveries (drafts, lines, delivery note files), closed deliveries, lines added
-- by a delivery, the label format setting, and intake reasons as the numbered codes' keys.
ALTER TABLE "PurchaseOrder" ADD COLUMN "deliveriesClosedAt" TIMESTAMP(3);
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "notOrdered" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ShopSettings" ADD COLUMN "labelFormat" TEXT NOT NULL DEFAULT 'pdf_sheet';

CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "deliveredAt" TIMESTAMP(3),
    "note" TEXT,
    "bookingId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Delivery_purchaseOrderId_number_key" ON "Delivery"("purchaseOrderId", "number");

CREATE TABLE "DeliveryLine" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "lineId" TEXT,
    "variantId" TEXT,
    "inventoryItemId" TEXT,
    "productId" TEXT,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "quantityDelivered" INTEGER NOT NULL,
    "quantityReturned" INTEGER NOT NULL DEFAULT 0,
    "unitPrice" DECIMAL(65,30) NOT NULL,
    "discount" DECIMAL(65,30) NOT NULL DEFAULT 0,
    "intakeReason" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "DeliveryLine_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DeliveryLine_deliveryId_position_key" ON "DeliveryLine"("deliveryId", "position");

CREATE TABLE "DeliveryFile" (
    "id" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DeliveryFile_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DeliveryFile_storageKey_key" ON "DeliveryFile"("storageKey");
CREATE INDEX "DeliveryFile_deliveryId_idx" ON "DeliveryFile"("deliveryId");

-- Intake reasons were free words; they are now the keys of the numbered codes.
UPDATE "BookingLine" SET "reason" = CASE "reason"
    WHEN 'cancelled' THEN 'canceled'
    WHEN 'damaged' THEN 'damaged_returned'
    WHEN 'quality_issue' THEN 'quality_issue_returned'
    WHEN 'wrong_item' THEN 'wrongly_delivered_returned'
    WHEN 'over_delivered' THEN 'delivered_too_much_returned'
    WHEN 'under_delivered' THEN 'under_delivered_returned'
    WHEN 'late_delivery' THEN 'late_delivery_returned'
    WHEN 'pricing_issue' THEN 'pricing_issue_returned'
    WHEN 'other' THEN NULL
    ELSE "reason" END;

ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DeliveryLine" ADD CONSTRAINT "DeliveryLine_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DeliveryFile" ADD CONSTRAINT "DeliveryFile_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
