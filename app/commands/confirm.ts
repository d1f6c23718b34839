import { z } from "zod";

import { lifecycleCommand } from "./command";
import { lineId, noFields, quantity } from "./fields";

/** confirm_lines: what the supplier confirmed, per line. */
export const confirmLines = lifecycleCommand({
  action: "confirm_lines",
  purpose:
    "Records the quantity the supplier confirmed for each line given; lines left out are unchanged. Shopify's incoming follows the confirmed quantities.",
  schema: z.strictObject({
    lines: z
      .array(z.strictObject({ line_id: lineId, confirmed: quantity }))
      .min(1, "Confirm at least one line")
      .describe("Confirmed quantity per line; lines left out are unchanged."),
  }),
  command: (input) => ({ action: "confirm_lines", lines: input.lines.map((line) => ({ lineId: line.line_id, confirmed: line.confirmed })) }),
});

/** confirm_all: every line as ordered, and the supplier is shipping. */
export const confirmAll = lifecycleCommand({
  action: "confirm_all",
  purpose: "Confirms every line not yet confirmed at its ordered quantity and marks the order as shipping.",
  schema: noFields,
  command: () => ({ action: "confirm_all" }),
});
