import { z } from "zod";

import { textProblem } from "~/domain/input";

/**
 * The webhook payloads Inbound reads, as Shopify serialises them (REST-style JSON: numeric ids,
 * snake_case, ISO `updated_at` with an offset): the catalogue, inventory and location topics,
 * app/scopes_update, and the shop a payload names. Each schema names only the fields Inbound uses,
 * so a field Shopify adds, drops or renames elsewhere never makes a delivery unreadable. Ids become
 * the Admin GraphQL gids that purchase order lines store.
 */

/** A REST id (a JSON number; accepted as a digit string too) as the gid of `type`. */
const gidOf = (type: string) => z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform((id) => `gid://shopify/${type}/${id}`);

const timestamp = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/**
 * Text a webhook brings that Inbound stores as sent (titles, SKUs, scopes, an email's bounce
 * reason): refused, like text from any other door, when it holds a control character or a lone
 * surrogate (decision 009), never stored cut or changed.
 */
export const storedText = z.string().superRefine((value, context) => {
  const problem = textProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

/** An empty SKU is no SKU, as the gateway reads it. */
const sku = storedText.nullish().transform((value) => value || null);

export const productUpdatePayload = z.object({
  id: gidOf("Product"),
  title: storedText,
  updated_at: timestamp,
  // Shopify may send none or only some of a product's variants: only those present are refreshed.
  variants: z
    .array(
      z.object({
        id: gidOf("ProductVariant"),
        title: storedText,
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

/** locations/create and locations/update. */
export const locationUpdatePayload = z.object({
  id: gidOf("Location"),
  name: storedText,
  active: z.boolean(),
  /** A fulfillment service's location: not one a shop receives at (Shopify's locations query leaves them out too). */
  legacy: z.boolean().optional(),
  updated_at: timestamp,
});

export const locationDeletePayload = z.object({ id: gidOf("Location") });

/** app/scopes_update: the scopes granted now (Shopify also sends the previous ones). */
export const scopesUpdatePayload = z.object({ current: z.array(storedText) });

export type ProductUpdate = z.infer<typeof productUpdatePayload>;
export type ProductDelete = z.infer<typeof productDeletePayload>;
export type InventoryItemUpdate = z.infer<typeof inventoryItemUpdatePayload>;
export type InventoryItemDelete = z.infer<typeof inventoryItemDeletePayload>;
export type InventoryLevelUpdate = z.infer<typeof inventoryLevelUpdatePayload>;
export type LocationUpdate = z.infer<typeof locationUpdatePayload>;
export type LocationDelete = z.infer<typeof locationDeletePayload>;

/**
 * Where a topic's payload names the shop it is about (Shopify's recorded topic name → field).
 * The payload is signed and the X-Shopify-Shop-Domain header is not, so for these topics the
 * two must agree before anything is done (app/webhooks/receive.server.ts).
 */
const PAYLOAD_SHOP_FIELDS: Readonly<Record<string, string>> = {
  APP_UNINSTALLED: "myshopify_domain",
  CUSTOMERS_DATA_REQUEST: "shop_domain",
  CUSTOMERS_REDACT: "shop_domain",
  SHOP_REDACT: "shop_domain",
};

const shopDomain = z.string().min(1).max(255);

/** The shop a payload names: none for topics whose payloads do not, or what is wrong with it. */
export function shopNamedByPayload(
  topic: string,
  payload: unknown,
): { kind: "none" } | { kind: "shop"; shopDomain: string } | { kind: "unreadable"; issue: string } {
  const field = PAYLOAD_SHOP_FIELDS[topic];
  if (field === undefined) return { kind: "none" };
  const parsed = z.object({ [field]: shopDomain }).safeParse(payload);
  return parsed.success ? { kind: "shop", shopDomain: parsed.data[field]! } : { kind: "unreadable", issue: describeIssues(parsed.error) };
}

/** What a payload lacks, as one line for the webhook log. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`).join("; ");
}
