import { ACTION_LABELS, type LifecycleAction } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";

/** One button of the order page's header: what it is called and the form fields it submits. */
export interface HeaderAction {
  content: string;
  fields: Record<string, string>;
  destructive: boolean;
}

/**
 * Where an action goes in the header. Only a next step may be the primary action; the others
 * wait in "More actions", in this order, destructive ones last.
 */
enum Place {
  NextStep,
  /** Books or cancels every open unit in one click (quick complete, complete and cancel the rest). */
  AllAtOnce,
  Recovery,
  Destructive,
}

const PLACES: Partial<Record<LifecycleAction, Place>> = {
  send: Place.NextStep,
  confirm_all: Place.NextStep,
  start: Place.NextStep,
  complete: Place.NextStep,
  pause: Place.NextStep,
  resume: Place.NextStep,
  dispute: Place.NextStep,
  resolve_dispute: Place.NextStep,
  reopen: Place.NextStep,
  quick_complete: Place.AllAtOnce,
  sync_to_shopify: Place.Recovery,
  reset_sync: Place.Recovery,
  close_deliveries: Place.Destructive,
  cancel: Place.Destructive,
  delete: Place.Destructive,
};

/**
 * The order page's header for what the lifecycle allows now: the primary action is the first
 * next step (never one that removes, cancels, recovers or completes in one go), then "More
 * actions" with the other next steps, all-at-once, recovery, and destructive actions last.
 * Actions not listed in PLACES belong to the page's cards (lines, receiving, incoming).
 */
export function headerActions(allowed: readonly LifecycleAction[], status: PurchaseOrderStatus): { primary: HeaderAction | null; more: HeaderAction[] } {
  const entries: Array<HeaderAction & { place: Place }> = [];
  for (const [action, place] of Object.entries(PLACES) as Array<[LifecycleAction, Place]>) {
    if (!allowed.includes(action)) continue;
    const destructive = place === Place.Destructive;
    if (action === "send") {
      // Send to supplier (issue #8) emails the PO as it is sent; "Mark as sent" stays for orders sent another way.
      entries.push({ place, destructive, content: "Send to supplier", fields: { intent: "send", via: "email" } });
      entries.push({ place, destructive, content: "Mark as sent", fields: { intent: "send" } });
    } else if (action === "complete" && status === "partially_received") {
      // Completing from here cancels the units still open: it says so, and is never one click away.
      entries.push({ place: Place.AllAtOnce, destructive, content: "Complete and cancel the rest", fields: { intent: "complete", closeRemainder: "1" } });
    } else {
      entries.push({ place, destructive, content: ACTION_LABELS[action], fields: { intent: action } });
    }
  }
  const ordered = entries.sort((a, b) => a.place - b.place).map(({ content, fields, destructive }) => ({ content, fields, destructive }));
  return entries[0]?.place === Place.NextStep ? { primary: ordered[0]!, more: ordered.slice(1) } : { primary: null, more: ordered };
}
