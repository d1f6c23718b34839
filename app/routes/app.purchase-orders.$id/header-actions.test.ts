import { describe, expect, it } from "vitest";

import { allowedActions } from "~/domain/purchase-order/lifecycle";
import { PURCHASE_ORDER_STATUSES } from "~/domain/purchase-order/status";
import { headerActions } from "./header-actions";

describe("the order page's header, for every status the lifecycle has", () => {
  it.each(PURCHASE_ORDER_STATUSES.map((status) => [status]))(
    "%s: the primary action is a next step, never one that removes, cancels, recovers or completes in one go",
    (status) => {
      const { primary, more } = headerActions(allowedActions({ status }), status);
      if (primary) {
        expect(primary.destructive).toBe(false);
        expect(["quick_complete", "sync_to_shopify", "reset_sync", "cancel", "delete", "close_deliveries"]).not.toContain(primary.fields.intent);
        expect(primary.fields.closeRemainder).toBeUndefined();
      }
      // Destructive actions come last in "More actions".
      const firstDestructive = more.findIndex((action) => action.destructive);
      if (firstDestructive >= 0) expect(more.slice(firstDestructive).every((action) => action.destructive)).toBe(true);
    },
  );

  it.each([
    ["draft", "send"],
    ["sent", "confirm_lines"],
    ["partially_confirmed", "confirm_lines"],
    ["confirmed", "receive"],
    ["in_progress", "receive"],
    ["partially_received", "receive"],
    ["received", "complete"],
    ["paused", "resume"],
    ["disputed", "resolve_dispute"],
    ["completed", "reopen"],
    ["cancelled", "reopen"],
  ] as const)("%s: the one primary action is the usual next step, %s", (status, intent) => {
    expect(headerActions(allowedActions({ status }), status).primary?.fields.intent).toBe(intent);
  });

  it("a sent order's primary action records the supplier's confirmation; receiving comes next, and quick complete waits after the other steps", () => {
    const { primary, more } = headerActions(allowedActions({ status: "sent" }), "sent");
    expect(primary).toEqual({ content: "Record confirmation", fields: { intent: "confirm_lines" }, destructive: false });
    expect(more[0]).toEqual({ content: "Receive goods", fields: { intent: "receive" }, destructive: false });
    const labels = more.map((action) => action.content);
    expect(labels).toContain("Quick complete");
    expect(labels.indexOf("Quick complete")).toBeGreaterThan(labels.indexOf("Pause"));
    expect(labels.at(-1)).toBe("Cancel order");
  });

  it("a draft offers sending first and delete last, in red", () => {
    const { primary, more } = headerActions(allowedActions({ status: "draft" }), "draft");
    expect(primary).toEqual({ content: "Send to supplier", fields: { intent: "send", via: "email" }, destructive: false });
    expect(more.at(-1)).toEqual({ content: "Delete", fields: { intent: "delete" }, destructive: true });
  });

  it("from partially received, completing cancels the rest: offered in More actions, not as the primary action", () => {
    const { primary, more } = headerActions(allowedActions({ status: "partially_received" }), "partially_received");
    expect(primary?.fields.closeRemainder).toBeUndefined();
    expect(more).toContainEqual({ content: "Complete and cancel the rest", fields: { intent: "complete", closeRemainder: "1" }, destructive: false });
    expect(more.map((action) => action.content)).not.toContain("Complete");
  });

  it("every header action the lifecycle allows is offered exactly once", () => {
    for (const status of PURCHASE_ORDER_STATUSES) {
      const { primary, more } = headerActions(allowedActions({ status }), status);
      const labels = [primary, ...more].flatMap((action) => (action ? [action.content] : []));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });
});
