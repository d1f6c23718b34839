-- Inbound 0004: supplier details and catalogue, payments, supplier credits, shipments,
-- addresses and supplier-facing fields on purchase orders.
ALTER TABLE "Supplier" ADD COLUMN "ccEmails" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN "paymentTerms" TEXT,
ADD COLUMN "paymentTermsDays" INTEGER,
ADD COLUMN "leadTimeDays" INTEGER,
ADD COLUMN "address" TEXT,
ADD COLUMN "notes" TEXT;

ALTER TABLE "PurchaseOrder" ADD COLUMN "exchangeRate" DECIMAL(65,30),
ADD COLUMN "billingAddress" TEXT,
ADD COLUMN "shippingAddress" TEXT,
ADD COLUMN "dropShip" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "vendorReference" TEXT,
ADD COLUMN "externalNumbers" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN "supplierConfirmed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "promiseDate" TIMESTAMP(3),
ADD COLUMN "holdUntil" TIMESTAMP(3),
ADD COLUMN "customFields" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "PurchaseOrderLine" ADD COLUMN "discount" DECIMAL(65,30) NOT NULL DEFAULT 0,
ADD COLUMN "promiseDate" TIMESTAMP(3),
ADD COLUMN "comment" TEXT;

CREATE TABLE "CatalogueItem" (
    "id" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "supplierSku" TEXT,
    "alternateSkus" TEXT NOT NULL DEFAULT '[]',
    "unitCost" DECIMAL(65,30) NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "minimumOrderQuantity" INTEGER NOT NULL DEFAULT 1,
    "packSize" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "CatalogueItem_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "CatalogueItem_supplierId_variantId_key" ON "CatalogueItem"("supplierId", "variantId");
CREATE INDEX "CatalogueItem_supplierId_supplierSku_idx" ON "CatalogueItem"("supplierId", "supplierSku");
CREATE INDEX "CatalogueItem_supplierId_sku_idx" ON "CatalogueItem"("supplierId", "sku");

CREATE TABLE "SupplierCredit" (
    "id" TEXT NOT NULL,
    "supplierId" TEXT NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reference" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SupplierCredit_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CreditApplication" (
    "id" TEXT NOT NULL,
    "creditId" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,
    "reversedAt" TIMESTAMP(3),
    CONSTRAINT "CreditApplication_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CreditApplication_creditId_idx" ON "CreditApplication"("creditId");
CREATE INDEX "CreditApplication_purchaseOrderId_idx" ON "CreditApplication"("purchaseOrderId");

CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "amount" DECIMAL(65,30) NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "exchangeRate" DECIMAL(65,30),
    "paidAt" TIMESTAMP(3) NOT NULL,
    "method" TEXT,
    "reference" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Payment_purchaseOrderId_idx" ON "Payment"("purchaseOrderId");

CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "carrier" TEXT,
    "trackingNumber" TEXT,
    "estimatedArrivalAt" TIMESTAMP(3),
    "arrivedAt" TIMESTAMP(3),
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Shipment_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Shipment_purchaseOrderId_idx" ON "Shipment"("purchaseOrderId");

ALTER TABLE "CatalogueItem" ADD CONSTRAINT "CatalogueItem_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SupplierCredit" ADD CONSTRAINT "SupplierCredit_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CreditApplication" ADD CONSTRAINT "CreditApplication_creditId_fkey" FOREIGN KEY ("creditId") REFERENCES "SupplierCredit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CreditApplication" ADD CONSTRAINT "CreditApplication_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Shipment" ADD CONSTRAINT "Shipment_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
