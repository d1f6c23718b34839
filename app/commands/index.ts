import type { LifecycleAction } from "~/domain/purchase-order/lifecycle";

import { erased, type AnyCommand } from "./command";
import { cancel, deleteOrder, reopen } from "./close";
import { complete, quickComplete } from "./complete";
import { confirmAll, confirmLines } from "./confirm";
import { editHeader } from "./details";
import { dispute, pause, resolveDispute, resume } from "./hold";
import { addLine, removeLine, updateLine } from "./lines";
import { closeDeliveries, receive, unreceive } from "./receive";
import { adjustIncoming, resetSync, syncToShopify } from "./recovery";
import { send } from "./send";
import { start } from "./start";

/** Every lifecycle action's command, by action: what the order screen's `intent` names. */
export const COMMANDS: Readonly<Record<LifecycleAction, AnyCommand>> = {
  edit_header: erased(editHeader),
  add_line: erased(addLine),
  update_line: erased(updateLine),
  remove_line: erased(removeLine),
  send: erased(send),
  confirm_lines: erased(confirmLines),
  confirm_all: erased(confirmAll),
  start: erased(start),
  receive: erased(receive),
  close_deliveries: erased(closeDeliveries),
  unreceive: erased(unreceive),
  complete: erased(complete),
  quick_complete: erased(quickComplete),
  pause: erased(pause),
  resume: erased(resume),
  dispute: erased(dispute),
  resolve_dispute: erased(resolveDispute),
  cancel: erased(cancel),
  reopen: erased(reopen),
  delete: erased(deleteOrder),
  sync_to_shopify: erased(syncToShopify),
  reset_sync: erased(resetSync),
  adjust_incoming: erased(adjustIncoming),
};
