-- Inbound 0015: a delivery line's units split across intake reasons ("6 arrived: 5 accepted,
-- 1 damaged (returned)"), one part per reason (docs/decisions/006, 2026-12 amendment).
CREATE TABLE "DeliveryLineSplit" (
    "id" TEXT NOT NULL,
    "deliveryLineId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "intakeReason" INTEGER NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "DeliveryLineSplit_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DeliveryLineSplit_deliveryLineId_position_key" ON "DeliveryLineSplit"("deliveryLineId", "position");

-- Lines saved before had one reason: each becomes one part of the units that reason describes
-- (accepted: delivered; returned: returned; not delivered and canceled: none).
INSERT INTO "DeliveryLineSplit" ("id", "deliveryLineId", "position", "intakeReason", "quantity")
SELECT 'split-' || "id", "id", 0, "intakeReason",
    CASE
        WHEN "intakeReason" IN (0, 6, 8, 10, 12, 14) THEN "quantityDelivered"
        WHEN "intakeReason" IN (1, 2) THEN 0
        ELSE "quantityReturned"
    END
FROM "DeliveryLine";

ALTER TABLE "DeliveryLineSplit" ADD CONSTRAINT "DeliveryLineSplit_deliveryLineId_fkey" FOREIGN KEY ("deliveryLineId") REFERENCES "DeliveryLine"("id") ON DELETE CASCADE ON UPDATE CASCADE;
