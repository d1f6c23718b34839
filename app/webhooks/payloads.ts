import { z } from "zod";

/**
 * The catalogue, inventory and location webhook payloads, as Shopify serialises them (REST-style
 * JSON: numeric ids, snake_case, ISO `updated_at` with an offset). Each schema names only the
 * fields Inbound uses, so a field Shopify adds, drops or renames elsewhere never makes a delivery
 * unreadable. Ids become the Admin GraphQL gids that purchase order lines store.
 */

/** A REST id (a JSON number; accepted as a digit string too) as the gid of `type`. */
const gidOf = (type: string) =>
  z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform((id) => `gid://shopify/${type}/${id}`);

const timestamp = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** An empty SKU is no SKU, as the gateway reads it. */
const sku = z
  .string()
  .nullish()
  .transform((value) => value || null);

export const productUpdatePayload = z.object({
  id: gidOf("Product"),
  title: z.string(),
  updated_at: timestamp,
  // Shopify may send none or only some of a product's variants: only those present are refreshed.
  variants: z
    .array(
      z.object({
        id: gidOf("ProductVariant"),
        title: z.string(),
        sku,
      }),
    )
    .default([]),
});

/** products/delete carries the id and nothing else. */
export const productDeletePayload = z.object({ id: gidOf("Product") });

export const inventoryItemUpdatePayload = z.object({
  id: gidOf("InventoryItem"),
  sku,
  updated_at: timestamp,
});

/** inventory_items/delete: the id is all that is left of a deleted item. */
export const inventoryItemDeletePayload = z.object({ id: gidOf("InventoryItem") });

export const inventoryLevelUpdatePayload = z.object({
  inventory_item_id: gidOf("InventoryItem"),
  location_id: gidOf("Location"),
});

export const locationUpdatePayload = z.object({
  id: gidOf("Location"),
  active: z.boolean(),
  updated_at: timestamp,
});

export const locationDeletePayload = z.object({ id: gidOf("Location") });

export type ProductUpdate = z.infer<typeof productUpdatePayload>;
export type ProductDelete = z.infer<typeof productDeletePayload>;
export type InventoryItemUpdate = z.infer<typeof inventoryItemUpdatePayload>;
export type InventoryItemDelete = z.infer<typeof inventoryItemDeletePayload>;
export type InventoryLevelUpdate = z.infer<typeof inventoryLevelUpdatePayload>;
export type LocationUpdate = z.infer<typeof locationUpdatePayload>;
export type LocationDelete = z.infer<typeof locationDeletePayload>;

/** What a payload lacks, as one line for the webhook log. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
}
