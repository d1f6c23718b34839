import { z } from "zod";

import { lifecycleCommand } from "./command";

/** send: the order goes to the supplier, by email from Inbound or recorded as sent another way. */
export const send = lifecycleCommand({
  action: "send",
  purpose:
    "Sends the order to its supplier and tells Shopify its ordered quantities as incoming. `via: email` emails the order with its PDF " +
    "(needs email sending set up and the supplier's email address); `manual` records that it went out another way.",
  schema: z.strictObject({
    via: z.enum(["email", "manual"]).optional().describe("email: Inbound emails the supplier; manual (default): sent outside Inbound."),
  }),
  command: (input) => ({ action: "send", via: input.via ?? "manual" }),
});
