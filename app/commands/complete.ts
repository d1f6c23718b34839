import { z } from "zod";

import { lifecycleCommand } from "./command";
import { noFields } from "./fields";

/** complete: the order is done; unit costs go to Shopify first. */
export const complete = lifecycleCommand({
  action: "complete",
  purpose:
    "Completes the order after writing its unit costs to Shopify (refused, changing nothing, when Shopify refuses them or a " +
    "foreign-currency order has no exchange rate). `close_remainder: true` cancels what is still pending.",
  schema: z.strictObject({ close_remainder: z.boolean().optional().describe("Cancel what is still pending (needed from Partially received).") }),
  command: (input) => ({ action: "complete", closeRemainder: input.close_remainder ?? false }),
});

/** quick_complete: everything pending received, synced and completed at once. */
export const quickComplete = lifecycleCommand({
  action: "quick_complete",
  purpose: "Receives everything still pending, syncs it and the unit costs to Shopify, and completes the order in one step.",
  schema: noFields,
  command: () => ({ action: "quick_complete" }),
});
