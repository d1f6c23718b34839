import { formatAddress, type Address } from "./address";
import { formatDay } from "./dates";
import { ValidationError, type FieldErrors } from "./errors";
import { sniffFileType, type FileType } from "./files";
import { Decimal, exactAmountText, formatMoney } from "./money";
import { lineCost, orderTotals, owedQuantity, type CostLine } from "./purchase-order/totals";

/**
 * A purchase order as the supplier reads it: what the PO document (PDF) and the line exports
 * (CSV, XLSX) show, and the merchant's choices over the default layout (export templates).
 * Everything here is content; the PDF service only places it on pages.
 */

export const DOCUMENT_COLUMNS = ["sku", "supplierSku", "title", "variant", "quantity", "unitCost", "lineTotal"] as const;
export type DocumentColumn = (typeof DOCUMENT_COLUMNS)[number];

export const COLUMN_LABELS: Readonly<Record<DocumentColumn, string>> = {
  sku: "SKU",
  supplierSku: "Supplier SKU",
  title: "Title",
  variant: "Variant",
  quantity: "Quantity",
  unitCost: "Unit cost",
  lineTotal: "Line total",
};

/**
 * How wide each column is relative to the others, and which are right-aligned (numbers). The
 * shown columns share the table's width in these proportions.
 */
export const COLUMN_LAYOUT: Readonly<Record<DocumentColumn, { weight: number; align: "left" | "right" }>> = {
  // SKUs are what a supplier picks by: they get the room; titles are cut first.
  sku: { weight: 16, align: "left" },
  supplierSku: { weight: 19, align: "left" },
  title: { weight: 16, align: "left" },
  variant: { weight: 11, align: "left" },
  quantity: { weight: 9, align: "right" },
  unitCost: { weight: 14, align: "right" },
  lineTotal: { weight: 15, align: "right" },
};

export const MAX_TEMPLATE_NAME_LENGTH = 100;
export const MAX_FOOTER_LENGTH = 500;
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

/** A template's choices; the built-in default shows every column, no footer, no logo. */
export interface TemplateChoices {
  columns: DocumentColumn[];
  footer: string | null;
}

export const DEFAULT_TEMPLATE: TemplateChoices = { columns: [...DOCUMENT_COLUMNS], footer: null };

export interface TemplateInput {
  name: string;
  /** Column keys, in any order; the document shows them in the fixed order above. */
  columns: readonly string[];
  footer: string;
}

