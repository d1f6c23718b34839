import { isCode128Encodable } from "./code128";
import { ValidationError, type FieldErrors } from "./errors";
import type { PurchaseOrderState } from "./purchase-order/order";
import { lineQuantities } from "./purchase-order/quantities";
import { LABEL_FORMATS, type LabelFormat } from "./settings";

/**
 * Labels for an order's goods: which labels, how many, and what each shows. Quantities come from
 * what was received (bookings, reversals included) or what was ordered; one label per unit, or
 * one per line showing its quantity. Custom lines get labels too, with their description.
 */

export const LABEL_SOURCES = ["received", "ordered"] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];
export const LABEL_GROUPINGS = ["unit", "line"] as const;
export type LabelGrouping = (typeof LABEL_GROUPINGS)[number];

/** More labels than this are refused: a print run that size is a mistake, and its PDF would be huge. */
export const MAX_LABELS = 5000;

/** Shopify's title for the one variant of a product without options: nothing worth printing. */
const SHOPIFY_DEFAULT_VARIANT_TITLE = "Default Title";

export interface Label {
  lineId: string;
  productTitle: string;
  variantTitle: string | null;
  sku: string | null;
  /** What the bars encode: the variant's barcode, else the SKU; null when neither can be encoded. */
  barcode: string | null;
  /** Units this label stands for: 1 per unit, the line's quantity per line. */
  quantity: number;
}

export interface LabelRequest {
  source: LabelSource;
  per: LabelGrouping;
  /** null: the shop's default (settings). */
  format: LabelFormat | null;
}

/** Parses `?source=received|ordered&per=unit|line&format=…`; each is optional, a bad value names its field. */
export function parseLabelRequest(query: { get(name: string): string | null }): LabelRequest {
  const errors: FieldErrors = {};
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = query.get(name);
    if (value === null || value === "") return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    errors[name] = `Must be one of: ${allowed.join(", ")}`;
    return null;
  };
  const request = {
    source: pick("source", LABEL_SOURCES) ?? "received",
    per: pick("per", LABEL_GROUPINGS) ?? "unit",
    format: pick("format", LABEL_FORMATS),
  };
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return request;
}

/**
 * The order's labels in line order. `barcodes` maps a variant id to its Shopify barcode (absent
 * or null: none); the variant's barcode is preferred, then the SKU, whichever Code 128 can encode.
 */
export function orderLabels(
  order: Pick<PurchaseOrderState, "lines" | "bookings">,
  { source, per }: Pick<LabelRequest, "source" | "per">,
  barcodes: ReadonlyMap<string, string | null>,
): Label[] {
  const labels: Label[] = [];
  for (const line of order.lines) {
    const quantity = source === "received" ? lineQuantities(line, order.bookings).received : line.ordered;
    if (quantity <= 0) continue;
    const count = per === "unit" ? quantity : 1;
    if (per === "unit" && labels.length + count > MAX_LABELS) {
      throw new ValidationError({ per: `At most ${MAX_LABELS} labels at once: print one label per line instead` });
    }
    const candidates = [line.variantId ? barcodes.get(line.variantId) : null, line.sku];
    const label: Label = {
      lineId: line.id,
      productTitle: line.productTitle,
      variantTitle: line.variantTitle === SHOPIFY_DEFAULT_VARIANT_TITLE ? null : line.variantTitle,
      sku: line.sku,
      barcode: candidates.find((value): value is string => typeof value === "string" && isCode128Encodable(value)) ?? null,
      quantity: per === "unit" ? 1 : quantity,
    };
    for (let copy = 0; copy < count; copy += 1) labels.push(label);
  }
  if (labels.length === 0) {
    throw new ValidationError({
      source: source === "received" ? "Nothing has been received on this order yet" : "No line has an ordered quantity",
    });
  }
  return labels;
}
