import { z } from "zod";

import { INTAKE_REASONS } from "~/domain/intake-reasons";
import { MAX_RECEIPT_NOTE_LENGTH } from "~/domain/purchase-order/lifecycle";

import { lifecycleCommand } from "./command";
import { bookingId, lineId, locationId, noFields, quantity } from "./fields";

/** receive: one receipt of goods, per line. */
export const receive = lifecycleCommand({
  action: "receive",
  purpose:
    "Books goods received (and optionally rejected or cancelled) per line in one receipt; a line may come once per reason (5 " +
    "accepted, 1 damaged_returned), and together no more than is pending. The status follows the quantities. With " +
    "auto-sync on, received units are added to Shopify's on hand at once; otherwise sync them later.",
  schema: z.strictObject({
    lines: z
      .array(
        z.strictObject({
          line_id: lineId,
          received: quantity.default(0),
          rejected: quantity.default(0),
          cancelled: quantity.default(0),
          reason: z.enum(INTAKE_REASONS).optional().describe("Why units were rejected or cancelled."),
        }),
      )
      .min(1, "Enter a quantity on at least one line"),
    location_id: locationId.optional().describe("Shopify location gid, one of the shop's active locations; default: the order's receiving location."),
    note: z.string().max(MAX_RECEIPT_NOTE_LENGTH).nullable().optional(),
  }),
  command: (input) => ({
    action: "receive",
    locationId: input.location_id ?? null,
    note: input.note ?? null,
    lines: input.lines.map((line) => ({
      lineId: line.line_id,
      received: line.received,
      rejected: line.rejected,
      cancelled: line.cancelled,
      reason: line.reason ?? null,
    })),
  }),
});

/** unreceive: a receipt taken back. */
export const unreceive = lifecycleCommand({
  action: "unreceive",
  purpose:
    "Reverses one receipt (its booking id, from the order's receipts) with a compensating booking; units it synced to Shopify's on " +
    "hand are taken off again and incoming restored.",
  schema: z.strictObject({ booking_id: bookingId }),
  command: (input) => ({ action: "unreceive", bookingId: input.booking_id }),
});

/** close_deliveries: nothing more will come. */
export const closeDeliveries = lifecycleCommand({
  action: "close_deliveries",
  purpose: "No more goods will come: every pending quantity is released, and Shopify's incoming for it.",
  schema: noFields,
  command: () => ({ action: "close_deliveries" }),
});
