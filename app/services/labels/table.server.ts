import ExcelJS from "exceljs";

import { toCsv } from "~/domain/catalogue";
import type { Label } from "~/domain/labels";

/**
 * Labels as rows for label software (mail merge, printer utilities): one row per label, the
 * same columns in CSV and XLSX.
 */

const COLUMNS = [
  { header: "product_title", key: "productTitle", width: 40 },
  { header: "variant_title", key: "variantTitle", width: 24 },
  { header: "sku", key: "sku", width: 20 },
  { header: "barcode", key: "barcode", width: 20 },
  { header: "quantity", key: "quantity", width: 10 },
] as const;

export function labelsCsv(labels: readonly Label[]): string {
  return toCsv([
    COLUMNS.map((column) => column.header),
    ...labels.map((label) => [label.productTitle, label.variantTitle ?? "", label.sku ?? "", label.barcode ?? "", String(label.quantity)]),
  ]);
}

export async function labelsXlsx(labels: readonly Label[], sheetName: string): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Inbound";
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = COLUMNS.map((column) => ({ ...column }));
  // Barcodes and SKUs stay text cells, so leading zeros (EAN/UPC) survive; quantity is a number.
  sheet.addRows(labels.map((label) => ({ ...label, variantTitle: label.variantTitle ?? "", sku: label.sku ?? "", barcode: label.barcode ?? "" })));
  sheet.getRow(1).font = { bold: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
