-- Inbound 0008: the supplier credit created for a delivery's returned goods.
ALTER TABLE "Delivery" ADD COLUMN "creditId" TEXT;
