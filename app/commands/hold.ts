import { z } from "zod";

import { lifecycleCommand } from "./command";
import { noFields, reason } from "./fields";

/** Pause / resume and dispute / resolve: each undone by the other; Shopify's stock is untouched. */

export const pause = lifecycleCommand({
  action: "pause",
  purpose: "Pauses the order; resume returns it to the status it was paused from.",
  schema: z.strictObject({ reason }),
  command: (input) => ({ action: "pause", reason: input.reason ?? null }),
});

export const resume = lifecycleCommand({
  action: "resume",
  purpose: "Resumes a paused order.",
  schema: noFields,
  command: () => ({ action: "resume" }),
});

export const dispute = lifecycleCommand({
  action: "dispute",
  purpose: "Marks the order disputed with the supplier; resolving returns it to the status it was disputed from.",
  schema: z.strictObject({ reason }),
  command: (input) => ({ action: "dispute", reason: input.reason ?? null }),
});

export const resolveDispute = lifecycleCommand({
  action: "resolve_dispute",
  purpose: "Resolves the dispute.",
  schema: noFields,
  command: () => ({ action: "resolve_dispute" }),
});
