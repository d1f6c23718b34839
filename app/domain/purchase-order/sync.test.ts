import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "../errors";
import { testDraftOrder, testLine } from "./fixtures";
import { decide, type DecisionContext, type LifecycleCommand } from "./lifecycle";
import type { PurchaseOrderState } from "./order";

/** When receipts reach Shopify on hand: auto-sync, Sync to Shopify, complete, quick complete, Sync reset. */

let minute = 0;
function context(extra: Partial<DecisionContext> = {}): DecisionContext {
  minute += 1;
  let id = 0;
  return { now: new Date(Date.UTC(2026, 10, 1, 0, minute)), newId: () => `b-${minute}-${++id}`, ...extra };
}

function run(order: PurchaseOrderState, ...commands: LifecycleCommand[]): PurchaseOrderState {
  return commands.reduce((current, command) => decide(current, command, context()).next, order);
}

const sentOrder = () => run(testDraftOrder([testLine("a", 10), testLine("b", 4)]), { action: "send", via: "manual" });
const receiveA = (received: number): LifecycleCommand => ({
  action: "receive",
  lines: [{ lineId: "a", received, rejected: 0, cancelled: 0, reason: "accepted" }],
});

function refusedRule(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardrailError) return error.rule;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("receiving and syncing to Shopify on hand", () => {
  it("keeps a manual receipt unsynced unless auto-sync on receiving is on", () => {
    const manual = decide(sentOrder(), receiveA(3), context()).next;
    expect(manual.bookings.at(-1)?.syncedAt).toBeNull();
    const automatic = decide(sentOrder(), receiveA(3), context({ autoSyncOnReceive: true }));
    expect(automatic.next.bookings.at(-1)?.syncedAt).toEqual(automatic.next.bookings.at(-1)?.bookedAt);
    expect(automatic.audit.changes).toMatchObject({ synced: true });
  });

  it("Sync to Shopify marks every unsynced receipt synced and keeps the status", () => {
    const order = run(sentOrder(), receiveA(3), receiveA(2));
    const decision = decide(order, { action: "sync_to_shopify" }, context());
    expect(decision.next.status).toBe("partially_received");
    expect(decision.next.bookings.every((booking) => booking.syncedAt !== null)).toBe(true);
    expect(decision.audit.changes).toEqual({ syncedBookingIds: order.bookings.map((booking) => booking.id) });
  });

  it("refuses Sync to Shopify when everything received is already synced", () => {
    const order = run(sentOrder(), receiveA(3), { action: "sync_to_shopify" });
    expect(refusedRule(() => decide(order, { action: "sync_to_shopify" }, context()))).toBe("nothing_to_sync");
  });

  it("Sync reset clears the synced marks (so the next sync pushes again) and is refused when nothing was synced", () => {
    const synced = run(sentOrder(), receiveA(3), { action: "sync_to_shopify" });
    const reset = decide(synced, { action: "reset_sync" }, context()).next;
    expect(reset.bookings.map((booking) => booking.syncedAt)).toEqual([null]);
    expect(refusedRule(() => decide(reset, { action: "reset_sync" }, context()))).toBe("nothing_synced");
    const again = decide(reset, { action: "sync_to_shopify" }, context());
    expect(again.audit.changes).toEqual({ syncedBookingIds: [reset.bookings[0]!.id] });
  });

  it("complete pushes what was received but never synced", () => {
    const order = run(sentOrder(), receiveA(10), {
      action: "receive",
      lines: [{ lineId: "b", received: 4, rejected: 0, cancelled: 0, reason: "accepted" }],
    });
    const decision = decide(order, { action: "complete" }, context());
    expect(decision.next.status).toBe("completed");
    expect(decision.next.bookings.every((booking) => booking.syncedAt !== null)).toBe(true);
  });

  it("quick complete books the rest and syncs it with the earlier receipts", () => {
    const order = run(sentOrder(), receiveA(3));
    const next = decide(order, { action: "quick_complete" }, context()).next;
    expect(next.bookings).toHaveLength(2);
    expect(next.bookings.every((booking) => booking.syncedAt !== null)).toBe(true);
  });
});

describe("incoming adjustment on a closed order", () => {
  const completed = () => run(sentOrder(), { action: "quick_complete" });

  it("names the correction for this order's document and changes nothing else", () => {
    const order = completed();
    const decision = decide(order, { action: "adjust_incoming", inventoryItemId: "gid://shopify/InventoryItem/a", delta: -4 }, context());
    expect(decision.incomingCorrection).toEqual({
      inventoryItemId: "gid://shopify/InventoryItem/a",
      locationId: order.header.locationId,
      delta: -4,
    });
    expect({ ...decision.next, version: order.version }).toEqual(order);
  });

  it("refuses an item not on the order, a zero or fractional delta", () => {
    const attempt = (command: Partial<Extract<LifecycleCommand, { action: "adjust_incoming" }>>) => {
      try {
        decide(completed(), { action: "adjust_incoming", inventoryItemId: "gid://shopify/InventoryItem/a", delta: 1, ...command }, context());
      } catch (error) {
        if (error instanceof ValidationError) return error.fieldErrors;
        throw error;
      }
      throw new Error("expected a validation error");
    };
    expect(attempt({ inventoryItemId: "gid://shopify/InventoryItem/zzz" })).toHaveProperty("inventoryItemId");
    expect(attempt({ delta: 0 })).toHaveProperty("delta");
    expect(attempt({ delta: 1.5 })).toHaveProperty("delta");
  });

  it("is refused on an order still on its way (its incoming is managed by the lifecycle)", () => {
    expect(
      refusedRule(() => decide(sentOrder(), { action: "adjust_incoming", inventoryItemId: "gid://shopify/InventoryItem/a", delta: -1 }, context())),
    ).toBe("action_not_allowed_in_status");
  });
});
