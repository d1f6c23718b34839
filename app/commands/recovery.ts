import { z } from "zod";

import { MAX_QUANTITY } from "~/domain/purchase-order/lifecycle";
import { shopifyId } from "~/api/schemas";

import { lifecycleCommand } from "./command";
import { locationId, noFields } from "./fields";

/** Recovery: what Shopify was told, corrected; never the order's own quantities. */

export const syncToShopify = lifecycleCommand({
  action: "sync_to_shopify",
  purpose: "Stages every receipt not yet synced as an on-hand change in Shopify (when auto-sync is off, or to push again after a reset).",
  schema: noFields,
  command: () => ({ action: "sync_to_shopify" }),
});

export const resetSync = lifecycleCommand({
  action: "reset_sync",
  purpose: "Marks every receipt as not synced without touching Shopify (for when Shopify was corrected by hand); a later sync pushes them again.",
  schema: noFields,
  command: () => ({ action: "reset_sync" }),
});

const DELTA_MESSAGE = `Must be a whole number other than 0, from -${MAX_QUANTITY.toLocaleString("en-US")} to ${MAX_QUANTITY.toLocaleString("en-US")}`;

export const adjustIncoming = lifecycleCommand({
  action: "adjust_incoming",
  purpose:
    "Corrects what this order holds as incoming in Shopify for one inventory item of its lines (at the order's location unless given) " +
    "by `delta` units, for an order whose incoming drifted. Never below zero.",
  schema: z.strictObject({
    inventory_item_id: shopifyId("InventoryItem").describe("Shopify InventoryItem gid."),
    location_id: locationId.optional().describe("One of the shop's active locations; default: the order's."),
    delta: z
      .int(DELTA_MESSAGE)
      .min(-MAX_QUANTITY, DELTA_MESSAGE)
      .max(MAX_QUANTITY, DELTA_MESSAGE)
      .refine((value) => value !== 0, DELTA_MESSAGE),
  }),
  command: (input) => ({
    action: "adjust_incoming",
    inventoryItemId: input.inventory_item_id,
    locationId: input.location_id ?? null,
    delta: input.delta,
  }),
});
