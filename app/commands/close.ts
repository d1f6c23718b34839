import { z } from "zod";

import { lifecycleCommand } from "./command";
import { noFields, reason } from "./fields";

/** Cancel, reopen and delete: closing an order and bringing it back. */

export const cancel = lifecycleCommand({
  action: "cancel",
  purpose:
    "Cancels the order: what is still pending is released and Shopify's incoming for it rolled back; received goods stay booked. " +
    "Payments and credits stay as they are.",
  schema: z.strictObject({ reason }),
  command: (input) => ({ action: "cancel", reason: input.reason ?? null }),
});

export const reopen = lifecycleCommand({
  action: "reopen",
  purpose:
    "Reopens a cancelled or completed order to the status it was closed from; what cancelling or completing released is pending again, and Shopify's incoming with it.",
  schema: noFields,
  command: () => ({ action: "reopen" }),
});

export const deleteOrder = lifecycleCommand({
  action: "delete",
  purpose: "Deletes a draft outright, or hides a cancelled order (its audit log is kept).",
  schema: noFields,
  command: () => ({ action: "delete" }),
});
