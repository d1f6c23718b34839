import { z } from "zod";

import { lifecycleCommand } from "./command";
import { amount, locationId } from "./fields";

/** edit_header: the order's details. A field left out stays as it is; null clears it. */
export const editHeader = lifecycleCommand({
  action: "edit_header",
  purpose:
    "Changes the order's details: receiving location, reference, notes, shipping cost and tax. Fields left out stay as they are; " +
    "null clears one (a cleared amount is 0). The location cannot change once goods were booked at it.",
  schema: z.strictObject({
    location_id: locationId.nullable().optional(),
    reference: z.string().max(100).nullable().optional(),
    note: z.string().max(5000).nullable().optional().describe("For the supplier; printed on the order."),
    private_note: z.string().max(5000).nullable().optional().describe("For the shop only."),
    shipping_cost: amount.nullable().optional(),
    tax: amount.nullable().optional(),
  }),
  command: (input) => ({
    action: "edit_header",
    changes: {
      locationId: input.location_id,
      reference: input.reference,
      note: input.note,
      privateNote: input.private_note,
      shippingCost: input.shipping_cost === null ? "0" : input.shipping_cost,
      tax: input.tax === null ? "0" : input.tax,
    },
  }),
});
