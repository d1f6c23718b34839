-- Inbound 0010: PO documents and export templates, email settings, templates and supplier emails.
ALTER TABLE "Supplier" ADD COLUMN "exportTemplateId" TEXT,
ADD COLUMN "emailTemplateId" TEXT;

CREATE TABLE "ExportTemplate" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "logoKey" TEXT,
    "columns" TEXT NOT NULL,
    "footer" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "ExportTemplate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ExportTemplate_shopId_name_key" ON "ExportTemplate"("shopId", "name");

CREATE TABLE "EmailTemplate" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "EmailTemplate_shopId_name_key" ON "EmailTemplate"("shopId", "name");

CREATE TABLE "EmailSettings" (
    "shopId" TEXT NOT NULL,
    "senderName" TEXT NOT NULL,
    "senderEmail" TEXT NOT NULL,
    "replyTo" TEXT,
    "smtpHost" TEXT NOT NULL,
    "smtpPort" INTEGER NOT NULL,
    "smtpSecurity" TEXT NOT NULL,
    "smtpUser" TEXT,
    "smtpPasswordCipher" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "EmailSettings_pkey" PRIMARY KEY ("shopId")
);

CREATE TABLE "SupplierEmail" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "cc" TEXT NOT NULL DEFAULT '[]',
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "serverReply" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "statusAt" TIMESTAMP(3),
    CONSTRAINT "SupplierEmail_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SupplierEmail_messageId_key" ON "SupplierEmail"("messageId");
CREATE INDEX "SupplierEmail_shopId_status_createdAt_idx" ON "SupplierEmail"("shopId", "status", "createdAt");
CREATE INDEX "SupplierEmail_purchaseOrderId_idx" ON "SupplierEmail"("purchaseOrderId");

CREATE TABLE "PurchaseOrderDocument" (
    "id" TEXT NOT NULL,
    "purchaseOrderId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PurchaseOrderDocument_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PurchaseOrderDocument_storageKey_key" ON "PurchaseOrderDocument"("storageKey");
CREATE INDEX "PurchaseOrderDocument_purchaseOrderId_idx" ON "PurchaseOrderDocument"("purchaseOrderId");

ALTER TABLE "ExportTemplate" ADD CONSTRAINT "ExportTemplate_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EmailTemplate" ADD CONSTRAINT "EmailTemplate_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "EmailSettings" ADD CONSTRAINT "EmailSettings_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SupplierEmail" ADD CONSTRAINT "SupplierEmail_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SupplierEmail" ADD CONSTRAINT "SupplierEmail_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "PurchaseOrderDocument" ADD CONSTRAINT "PurchaseOrderDocument_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
