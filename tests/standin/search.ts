/**
 * The subset of Shopify's search syntax Inbound uses for `products(query:)` and
 * `productVariants(query:)`: whitespace-separated terms, all of which must match;
 * `field:value` or `field:"quoted value"`; a trailing `*` for prefix; bare words match
 * title or SKU. Anything else (OR, NOT, ranges, other fields) is refused, not ignored.
 */
import { GraphQLError } from "graphql";

export interface Searchable {
  titles: string[];
  skus: string[];
  barcodes: string[];
  vendor: string;
  tags: string[];
  productId: string;
  variantId?: string;
}

export type SearchField = "sku" | "barcode" | "vendor" | "title" | "product_id" | "tag" | "id";
const FIELDS: readonly SearchField[] = ["sku", "barcode", "vendor", "title", "product_id", "tag", "id"];

export interface Term {
  field: SearchField | null;
  value: string;
}

function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`stand-in does not implement search syntax: ${what}`, {
    extensions: { code: "STANDIN_NOT_IMPLEMENTED" },
  });
}

export function parseSearch(query: string): Term[] {
  const terms: Term[] = [];
  const pattern = /\s*(?:([A-Za-z_]+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(query)) !== null) {
    consumed = pattern.lastIndex;
    const [, rawField, quoted, bare] = match;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare ?? "");
    if (rawField === undefined && quoted === undefined && /^(OR|AND|NOT)$/.test(value)) throw notImplemented(value);
    if (rawField === undefined && /^[-()]|[()]$/.test(value)) throw notImplemented(value);
    if (rawField !== undefined) {
      const field = rawField.toLowerCase() as SearchField;
      if (!FIELDS.includes(field)) throw notImplemented(`field ${rawField}`);
      // A comparator comes before the value (`sku:<5`); a quoted value is literal, whatever it starts with.
      if (quoted === undefined && /^[<>]/.test(value)) throw notImplemented(`range ${rawField}:${value}`);
      terms.push({ field, value });
    } else {
      terms.push({ field: null, value });
    }
  }
  if (query.slice(consumed).trim() !== "") throw notImplemented(query.slice(consumed));
  return terms;
}

/** Exact (case-insensitive) unless the value ends with `*`, which makes it a prefix. */
function matchesValue(candidate: string, value: string): boolean {
  const c = candidate.toLowerCase();
  const v = value.toLowerCase();
  return v.endsWith("*") ? c.startsWith(v.slice(0, -1)) : c === v;
}

/** Free text and title: case-insensitive containment (so prefixes of words match too). */
function matchesText(text: string, value: string): boolean {
  const t = text.toLowerCase();
  const v = value.toLowerCase().replace(/\*$/, "");
  return t.includes(v);
}

function numeric(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1);
}

function matchesTerm(item: Searchable, term: Term): boolean {
  switch (term.field) {
    case null:
      return item.titles.some((t) => matchesText(t, term.value)) || item.skus.some((s) => matchesText(s, term.value));
    case "title":
      return item.titles.some((t) => matchesText(t, term.value));
    case "sku":
      return item.skus.some((s) => matchesValue(s, term.value));
    case "barcode":
      return item.barcodes.some((b) => matchesValue(b, term.value));
    case "vendor":
      return matchesValue(item.vendor, term.value);
    case "tag":
      return item.tags.some((t) => matchesValue(t, term.value));
    case "product_id":
      return numeric(item.productId) === term.value;
    case "id":
      return numeric(item.variantId ?? item.productId) === term.value;
  }
}

export function matchesSearch(item: Searchable, terms: readonly Term[]): boolean {
  return terms.every((term) => matchesTerm(item, term));
}
