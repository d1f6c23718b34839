-- Inbound 0004: supplier details and catalogue, payments, supplier credits, shipments,
-- addresses and supplier-facing fields on purchase orders.
ALTER TABLE "Supplier" ADD COLUMN "ccEmails" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "Supplier" ADD COLUMN "paymentTerms" TEXT;
ALTER TABLE "Supplier" ADD COLUMN "paymentTermsDays" INTEGER;
ALTER TABLE "Supplier" ADD COLUMN "leadTimeDays" INTEGER;
ALTER TABLE "Supplier" ADD COLUMN "address" TEXT;
ALTER TABLE "Supplier" ADD COLUMN "notes" TEXT;

ALTER TABLE "PurchaseOrder" ADD COLUMN "exchangeRate" DECIMAL;
ALTER TABLE "PurchaseOrder" ADD COLUMN "billingAddress" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "shippingAddress" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "dropShip" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "PurchaseOrder" ADD COLUMN "vendorReference" TEXT;
ALTER TABLE "PurchaseOrder" ADD COLUMN "externalNumbers" TEXT NOT NULL DEFAULT '[]';
ALTER TABLE "PurchaseOrder" ADD COLUMN "supplierConfirmed" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "PurchaseOrder" ADD COLUMN "promiseDate" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "holdUntil" DATETIME;
ALTER TABLE "PurchaseOrder" ADD COLUMN "customFields" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "PurchaseOrder" ADD COLUMN "tags" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "PurchaseOrderLine" ADD COLUMN "discount" DECIMAL NOT NULL DEFAULT 0;
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "promiseDate" DATETIME;
ALTER TABLE "PurchaseOrderLine" ADD COLUMN "comment" TEXT;

CREATE TABLE "CatalogueItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "supplierId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "inventoryItemId" TEXT,
    "sku" TEXT,
    "barcode" TEXT,
    "supplierSku" TEXT,
    "alternateSkus" TEXT NOT NULL DEFAULT '[]',
    "unitCost" DECIMAL NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "minimumOrderQuantity" INTEGER NOT NULL DEFAULT 1,
    "packSize" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CatalogueItem_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "CatalogueItem_supplierId_variantId_key" ON "CatalogueItem"("supplierId", "variantId");
CREATE INDEX "CatalogueItem_supplierId_supplierSku_idx" ON "CatalogueItem"("supplierId", "supplierSku");
CREATE INDEX "CatalogueItem_supplierId_sku_idx" ON "CatalogueItem"("supplierId", "sku");

CREATE TABLE "SupplierCredit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "supplierId" TEXT NOT NULL,
    "amount" DECIMAL NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reference" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SupplierCredit_supplierId_fkey" FOREIGN KEY ("supplierId") REFERENCES "Supplier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "CreditApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "creditId" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "amount" DECIMAL NOT NULL,
    "appliedAt" DATETIME NOT NULL,
    "reversedAt" DATETIME,
    CONSTRAINT "CreditApplication_creditId_fkey" FOREIGN KEY ("creditId") REFERENCES "SupplierCredit" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CreditApplication_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "CreditApplication_creditId_idx" ON "CreditApplication"("creditId");
CREATE INDEX "CreditApplication_purchaseOrderId_idx" ON "CreditApplication"("purchaseOrderId");

CREATE TABLE "Payment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purchaseOrderId" TEXT NOT NULL,
    "amount" DECIMAL NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "exchangeRate" DECIMAL,
    "paidAt" DATETIME NOT NULL,
    "method" TEXT,
    "reference" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Payment_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Payment_purchaseOrderId_idx" ON "Payment"("purchaseOrderId");

CREATE TABLE "Shipment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purchaseOrderId" TEXT NOT NULL,
    "carrier" TEXT,
    "trackingNumber" TEXT,
    "estimatedArrivalAt" DATETIME,
    "arrivedAt" DATETIME,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Shipment_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "Shipment_purchaseOrderId_idx" ON "Shipment"("purchaseOrderId");
