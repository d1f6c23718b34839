import ExcelJS from "exceljs";

import { toCsv } from "~/domain/catalogue";

import { loadPurchaseOrderDocument, type DocumentDeps } from "./po-document.server";
import type { DocumentFile } from "./po-pdf.server";

/**
 * A purchase order's lines as a table for the supplier's or the merchant's own systems: the
 * columns the PO document shows (its template's choices), one row per line, in CSV or XLSX.
 */

export const LINE_EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type LineExportFormat = (typeof LINE_EXPORT_FORMATS)[number];

const NUMERIC_COLUMNS = new Set(["quantity", "unitCost", "lineTotal"]);

export async function purchaseOrderLinesFile(
  deps: DocumentDeps,
  shopDomain: string,
  orderId: string,
  format: LineExportFormat,
): Promise<Omit<DocumentFile, "body"> & { body: Uint8Array<ArrayBuffer> | string }> {
  const { fileStem, document } = await loadPurchaseOrderDocument(deps, shopDomain, orderId);
  const fileName = `${fileStem}-lines.${format}`;
  if (format === "csv") return { fileName, contentType: "text/csv; charset=utf-8", body: toCsv([document.headers, ...document.rows]) };

  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Inbound";
  const sheet = workbook.addWorksheet(fileStem);
  sheet.columns = document.headers.map((header) => ({ header, width: Math.max(12, header.length + 2) }));
  // SKUs stay text cells (leading zeros survive); quantities and amounts are numbers a sheet can sum.
  sheet.addRows(document.rows.map((cells) => cells.map((cell, index) => (NUMERIC_COLUMNS.has(document.columns[index]!) ? Number(cell) : cell))));
  sheet.getRow(1).font = { bold: true };
  return {
    fileName,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    body: new Uint8Array(await workbook.xlsx.writeBuffer()),
  };
}
