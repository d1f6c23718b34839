import { ACTION_LABELS, type LifecycleAction } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";

/**
 * One action of the order page's header: what it is called and the form fields it submits.
 * Two open a screen instead of submitting: `receive` (the receiving screen) and `confirm_lines`
 * (the form for the supplier's confirmed quantities).
 */
export interface HeaderAction {
  content: string;
  fields: Record<string, string>;
  destructive: boolean;
}

/** Where an action goes in the header, in this order: only a next step may be the primary action. */
enum Place {
  NextStep,
  /** A step the order may also take, not the one it usually takes next. */
  OtherStep,
  /** Books or cancels every open unit in one click (quick complete, complete and cancel the rest). */
  AllAtOnce,
  Recovery,
  Destructive,
}

/**
 * The order's usual next steps, in lifecycle order; the first one allowed is the primary action
 * (Send a draft, record the supplier's confirmation, receive, complete…).
 */
const NEXT_STEPS: readonly LifecycleAction[] = ["send", "confirm_lines", "receive", "complete", "resume", "resolve_dispute", "reopen"];

const PLACES: Partial<Record<LifecycleAction, Place>> = {
  send: Place.NextStep,
  confirm_lines: Place.NextStep,
  receive: Place.NextStep,
  complete: Place.NextStep,
  resume: Place.NextStep,
  resolve_dispute: Place.NextStep,
  reopen: Place.NextStep,
  confirm_all: Place.OtherStep,
  start: Place.OtherStep,
  pause: Place.OtherStep,
  dispute: Place.OtherStep,
  quick_complete: Place.AllAtOnce,
  sync_to_shopify: Place.Recovery,
  reset_sync: Place.Recovery,
  close_deliveries: Place.Destructive,
  cancel: Place.Destructive,
  delete: Place.Destructive,
};

const LABELS: Partial<Record<LifecycleAction, string>> = {
  confirm_lines: "Record confirmation",
  receive: "Receive goods",
};

/**
 * The order page's header for what the lifecycle allows now: ONE primary action, the first next
 * step (never one that removes, cancels, recovers or completes in one go), then "More actions"
 * with the other steps, all-at-once, recovery, and destructive actions last. Actions not listed
 * in PLACES belong to the page's cards (lines, receipts, incoming).
 */
export function headerActions(
  allowed: readonly LifecycleAction[],
  status: PurchaseOrderStatus,
): { primary: HeaderAction | null; more: HeaderAction[] } {
  const entries: Array<HeaderAction & { place: Place; step: number }> = [];
  for (const [action, place] of Object.entries(PLACES) as Array<[LifecycleAction, Place]>) {
    if (!allowed.includes(action)) continue;
    const destructive = place === Place.Destructive;
    const step = NEXT_STEPS.indexOf(action);
    if (action === "send") {
      // Send to supplier (issue #8) emails the PO as it is sent; "Mark as sent" stays for orders sent another way.
      entries.push({ place, step, destructive, content: "Send to supplier", fields: { intent: "send", via: "email" } });
      entries.push({ place: Place.OtherStep, step, destructive, content: "Mark as sent", fields: { intent: "send" } });
    } else if (action === "complete" && status === "partially_received") {
      // Completing from here cancels the units still open: it says so, and is never one click away.
      entries.push({
        place: Place.AllAtOnce,
        step,
        destructive,
        content: "Complete and cancel the rest",
        fields: { intent: "complete", closeRemainder: "1" },
      });
    } else if (action === "confirm_lines" && status === "confirmed") {
      // Every line is confirmed: changing a confirmation is possible, receiving is what comes next.
      entries.push({ place: Place.OtherStep, step, destructive, content: "Change confirmation", fields: { intent: action } });
    } else {
      entries.push({ place, step, destructive, content: LABELS[action] ?? ACTION_LABELS[action], fields: { intent: action } });
    }
  }
  const ordered = entries.sort((a, b) => a.place - b.place || a.step - b.step);
  const plain = ordered.map(({ content, fields, destructive }) => ({ content, fields, destructive }));
  return ordered[0]?.place === Place.NextStep ? { primary: plain[0]!, more: plain.slice(1) } : { primary: null, more: plain };
}
