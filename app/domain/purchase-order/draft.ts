import { parseMoney, type Decimal } from "../money";
import { ValidationError, type FieldErrors } from "../errors";
import { isShopifyId, shopifyIdMessage } from "../input";

/**
 * The rules for a new draft purchase order's input, before anything is looked up: which fields
 * are required and what values they allow. Lookups (does the supplier exist, does Shopify know
 * the variant) belong to the service; their failures use the same field paths.
 */

export const MAX_LINES_PER_ORDER = 500;
export const MAX_QUANTITY_PER_LINE = 1_000_000;

export interface DraftLineInput {
  variantId: string;
  quantity: string;
  /** Blank means: the variant's default cost on the draft (new-line.ts), or a field error when none is known. */
  unitCost: string;
}

export interface DraftInput {
  supplierId: string;
  locationId: string;
  note: string;
  lines: DraftLineInput[];
}

export interface DraftLine {
  variantId: string;
  quantity: number;
  unitCost: Decimal | null;
}

export interface Draft {
  supplierId: string;
  locationId: string | null;
  note: string | null;
  lines: DraftLine[];
}

export function parseDraft(input: DraftInput): Draft {
  const errors: FieldErrors = {};
  const supplierId = input.supplierId.trim();
  if (!supplierId) errors.supplierId = "Choose a supplier";

  const locationId = input.locationId.trim();
  if (locationId && !isShopifyId("Location", locationId)) {
    errors.locationId = shopifyIdMessage("Location");
  }

  const note = input.note.trim();
  if (note.length > 5000) errors.note = "Notes are limited to 5000 characters";

  if (input.lines.length === 0) errors.lines = "Add at least one variant";
  if (input.lines.length > MAX_LINES_PER_ORDER) {
    errors.lines = `An order has at most ${MAX_LINES_PER_ORDER} lines`;
  }

  const seen = new Set<string>();
  const lines = input.lines.map((line, index): DraftLine => {
    const variantId = line.variantId.trim();
    if (!isShopifyId("ProductVariant", variantId)) {
      errors[`lines.${index}.variantId`] = shopifyIdMessage("ProductVariant");
    } else if (seen.has(variantId)) {
      errors[`lines.${index}.variantId`] = "This variant is already on the order; change its quantity instead";
    }
    seen.add(variantId);

    const quantityText = line.quantity.trim();
    const quantity = /^-?\d+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY_PER_LINE) {
      errors[`lines.${index}.quantity`] = `Quantity must be a whole number from 1 to ${MAX_QUANTITY_PER_LINE.toLocaleString("en-US")}`;
    }

    let unitCost: Decimal | null = null;
    if (line.unitCost.trim()) {
      unitCost = parseMoney(line.unitCost);
      if (!unitCost) {
        errors[`lines.${index}.unitCost`] = "Unit cost must be 0 or more, with at most 4 decimals";
      }
    }
    return { variantId, quantity, unitCost };
  });

  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { supplierId, locationId: locationId || null, note: note || null, lines };
}