/** A template's name and choices validated: a name, at least one known column, a footer of bounded length. */
export function parseTemplateInput(input: TemplateInput): TemplateChoices & { name: string } {
  const errors: FieldErrors = {};
  const name = input.name.trim();
  if (!name) errors.name = "Required";
  else if (name.length > MAX_TEMPLATE_NAME_LENGTH) errors.name = `At most ${MAX_TEMPLATE_NAME_LENGTH} characters`;
  const unknown = input.columns.filter((column) => !(DOCUMENT_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) errors.columns = `Unknown columns: ${unknown.join(", ")}; choose from ${DOCUMENT_COLUMNS.join(", ")}`;
  else if (input.columns.length === 0) errors.columns = "Show at least one column";
  const footer = input.footer.trim();
  if (footer.length > MAX_FOOTER_LENGTH) errors.footer = `At most ${MAX_FOOTER_LENGTH} characters`;
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { name, columns: DOCUMENT_COLUMNS.filter((column) => input.columns.includes(column)), footer: footer || null };
}

/** The stored JSON column list back to columns (unknown keys from older versions are dropped). */
export function readColumns(json: string): DocumentColumn[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? DOCUMENT_COLUMNS.filter((column) => parsed.includes(column)) : [...DOCUMENT_COLUMNS];
}

const LOGO_TYPES = ["image/png", "image/jpeg"];

/** A logo must be a PNG or a JPEG by its content (the PDF embeds only those), at most 2 MB. */
export function checkLogo(bytes: Uint8Array): FileType {
  if (bytes.length === 0) throw new ValidationError({ logo: "The file is empty: choose the logo again." });
  if (bytes.length > MAX_LOGO_BYTES) throw new ValidationError({ logo: `A logo can be at most ${MAX_LOGO_BYTES / 1024 / 1024} MB.` });
  const type = sniffFileType(bytes);
  if (!type || !LOGO_TYPES.includes(type.contentType)) {
    throw new ValidationError({ logo: "A logo must be a PNG or JPEG image; the content of this file is neither (its name does not count)." });
  }
  return type;
}

/**
 * One order line as the document knows it. Its quantity and line total are what the line is owed
 * for (docs/decisions/004): the ordered quantity until the supplier confirms less or units are
 * cancelled; the totals show the ordered value beside them when they differ.
 */
export interface DocumentLineFacts extends CostLine {
  kind: "variant" | "custom";
  sku: string | null;
  supplierSku: string | null;
  productTitle: string;
  variantTitle: string | null;
}

export interface PurchaseOrderDocumentFacts {
  number: string;
  currencyCode: string;
  shop: { name: string; domain: string };
  supplier: { name: string; email: string | null; address: Address | null };
  reference: string | null;
  orderDate: Date | null;
  expectedArrivalAt: Date | null;
  requestedShipAt: Date | null;
  sentAt: Date | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  dropShip: boolean;
  lines: readonly DocumentLineFacts[];
  shippingCost: Decimal.Value;
  tax: Decimal.Value;
  /** The public note (never the private one). */
  note: string | null;
}

/** The document's text, ready to place. */
export interface PurchaseOrderDocument {
  title: string;
  shopLines: string[];
  supplierLines: string[];
  /** Label → value: number, reference, dates. */
  details: Array<[string, string]>;
  billingLines: string[];
  shippingLines: string[];
  shippingHeading: string;
  columns: DocumentColumn[];
  headers: string[];
  rows: string[][];
  totals: Array<[string, string]>;
  note: string | null;
  footer: string | null;
}

/** Shopify's title for the one variant of a product without options: nothing worth printing. */
const SHOPIFY_DEFAULT_VARIANT_TITLE = "Default Title";

/** The line's cells for the chosen columns; money without its currency (the table says it once). */
export function lineCells(line: DocumentLineFacts, columns: readonly DocumentColumn[]): string[] {
  return columns.map((column) => {
    switch (column) {
      case "sku":
        return line.sku ?? "";
      case "supplierSku":
        return line.supplierSku ?? "";
      case "title":
        return line.productTitle;
      case "variant":
        return line.variantTitle === SHOPIFY_DEFAULT_VARIANT_TITLE ? "" : (line.variantTitle ?? "");
      case "quantity":
        return String(owedQuantity(line));
      case "unitCost":
        return exactAmountText(line.unitCost);
      case "lineTotal":
        return exactAmountText(lineCost(line));
    }
  });
}

export function columnHeaders(columns: readonly DocumentColumn[], currencyCode: string): string[] {
  return columns.map((column) =>
    column === "unitCost" || column === "lineTotal" ? `${COLUMN_LABELS[column]} (${currencyCode})` : COLUMN_LABELS[column],
  );
}

/** Two decimal places, or up to four when a unit cost has them (never rounded away on the supplier's copy). */
export function purchaseOrderDocument(facts: PurchaseOrderDocumentFacts, template: TemplateChoices): PurchaseOrderDocument {
  const totals = orderTotals(facts.lines, facts.shippingCost, facts.tax);
  const day = (date: Date | null) => (date ? formatDay(date) : null);
  const details: Array<[string, string | null]> = [
    ["PO number", facts.number],
    ["Reference", facts.reference],
    ["Order date", day(facts.orderDate ?? facts.sentAt)],
    ["Requested ship date", day(facts.requestedShipAt)],
    ["Expected arrival", day(facts.expectedArrivalAt)],
    ["Currency", facts.currencyCode],
  ];
  return {
    title: `Purchase order ${facts.number}`,
    shopLines: [facts.shop.name, facts.shop.domain],
    supplierLines: [
      facts.supplier.name,
      ...(facts.supplier.address ? formatAddress(facts.supplier.address).slice(1) : []),
      ...(facts.supplier.email ? [facts.supplier.email] : []),
    ],
    details: details.filter((entry): entry is [string, string] => entry[1] !== null),
    billingLines: facts.billingAddress ? formatAddress(facts.billingAddress) : [],
    shippingLines: facts.shippingAddress ? formatAddress(facts.shippingAddress) : [],
    shippingHeading: facts.dropShip ? "Ship to (drop-ship)" : "Ship to",
    columns: template.columns,
    headers: columnHeaders(template.columns, facts.currencyCode),
    rows: facts.lines.map((line) => lineCells(line, template.columns)),
    totals: [
      ...(totals.orderedValue.equals(totals.subtotal)
        ? []
        : [["Ordered value", formatMoney(totals.orderedValue, facts.currencyCode)] as [string, string]]),
      ["Subtotal", formatMoney(totals.subtotal, facts.currencyCode)],
      ["Tax", formatMoney(totals.tax, facts.currencyCode)],
      ["Shipping", formatMoney(totals.shippingCost, facts.currencyCode)],
      ["Total", formatMoney(totals.total, facts.currencyCode)],
    ],
    note: facts.note?.trim() || null,
    footer: template.footer,
  };
}

/**
 * How many table rows go on each page: the first page has the header block above its table,
 * the last needs room for totals and note below. Always at least one page.
 */
export function paginateRows(rowCount: number, firstPageRows: number, otherPageRows: number, rowsOfClosingBlock: number): number[] {
  const pages: number[] = [];
  let left = rowCount;
  let capacity = firstPageRows;
  while (left > 0) {
    const rows = Math.min(left, capacity);
    pages.push(rows);
    left -= rows;
    capacity = otherPageRows;
  }
  if (pages.length === 0) pages.push(0);
  const lastCapacity = pages.length === 1 ? firstPageRows : otherPageRows;
  // The closing block (totals, note) needs its rows on the last page; else it gets a page of its own.
  if (pages[pages.length - 1]! + rowsOfClosingBlock > lastCapacity) pages.push(0);
  return pages;
}
