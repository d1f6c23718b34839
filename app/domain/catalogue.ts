import { ValidationError, type FieldErrors } from "./errors";
import { isShopifyId, textProblem } from "./input";
import { Decimal, parseMoney } from "./money";
import { MAX_QUANTITY_PER_LINE } from "./purchase-order/draft";

/**
 * A supplier's catalogue: per variant, the supplier's SKU and the other codes the item is
 * known by, its unit cost in the supplier's currency, and ordering constraints. This module
 * holds the rules for one item's terms, for the codes that identify items (unique within a
 * catalogue, so a code on a purchase order line names one variant), and for the CSV format
 * merchants import and export.
 */

export interface CatalogueTermsInput {
  supplierSku: string;
  alternateSkus: readonly string[];
  unitCost: string;
  /** Blank means 1. */
  minimumOrderQuantity: string;
  /** Blank means 1. */
  packSize: string;
}

export interface CatalogueTerms {
  supplierSku: string | null;
  alternateSkus: string[];
  unitCost: Decimal;
  minimumOrderQuantity: number;
  packSize: number;
}

export const MAX_ALTERNATE_SKUS = 20;
const MAX_CODE_LENGTH = 100;
/** Alternate SKUs travel in one CSV cell separated by this, so no SKU may contain it. */
export const ALTERNATE_SKU_SEPARATOR = "|";

type TermErrors = Partial<Record<keyof CatalogueTermsInput, string>>;

/** Checks one item's terms; returns the errors by field rather than throwing, for row reports. */
export function checkCatalogueTerms(input: CatalogueTermsInput): { terms: CatalogueTerms | null; errors: TermErrors } {
  const errors: TermErrors = {};
  const supplierSku = input.supplierSku.trim() || null;
  if (supplierSku) {
    const problem = codeProblem(supplierSku);
    if (problem) errors.supplierSku = problem;
  }

  const alternateSkus: string[] = [];
  const seen = new Set(supplierSku ? [codeKey(supplierSku)] : []);
  for (const raw of input.alternateSkus) {
    const code = raw.trim();
    if (!code || seen.has(codeKey(code))) continue;
    seen.add(codeKey(code));
    const problem = codeProblem(code);
    if (problem) errors.alternateSkus = `"${code}": ${problem}`;
    alternateSkus.push(code);
  }
  if (alternateSkus.length > MAX_ALTERNATE_SKUS) errors.alternateSkus = `At most ${MAX_ALTERNATE_SKUS} alternate SKUs`;

  const unitCost = parseMoney(input.unitCost);
  if (!input.unitCost.trim()) errors.unitCost = "Required: the supplier's price per unit";
  else if (!unitCost) errors.unitCost = "A unit cost of 0 or more, with at most 4 decimals (e.g. 12.50)";

  const minimumOrderQuantity = positiveInteger(input.minimumOrderQuantity);
  if (minimumOrderQuantity === null) {
    errors.minimumOrderQuantity = `A whole number from 1 to ${MAX_QUANTITY_PER_LINE.toLocaleString("en-US")}`;
  }
  const packSize = positiveInteger(input.packSize);
  if (packSize === null) errors.packSize = `A whole number from 1 to ${MAX_QUANTITY_PER_LINE.toLocaleString("en-US")}`;

  if (Object.keys(errors).length > 0 || !unitCost || minimumOrderQuantity === null || packSize === null) {
    return { terms: null, errors };
  }
  return { terms: { supplierSku, alternateSkus, unitCost, minimumOrderQuantity, packSize }, errors };
}

export function parseCatalogueTerms(input: CatalogueTermsInput): CatalogueTerms {
  const { terms, errors } = checkCatalogueTerms(input);
  if (!terms) throw new ValidationError(errors as FieldErrors);
  return terms;
}

function codeProblem(code: string): string | null {
  if (code.length > MAX_CODE_LENGTH) return `At most ${MAX_CODE_LENGTH} characters`;
  if (code.includes(ALTERNATE_SKU_SEPARATOR)) return `May not contain "${ALTERNATE_SKU_SEPARATOR}"`;
  return null;
}

