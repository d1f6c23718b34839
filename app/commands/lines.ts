import { z } from "zod";

import { quantityInput } from "~/api/schemas";
import { MAX_LINES_PER_ORDER } from "~/domain/purchase-order/draft";

import { commandDescription, lifecycleCommand, type Command } from "./command";
import { amount, lineId } from "./fields";

/** Adding, changing and removing lines. */

const AddLineInput = z.strictObject({
  line: z
    .strictObject({
      kind: z
        .string()
        .max(20)
        .optional()
        .describe('"custom" for a custom line (never pushed to Shopify); otherwise a variant named by `variant_id` or found by `sku`.'),
      variant_id: z
        .string()
        .max(255)
        .optional()
        .describe("The Shopify variant's id (gid://shopify/ProductVariant/…), as a product picker gives it; instead of `sku`."),
      sku: z.string().max(255).optional().describe("The variant's SKU or barcode in Shopify; a custom line's own SKU."),
      product_title: z.string().max(500).optional().describe("A custom line's description."),
      ordered: quantityInput(1),
      unit_cost: amount.optional().describe("Default for variants: the supplier's catalogue price, else Shopify's cost (see new-line rules)."),
    })
    .superRefine((line, context) => {
      if (line.kind === "custom" && !line.product_title)
        context.addIssue({ code: "custom", path: ["product_title"], message: "Describe the custom line" });
      if (line.kind !== "custom" && !line.sku && !line.variant_id)
        context.addIssue({ code: "custom", path: ["sku"], message: "Enter the variant's SKU" });
      if (line.variant_id && (line.kind === "custom" || line.sku)) {
        context.addIssue({
          code: "custom",
          path: ["variant_id"],
          message: "Name the variant by its id or by a SKU, not both; a custom line has none",
        });
      }
    }),
});

/**
 * add_line: a variant named by its id or resolved in Shopify by SKU (with its default cost on
 * this order), or a custom line. The product picker's variants come this way too, one each. Resolution comes before the lifecycle decides, so an unknown SKU changes nothing.
 */
export const addLine: Command<typeof AddLineInput> = {
  action: "add_line",
  schema: AddLineInput,
  description: commandDescription(
    "add_line",
    "Adds a line: a Shopify variant by id, SKU or barcode (its unit cost defaults to the supplier's catalogue price, else Shopify's cost), or a custom line.",
  ),
  // The add-line card posts flat fields; its refusals show under the schema's names (`line.ordered`).
  formNames: { "line.kind": "lineType", "line.sku": "sku", "line.product_title": "title", "line.ordered": "ordered", "line.unit_cost": "unitCost" },
  run: (deps, target, { line }) =>
    deps.addLine(
      {
        source:
          line.kind === "custom"
            ? { type: "custom", title: line.product_title!, sku: line.sku ?? null }
            : line.variant_id
              ? { type: "variant", variantId: line.variant_id }
              : { type: "sku", sku: line.sku! },
        ordered: line.ordered,
        unitCost: line.unit_cost ?? null,
      },
      target,
    ),
};

export const updateLine = lifecycleCommand({
  action: "update_line",
  purpose: "Changes a line's ordered quantity or unit cost; the quantity cannot go below what was booked on it.",
  schema: z
    .strictObject({ line_id: lineId, ordered: quantityInput(1).optional(), unit_cost: amount.optional() })
    .refine((input) => input.ordered !== undefined || input.unit_cost !== undefined, {
      path: ["ordered"],
      message: "Give a new quantity or unit cost",
    }),
  command: (input) => ({
    action: "update_line",
    lineId: input.line_id,
    ...(input.ordered !== undefined ? { ordered: input.ordered } : {}),
    ...(input.unit_cost !== undefined ? { unitCost: input.unit_cost } : {}),
  }),
});

/**
 * The order page's save of the lines changed in place (its save bar): each is update_line's own
 * input, posted as `ordered.<lineId>` and `unitCost.<lineId>` (./form.ts reads a list of lines that
 * way), and saved by update_line one after another.
 */
export const UpdateLinesForm = z.strictObject({
  lines: z.array(updateLine.schema).min(1, "Change a line's quantity or unit cost").max(MAX_LINES_PER_ORDER),
});

export const removeLine = lifecycleCommand({
  action: "remove_line",
  purpose: "Removes a line that has nothing booked on it; a sent order keeps at least one line.",
  schema: z.strictObject({ line_id: lineId }),
  command: (input) => ({ action: "remove_line", lineId: input.line_id }),
});
