import { lifecycleCommand } from "./command";
import { noFields } from "./fields";

/** start: the supplier has shipped. */
export const start = lifecycleCommand({
  action: "start",
  purpose: "Records that the supplier shipped the order.",
  schema: noFields,
  command: () => ({ action: "start" }),
});