function positiveInteger(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return 1;
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_QUANTITY_PER_LINE ? value : null;
}

/** Codes compare as Shopify compares SKUs: trimmed, ignoring case. */
export function codeKey(code: string): string {
  return code.trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Codes: which item a supplier SKU, alternate SKU or barcode names.

export interface CatalogueCodes {
  variantId: string;
  supplierSku: string | null;
  alternateSkus: readonly string[];
}

export interface CodeConflict {
  /** The later of the two items; the earlier one keeps the code. */
  index: number;
  field: "supplierSku" | "alternateSkus";
  code: string;
  otherIndex: number;
}

/**
 * Supplier and alternate SKUs must each name one variant within a catalogue, or a line
 * giving that code would be ambiguous. Reports each clash once, on the later item.
 */
export function findCodeConflicts(items: readonly CatalogueCodes[]): CodeConflict[] {
  const owners = new Map<string, number>();
  const conflicts: CodeConflict[] = [];
  items.forEach((item, index) => {
    const codes = [
      ...(item.supplierSku ? [{ field: "supplierSku" as const, code: item.supplierSku }] : []),
      ...item.alternateSkus.map((code) => ({ field: "alternateSkus" as const, code })),
    ];
    for (const { field, code } of codes) {
      const owner = owners.get(codeKey(code));
      if (owner === undefined) owners.set(codeKey(code), index);
      else if (items[owner]!.variantId !== item.variantId) conflicts.push({ index, field, code, otherIndex: owner });
    }
  });
  return conflicts;
}

export type CatalogueMatchKind = "supplier_sku" | "alternate_sku" | "barcode";

/**
 * The catalogue item a code names: a supplier SKU first, then an alternate SKU, then the
 * variant's barcode (as snapshotted when the item was saved).
 */
export function matchCatalogueCode<T extends CatalogueCodes & { barcode: string | null }>(
  items: readonly T[],
  code: string,
): { item: T; matchedBy: CatalogueMatchKind } | null {
  const key = codeKey(code);
  if (!key) return null;
  const rules: Array<[CatalogueMatchKind, (item: T) => boolean]> = [
    ["supplier_sku", (item) => item.supplierSku !== null && codeKey(item.supplierSku) === key],
    ["alternate_sku", (item) => item.alternateSkus.some((alternate) => codeKey(alternate) === key)],
    ["barcode", (item) => item.barcode !== null && codeKey(item.barcode) === key],
  ];
  for (const [matchedBy, matches] of rules) {
    const item = items.find(matches);
    if (item) return { item, matchedBy };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180): records end with CRLF (LF and CR are accepted too); a field containing a
// comma, a quote or a line break is quoted, with quotes doubled. The last line break is
// optional, so "" holds no record and "\r\n" one record of one empty field.

export class CsvSyntaxError extends Error {
  constructor(
    /** 1-based record number, as a spreadsheet numbers rows. */
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = "CsvSyntaxError";
  }
}

export function parseCsv(text: string): string[][] {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  // Whether the current field was quoted: `""` is a field even though it reads as empty.
  let quoted = false;
  const endField = () => {
    record.push(unguardFormula(field));
    field = "";
    quoted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  let index = 0;
  while (index < input.length) {
    const char = input[index]!;
    const row = records.length + 1;
    if (char === '"' && field === "" && !quoted) {
      quoted = true;
      index += 1;
      for (;;) {
        if (index >= input.length) throw new CsvSyntaxError(row, 'A quoted field is never closed (a missing ")');
        if (input[index] === '"') {
          if (input[index + 1] !== '"') break;
          index += 1;
        }
        field += input[index]!;
        index += 1;
      }
      index += 1;
      const next = input[index];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        throw new CsvSyntaxError(row, 'Text after a closing quote; inside a quoted field, double each quote ("")');
      }
    } else if (char === ",") {
      endField();
      index += 1;
    } else if (char === "\r" || char === "\n") {
      endRecord();
      index += char === "\r" && input[index + 1] === "\n" ? 2 : 1;
    } else if (char === '"') {
      throw new CsvSyntaxError(row, "A quote inside an unquoted field; quote the whole field and double the quote");
    } else {
      field += char;
      index += 1;
    }
  }
  if (field !== "" || quoted || record.length > 0) endRecord();
  return records;
}

// Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula, so text from
// Shopify or a supplier could run in the merchant's spreadsheet (CSV injection). toCsv writes
// such a cell with a leading apostrophe, which spreadsheets show as text; plain numbers (-5.00)
// stay numbers. parseCsv takes the apostrophe off again, so files round-trip unchanged: a cell
// that already starts with apostrophes before such a character gets one more on the way out.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

function guardFormula(field: string): string {
  return FORMULA_START.test(field) && !PLAIN_NUMBER.test(field) ? `'${field}` : field;
}

function unguardFormula(field: string): string {
  return /^'+[=+\-@\t\r]/.test(field) ? field.slice(1) : field;
}

export function toCsv(records: ReadonlyArray<readonly string[]>): string {
  const quote = (field: string) => (/[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
  return records.map((record) => `${record.map((field) => quote(guardFormula(field))).join(",")}\r\n`).join("");
}

// ---------------------------------------------------------------------------------------------
// The catalogue CSV: one row per item, the variant named by variant_id or by its Shopify SKU.

export const CATALOGUE_COLUMNS = ["variant_id", "sku", "supplier_sku", "alternate_skus", "unit_cost", "minimum_order_quantity", "pack_size"] as const;
export type CatalogueColumn = (typeof CATALOGUE_COLUMNS)[number];
export const MAX_IMPORT_ROWS = 10_000;

const COLUMN_OF: Record<keyof CatalogueTermsInput, CatalogueColumn> = {
  supplierSku: "supplier_sku",
  alternateSkus: "alternate_skus",
  unitCost: "unit_cost",
  minimumOrderQuantity: "minimum_order_quantity",
  packSize: "pack_size",
};

/** One reason an import was refused: where (spreadsheet row, column) and why. */
export interface ImportIssue {
  row: number | null;
  column: string | null;
  message: string;
}

/** A refused import: every issue found, also as field errors (`rows.<row>.<column>`). */
export class CatalogueImportError extends ValidationError {
  constructor(readonly issues: ImportIssue[]) {
    super(
      Object.fromEntries(
        issues.map((issue) => [
          issue.row !== null ? `rows.${issue.row}.${issue.column ?? "row"}` : issue.column ? `columns.${issue.column}` : "file",
          issue.message,
        ]),
      ),
    );
    this.name = "CatalogueImportError";
  }
}

export interface CatalogueCsvRow {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  variantId: string | null;
  sku: string | null;
  /** Null when the row's terms are invalid (its issues are reported). */
  terms: CatalogueTerms | null;
}

/** Reads the file's rows and every issue that needs no lookup; never throws. */
export function readCatalogueCsv(text: string): { rows: CatalogueCsvRow[]; issues: ImportIssue[] } {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { rows: [], issues: [{ row: error.row, column: null, message: error.message }] };
  }
  const [header, ...body] = records;
  const columns = (header ?? []).map((name) => name.trim().toLowerCase());
  const issues: ImportIssue[] = [];
  columns.forEach((column, index) => {
    if (!(CATALOGUE_COLUMNS as readonly string[]).includes(column)) {
      issues.push({ row: null, column: column || `column ${index + 1}`, message: `Unknown column; the columns are ${CATALOGUE_COLUMNS.join(", ")}` });
    } else if (columns.indexOf(column) !== index) {
      issues.push({ row: null, column, message: "This column appears twice" });
    }
  });
  if (!columns.includes("sku") && !columns.includes("variant_id")) {
    issues.push({ row: null, column: "sku", message: "Missing column: name each variant by sku or variant_id" });
  }
  if (!columns.includes("unit_cost")) issues.push({ row: null, column: "unit_cost", message: "Missing column" });
  if (issues.length > 0) return { rows: [], issues };

  const dataRows = body.map((fields, index) => ({ fields, row: index + 2 })).filter(({ fields }) => fields.some((field) => field.trim() !== ""));
  if (dataRows.length === 0) return { rows: [], issues: [{ row: null, column: null, message: "The file has no rows to import" }] };
  if (dataRows.length > MAX_IMPORT_ROWS) {
    return { rows: [], issues: [{ row: null, column: null, message: `At most ${MAX_IMPORT_ROWS} rows per import` }] };
  }

  const rows: CatalogueCsvRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { fields, row } of dataRows) {
    if (fields.length !== columns.length) {
      issues.push({ row, column: null, message: `Has ${fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    // Text that cannot be stored as written (a NUL would cut it short) refuses the row, by column.
    const textIssues = fields.flatMap((field, index) => {
      const problem = textProblem(field);
      return problem ? [{ row, column: columns[index]!, message: problem }] : [];
    });
    if (textIssues.length > 0) {
      issues.push(...textIssues);
      continue;
    }
    const cell = (column: CatalogueColumn) => {
      const index = columns.indexOf(column);
      return index < 0 ? "" : fields[index]!.trim();
    };
    const variantId = variantGid(cell("variant_id"));
    if (variantId === undefined) {
      issues.push({ row, column: "variant_id", message: "A Shopify variant id, e.g. gid://shopify/ProductVariant/123 or 123" });
    }
    const sku = cell("sku") || null;
    if (!variantId && !sku && variantId !== undefined) {
      issues.push({ row, column: columns.includes("sku") ? "sku" : "variant_id", message: "Name the variant by its Shopify SKU or variant id" });
    }
    const identity = variantId ? `id:${variantId}` : sku ? `sku:${codeKey(sku)}` : null;
    if (identity) {
      const first = firstRowOf.get(identity);
      if (first !== undefined) {
        issues.push({ row, column: variantId ? "variant_id" : "sku", message: `Duplicate of row ${first}: each variant appears once` });
      } else {
        firstRowOf.set(identity, row);
      }
    }
    const { terms, errors } = checkCatalogueTerms({
      supplierSku: cell("supplier_sku"),
      alternateSkus: cell("alternate_skus").split(ALTERNATE_SKU_SEPARATOR),
      unitCost: cell("unit_cost"),
      minimumOrderQuantity: cell("minimum_order_quantity"),
      packSize: cell("pack_size"),
    });
    for (const [field, message] of Object.entries(errors) as Array<[keyof CatalogueTermsInput, string]>) {
      issues.push({ row, column: COLUMN_OF[field], message });
    }
    rows.push({ row, variantId: variantId ?? null, sku, terms });
  }
  return { rows, issues };
}

/** A gid from a gid or a bare numeric id; null when blank; undefined when malformed. */
function variantGid(text: string): string | null | undefined {
  if (!text) return null;
  if (/^\d+$/.test(text)) return `gid://shopify/ProductVariant/${text}`;
  return isShopifyId("ProductVariant", text) ? text : undefined;
}

export interface ResolvedVariant {
  id: string;
  sku: string | null;
  barcode: string | null;
  inventoryItemId: string;
}

export interface CatalogueUpsert {
  row: number;
  variant: ResolvedVariant;
  terms: CatalogueTerms;
}

/**
 * Decides an import from the rows read and the variants Shopify resolved: every issue is
 * collected (unknown variants, a row naming the same variant as another, codes clashing with
 * each other or with items already in the catalogue), and the import is refused as a whole
 * if there is any.
 */
export function planCatalogueImport(input: {
  read: { rows: CatalogueCsvRow[]; issues: ImportIssue[] };
  variantsById: ReadonlyMap<string, ResolvedVariant>;
  /** Keyed by codeKey(sku). */
  variantsBySku: ReadonlyMap<string, ResolvedVariant>;
  existing: readonly CatalogueCodes[];
}): CatalogueUpsert[] {
  const issues = [...input.read.issues];
  const flagged = new Set(issues.map((issue) => issue.row));
  const upserts: CatalogueUpsert[] = [];
  const rowOfVariant = new Map<string, number>();
  for (const row of input.read.rows) {
    let variant: ResolvedVariant | undefined;
    if (row.variantId) {
      variant = input.variantsById.get(row.variantId);
      if (!variant) issues.push({ row: row.row, column: "variant_id", message: "Shopify has no product variant with this id in your store" });
      else if (row.sku && codeKey(variant.sku ?? "") !== codeKey(row.sku)) {
        issues.push({
          row: row.row,
          column: "sku",
          message: `This variant's SKU in Shopify is "${variant.sku ?? ""}"; correct or clear sku or variant_id`,
        });
      }
    } else if (row.sku) {
      variant = input.variantsBySku.get(codeKey(row.sku));
      if (!variant) issues.push({ row: row.row, column: "sku", message: `No variant in your Shopify store has the SKU "${row.sku}"` });
    }
    if (!variant || !row.terms) continue;
    const earlier = rowOfVariant.get(variant.id);
    if (earlier !== undefined) {
      if (!flagged.has(row.row)) {
        issues.push({
          row: row.row,
          column: row.variantId ? "variant_id" : "sku",
          message: `Same variant as row ${earlier}: each variant appears once`,
        });
      }
      continue;
    }
    rowOfVariant.set(variant.id, row.row);
    upserts.push({ row: row.row, variant, terms: row.terms });
  }

  const kept = input.existing.filter((item) => !rowOfVariant.has(item.variantId));
  const conflicts = findCodeConflicts([...kept, ...upserts.map((upsert) => ({ variantId: upsert.variant.id, ...upsert.terms }))]);
  for (const conflict of conflicts) {
    const upsert = upserts[conflict.index - kept.length];
    if (!upsert) continue;
    const other = upserts[conflict.otherIndex - kept.length];
    issues.push({
      row: upsert.row,
      column: COLUMN_OF[conflict.field],
      message: `"${conflict.code}" already names ${other ? `the variant in row ${other.row}` : "another item in this catalogue"}`,
    });
  }

  if (issues.length > 0) {
    throw new CatalogueImportError(issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
  }
  return upserts;
}

export interface ExportedItem {
  variantId: string;
  sku: string | null;
  supplierSku: string | null;
  alternateSkus: readonly string[];
  unitCost: Decimal.Value;
  minimumOrderQuantity: number;
  packSize: number;
}

/** The catalogue in the import format, so an exported file imports back unchanged. */
export function writeCatalogueCsv(items: readonly ExportedItem[]): string {
  return toCsv([
    [...CATALOGUE_COLUMNS],
    ...items.map((item) => [
      item.variantId,
      item.sku ?? "",
      item.supplierSku ?? "",
      item.alternateSkus.join(ALTERNATE_SKU_SEPARATOR),
      new Decimal(item.unitCost).toFixed(),
      String(item.minimumOrderQuantity),
      String(item.packSize),
    ]),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Browsing a catalogue: keyset pages in SKU order

/** Items per catalogue page on the supplier's screen. */
export const CATALOGUE_PAGE_SIZE = 50;
/** The longest search a merchant can type: codes are at most 100 characters, titles are short. */
export const MAX_CATALOGUE_SEARCH_LENGTH = 200;

/**
 * Where a page starts or ends: the sort key of the item at its edge. Items are listed by SKU
 * (items without one last), then by id, so two items with the same SKU snapshot (a variant's SKU
 * changed in Shopify) still have one place each and no page repeats or skips one.
 */
export interface CatalogueCursor {
  sku: string | null;
  id: string;
}
