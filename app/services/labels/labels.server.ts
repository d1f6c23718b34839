import type { PrismaClient } from "@prisma/client";

import { orderLabels, type LabelRequest } from "~/domain/labels";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import type { LabelFormat } from "~/domain/settings";

import { loadOrder } from "../purchase-order-lifecycle.server";
import { loadSettings } from "../settings.server";
import type { ShopifyGateway } from "../shopify/gateway.server";

import { renderLabelPdf } from "./pdf.server";
import { labelsCsv, labelsXlsx } from "./table.server";

/**
 * Labels for an order's received or ordered goods, as a file to download. Barcodes are not kept
 * on order lines (merchants change them in Shopify), so they are read from Shopify each time.
 */

export interface LabelFile {
  filename: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer> | string;
}

const CONTENT_TYPES: Record<LabelFormat, string> = {
  pdf_sheet: "application/pdf",
  pdf_single: "application/pdf",
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export async function labelFile(
  deps: { db: PrismaClient; gateway: ShopifyGateway },
  shopDomain: string,
  orderId: string,
  request: LabelRequest,
): Promise<LabelFile> {
  const { order, shopId } = await loadOrder(deps.db, shopDomain, orderId);
  const format = request.format ?? (await loadSettings(deps.db, shopId)).labelFormat;
  const variantIds = order.lines.flatMap((line) => (line.variantId ? [line.variantId] : []));
  const variants = variantIds.length > 0 ? await deps.gateway.variantsByIds(variantIds) : new Map();
  const barcodes = new Map([...variants.values()].map((variant) => [variant.id, variant.barcode]));
  const labels = orderLabels(order, request, barcodes);
  const name = `${purchaseOrderName(order.number)} labels`;
  const filename = `${purchaseOrderName(order.number)}-labels.${format === "csv" ? "csv" : format === "xlsx" ? "xlsx" : "pdf"}`;
  const body =
    format === "csv"
      ? labelsCsv(labels)
      : format === "xlsx"
        ? await labelsXlsx(labels, name)
        : await renderLabelPdf(labels, format === "pdf_sheet" ? "sheet" : "single", name);
  return { filename, contentType: CONTENT_TYPES[format], body };
}
