import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { testDraftOrder, testLine } from "./fixtures";
import { incomingChanges, incomingTargets, type IncomingPosition } from "./incoming";
import { decide, type LifecycleCommand } from "./lifecycle";
import type { PurchaseOrderState } from "./order";

let ids = 0;
const context = { now: new Date("2026-01-01T00:00:00Z"), newId: () => `b${(ids += 1)}` };
const run = (order: PurchaseOrderState, ...commands: LifecycleCommand[]) =>
  commands.reduce((current, command) => decide(current, command, context).next, order);
const LOCATION = "gid://shopify/Location/1";

function twoLines() {
  return testDraftOrder([testLine("a", 10), testLine("b", 4), testLine("c", 3, { kind: "custom", variantId: null, inventoryItemId: null })]);
}

const byItem = (positions: IncomingPosition[]) => Object.fromEntries(positions.map((p) => [p.inventoryItemId.split("/").pop(), p.quantity]));

describe("incoming targets", () => {
  it("holds nothing as a draft, the ordered quantities once sent, never for custom lines", () => {
    expect(incomingTargets(twoLines())).toEqual([]);
    expect(byItem(incomingTargets(run(twoLines(), { action: "send", via: "manual" })))).toEqual({ a: 10, b: 4 });
  });

  it("follows confirmations, rejections and cancellations, but not unsynced receipts", () => {
    let order = run(twoLines(), { action: "send", via: "manual" }, { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 8 }] });
    expect(byItem(incomingTargets(order))).toEqual({ a: 8, b: 4 });
    order = run(order, { action: "receive", lines: [{ lineId: "a", received: 5, rejected: 1, cancelled: 1, reason: null }] });
    expect(byItem(incomingTargets(order))).toEqual({ a: 6, b: 4 });
    order.bookings = order.bookings.map((booking) => ({ ...booking, syncedAt: context.now }));
    expect(byItem(incomingTargets(order))).toEqual({ a: 1, b: 4 });
  });

  it("holds nothing once cancelled or completed, and again after reopening", () => {
    const sent = run(twoLines(), { action: "send", via: "manual" });
    expect(incomingTargets(run(sent, { action: "cancel" }))).toEqual([]);
    expect(byItem(incomingTargets(run(sent, { action: "cancel" }, { action: "reopen" })))).toEqual({ a: 10, b: 4 });
  });
});

describe("incoming changes", () => {
  it("sends only the difference, and zeroes positions the order no longer holds", () => {
    const held = [
      { inventoryItemId: "a", locationId: LOCATION, quantity: 10 },
      { inventoryItemId: "b", locationId: LOCATION, quantity: 4 },
    ];
    expect(incomingChanges([{ inventoryItemId: "a", locationId: LOCATION, quantity: 7 }], held)).toEqual([
      { inventoryItemId: "a", locationId: LOCATION, quantity: 7, delta: -3 },
      { inventoryItemId: "b", locationId: LOCATION, quantity: 0, delta: -4 },
    ]);
    expect(incomingChanges(held, held)).toEqual([]);
  });

  it("moves everything when the receiving location changes", () => {
    const held = [{ inventoryItemId: "a", locationId: "L1", quantity: 5 }];
    expect(incomingChanges([{ inventoryItemId: "a", locationId: "L2", quantity: 5 }], held)).toEqual([
      { inventoryItemId: "a", locationId: "L2", quantity: 5, delta: 5 },
      { inventoryItemId: "a", locationId: "L1", quantity: 0, delta: -5 },
    ]);
  });

  it("applying the changes to what was held always gives the targets", () => {
    const position = fc.record({ inventoryItemId: fc.constantFrom("a", "b", "c"), locationId: fc.constantFrom("L1", "L2"), quantity: fc.nat(20) });
    const unique = (positions: IncomingPosition[]) => [...new Map(positions.map((p) => [`${p.inventoryItemId}@${p.locationId}`, p])).values()];
    fc.assert(
      fc.property(fc.array(position), fc.array(position), (rawTargets, rawHeld) => {
        const targets = unique(rawTargets);
        const held = unique(rawHeld);
        const result = new Map(held.map((p) => [`${p.inventoryItemId}@${p.locationId}`, p.quantity]));
        for (const change of incomingChanges(targets, held)) {
          const key = `${change.inventoryItemId}@${change.locationId}`;
          result.set(key, (result.get(key) ?? 0) + change.delta);
        }
        for (const target of targets) expect(result.get(`${target.inventoryItemId}@${target.locationId}`) ?? 0).toBe(target.quantity);
        for (const [key, quantity] of result) {
          if (!targets.some((t) => `${t.inventoryItemId}@${t.locationId}` === key)) expect(quantity).toBe(0);
        }
      }),
    );
  });
});
