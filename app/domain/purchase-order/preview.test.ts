import { describe, expect, it } from "vitest";

import { DEFAULT_SETTINGS } from "../settings";
import { planEffects } from "./effect-plan";
import { testDraftOrder, testLine } from "./fixtures";
import { incomingTargets } from "./incoming";
import { decide, type LifecycleCommand } from "./lifecycle";
import type { PurchaseOrderState } from "./order";
import { previewChange } from "./preview";

const NOW = new Date("2025-03-01T10:00:00.000Z");
const MAIN = "gid://shopify/Location/1";
const SECOND = "gid://shopify/Location/2";
let ids = 0;
const context = { now: NOW, newId: () => `id-${++ids}` };

function sent(): PurchaseOrderState {
  return decide(
    testDraftOrder([testLine("a", 10), testLine("b", 4, { sku: null, productTitle: "Mug", variantTitle: "Blue" })]),
    { action: "send", via: "manual" },
    context,
  ).next;
}

/** Decides the command and plans its effects exactly as saving would, from what the order holds in Shopify. */
function preview(order: PurchaseOrderState, command: LifecycleCommand) {
  const decision = decide(order, command, context);
  const plan = planEffects({
    before: order,
    next: decision.next,
    action: command.action,
    settings: DEFAULT_SETTINGS,
    heldIncoming: incomingTargets(order),
    otherOrders: [],
    supplierName: "Acme",
  });
  return previewChange(order, decision.next, plan.effects);
}

describe("previewChange", () => {
  it("quick complete: the units received per line, on hand per location, and incoming cleared", () => {
    // Three of line a were received before, at a second location, and synced.
    const order = decide(
      sent(),
      { action: "receive", locationId: SECOND, lines: [{ lineId: "a", received: 3, rejected: 0, cancelled: 0, reason: null }] },
      { ...context, autoSyncOnReceive: true },
    ).next;
    const result = preview(order, { action: "quick_complete" });
    expect(result).toMatchObject({ statusFrom: "partially_received", statusTo: "completed" });
    expect(result.booked).toEqual([
      {
        lineId: "a",
        sku: "SKU-a",
        productTitle: "Product a",
        variantTitle: null,
        received: 7,
        rejected: 0,
        cancelled: 0,
        reason: "accepted",
        newLine: false,
      },
      {
        lineId: "b",
        sku: null,
        productTitle: "Mug",
        variantTitle: "Blue",
        received: 4,
        rejected: 0,
        cancelled: 0,
        reason: "accepted",
        newLine: false,
      },
    ]);
    expect(result.onHand.map(({ sku, locationId, delta }) => ({ sku, locationId, delta }))).toEqual([
      { sku: "SKU-a", locationId: MAIN, delta: 7 },
      { sku: null, locationId: MAIN, delta: 4 },
    ]);
    expect(result.incoming.map(({ inventoryItemId, locationId, delta }) => ({ inventoryItemId, locationId, delta }))).toEqual([
      { inventoryItemId: "gid://shopify/InventoryItem/a", locationId: MAIN, delta: -7 },
      { inventoryItemId: "gid://shopify/InventoryItem/b", locationId: MAIN, delta: -4 },
    ]);
    expect(result.tagsRemoved).toEqual([
      { productId: "gid://shopify/Product/a", tags: ["on-purchase-order"] },
      { productId: "gid://shopify/Product/b", tags: ["on-purchase-order"] },
    ]);
    expect(result.effectCount).toBe(3);
  });

  it("a receipt of one line under several reasons: plain accepted units on one row, each other reason on its own", () => {
    const result = preview(sent(), {
      action: "receive",
      lines: [
        { lineId: "a", received: 5, rejected: 0, cancelled: 0, reason: "accepted" },
        { lineId: "a", received: 0, rejected: 1, cancelled: 0, reason: "damaged_returned" },
        { lineId: "a", received: 0, rejected: 2, cancelled: 0, reason: "quality_issue_returned" },
        { lineId: "a", received: 2, rejected: 0, cancelled: 0, reason: "late_delivery_accepted" },
      ],
    });
    expect(result.booked.map(({ lineId, received, rejected, reason }) => ({ lineId, received, rejected, reason }))).toEqual([
      { lineId: "a", received: 5, rejected: 0, reason: "accepted" },
      { lineId: "a", received: 0, rejected: 1, reason: "damaged_returned" },
      { lineId: "a", received: 0, rejected: 2, reason: "quality_issue_returned" },
      { lineId: "a", received: 2, rejected: 0, reason: "late_delivery_accepted" },
    ]);
  });

  it("cancel: pending units booked as cancelled, incoming released, nothing on hand", () => {
    const result = preview(sent(), { action: "cancel" });
    expect(result.statusTo).toBe("cancelled");
    expect(result.booked.map(({ lineId, received, cancelled }) => ({ lineId, received, cancelled }))).toEqual([
      { lineId: "a", received: 0, cancelled: 10 },
      { lineId: "b", received: 0, cancelled: 4 },
    ]);
    expect(result.onHand).toEqual([]);
    expect(result.incoming.map((change) => change.delta)).toEqual([-10, -4]);
  });

  it("un-receive of a synced receipt: the reversal counts negative and on hand goes back down", () => {
    const received = decide(
      sent(),
      { action: "receive", lines: [{ lineId: "a", received: 2, rejected: 0, cancelled: 0, reason: null }] },
      { ...context, autoSyncOnReceive: true },
    ).next;
    const receipt = received.bookings.at(-1)!;
    const result = preview(received, { action: "unreceive", bookingId: receipt.id });
    expect(result.booked).toMatchObject([{ lineId: "a", received: -2 }]);
    expect(result.onHand).toMatchObject([{ sku: "SKU-a", locationId: MAIN, delta: -2 }]);
    expect(result.incoming).toMatchObject([{ sku: "SKU-a", delta: 2 }]);
  });

  it("a removed line is still named", () => {
    const result = preview(sent(), { action: "remove_line", lineId: "b" });
    expect(result.incoming).toMatchObject([{ productTitle: "Mug", variantTitle: "Blue", delta: -4 }]);
  });
});
