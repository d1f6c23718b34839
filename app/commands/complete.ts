import { z } from "zod";

import { lifecycleCommand } from "./command";
import { noFields } from "./fields";

/** Said of both completions: they wait for Shopify to have the unit costs, in the worker, never in the request. */
const COMPLETING =
  "Unit costs go to Shopify first (orders with variant lines): the answer's order is then `completing` (its status unchanged, audit `complete_requested`), " +
  "and it becomes completed as soon as Shopify has them; if Shopify refuses them, `completing` is null again and the audit log " +
  "says why (`complete_failed`). A foreign-currency order without an exchange rate is refused at once, changing nothing.";

/** complete: the order is done; unit costs go to Shopify first. */
export const complete = lifecycleCommand({
  action: "complete",
  purpose: `Completes the order. ${COMPLETING} \`close_remainder: true\` cancels what is still pending.`,
  schema: z.strictObject({ close_remainder: z.boolean().optional().describe("Cancel what is still pending (needed from Partially received).") }),
  command: (input) => ({ action: "complete", closeRemainder: input.close_remainder ?? false }),
});

/** quick_complete: everything pending received, synced and completed at once. */
export const quickComplete = lifecycleCommand({
  action: "quick_complete",
  purpose: `Receives everything still pending, syncs it to Shopify, and completes the order in one step. ${COMPLETING}`,
  schema: noFields,
  command: () => ({ action: "quick_complete" }),
});
