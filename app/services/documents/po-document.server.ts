import type { PrismaClient } from "@prisma/client";

import { readAddress } from "~/domain/address";
import { purchaseOrderDocument, type PurchaseOrderDocument } from "~/domain/documents";
import { NotFoundError } from "~/domain/errors";
import { purchaseOrderName } from "~/domain/purchase-order/status";

import { supplierCatalogue } from "../catalogue.server";
import { COST_LINE_SELECT, costLineOf } from "../payments.server";
import type { FileStorage } from "../storage/file-storage";

import { documentTemplate, type ResolvedTemplate } from "./export-templates.server";

/**
 * A purchase order's document content, loaded once for every format (PDF, CSV, XLSX): the
 * order, its shop and supplier, supplier SKUs from the supplier's catalogue, and the template
 * that applies (the supplier's, else the shop's default, else the built-in one).
 */

export interface DocumentDeps {
  db: PrismaClient;
  storage: FileStorage;
}

export interface LoadedDocument {
  fileStem: string;
  document: PurchaseOrderDocument;
  logo: ResolvedTemplate["logo"];
}

export async function loadPurchaseOrderDocument({ db, storage }: DocumentDeps, shopDomain: string, orderId: string): Promise<LoadedDocument> {
  const row = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    include: {
      shop: true,
      supplier: true,
      lines: {
        orderBy: { position: "asc" },
        select: { ...COST_LINE_SELECT, kind: true, sku: true, variantId: true, productTitle: true, variantTitle: true },
      },
    },
  });
  if (!row) throw new NotFoundError("Purchase order", orderId);
  const [catalogue, template] = await Promise.all([
    supplierCatalogue(db, row.supplierId),
    documentTemplate(db, storage, row.shopId, row.supplier.exportTemplateId),
  ]);
  const supplierSkus = new Map(catalogue.map((item) => [item.variantId, item.supplierSku]));
  const number = purchaseOrderName(row.number);
  const document = purchaseOrderDocument(
    {
      number,
      currencyCode: row.currencyCode,
      shop: { name: row.shop.name, domain: row.shop.domain },
      supplier: { name: row.supplier.name, email: row.supplier.email, address: readAddress(row.supplier.address) },
      reference: row.reference,
      orderDate: row.orderDate,
      expectedArrivalAt: row.expectedArrivalAt,
      requestedShipAt: row.requestedShipAt,
      sentAt: row.sentAt,
      billingAddress: readAddress(row.billingAddress),
      shippingAddress: readAddress(row.shippingAddress),
      dropShip: row.dropShip,
      lines: row.lines.map((line) => ({
        kind: line.kind === "custom" ? "custom" : "variant",
        sku: line.sku,
        supplierSku: line.variantId ? (supplierSkus.get(line.variantId) ?? null) : null,
        productTitle: line.productTitle,
        variantTitle: line.variantTitle,
        ...costLineOf(line),
      })),
      shippingCost: row.shippingCost.toString(),
      tax: row.tax.toString(),
      note: row.note,
    },
    template.choices,
  );
  return { fileStem: number, document, logo: template.logo };
}
