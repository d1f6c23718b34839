import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { MAX_INVENTORY_CHANGES_PER_EFFECT, purchaseOrderDocumentUri } from "./effects";
import {
  requireIncomingTracking,
  detectDrift,
  detectionStatus,
  hasFixableDrift,
  planFix,
  reconciliationPositions,
  type EffectStatus,
  type IncomingEffect,
  type LedgerHolding,
} from "./reconciliation";

const ITEM = "gid://shopify/InventoryItem/1";
const LOCATION = "gid://shopify/Location/1";
const at = { inventoryItemId: ITEM, locationId: LOCATION };

const holding = (orderId: string, quantity: number, position = at): LedgerHolding => ({ orderId, quantity, ...position });
let effectCount = 0;
const effect = (orderId: string, delta: number, status: EffectStatus = "applied", position = at): IncomingEffect => ({
  id: `effect-${(effectCount += 1)}`,
  orderId,
  status,
  changes: [{ ...position, delta }],
});
const shopify = (quantity: number, position = at) => [{ ...position, quantity }];

/** The corrections of the only row, per order. */
function corrections(report: ReturnType<typeof detectDrift>): Record<string, number> {
  expect(report.rows).toHaveLength(1);
  return Object.fromEntries(report.rows[0]!.documents.filter((d) => d.correction !== 0).map((d) => [d.orderId, d.correction]));
}

describe("reconciliationPositions", () => {
  it("reads every position an order holds and every position an effect ever touched", () => {
    const other = { inventoryItemId: "gid://shopify/InventoryItem/2", locationId: LOCATION };
    expect(reconciliationPositions([holding("a", 3), holding("b", 1)], [effect("c", 5, "applied", other), effect("c", -5, "failed", other)])).toEqual(
      [at, other],
    );
  });
});

describe("detectDrift", () => {
  it("finds nothing when Shopify shows what the orders hold", () => {
    const report = detectDrift({ ledger: [holding("a", 3), holding("b", 2)], effects: [effect("a", 3), effect("b", 2)], shopify: shopify(5) });
    expect(report.rows).toEqual([]);
    expect(detectionStatus(report)).toBe("clean");
    expect(hasFixableDrift(report)).toBe(false);
    expect(planFix(report)).toEqual([]);
  });

  it("takes incoming stuck on a cancelled order (its rollback failed) off that order's document", () => {
    const rollback = effect("cancelled", -4, "failed");
    const report = detectDrift({
      ledger: [holding("open", 6)],
      effects: [effect("open", 6), effect("cancelled", 4), rollback],
      shopify: shopify(10),
    });
    expect(report.rows[0]).toMatchObject({ expected: 6, shopify: 10, drift: 4, kind: "fixable", notOurs: 0 });
    expect(corrections(report)).toEqual({ cancelled: -4 });
    expect(report.failedEffectIds).toEqual([rollback.id]);
    expect(detectionStatus(report)).toBe("drift");
  });

  it("gives an order's document back what a failed effect never added", () => {
    const report = detectDrift({ ledger: [holding("a", 5)], effects: [effect("a", 5, "failed")], shopify: shopify(0) });
    expect(report.rows[0]).toMatchObject({ drift: -5, kind: "fixable" });
    expect(corrections(report)).toEqual({ a: 5 });
  });

  it("corrects each document when a surplus and a shortfall meet at one position", () => {
    // Shopify's total alone (3 shown, 5 expected) would hide that "stuck" holds 3 it should not.
    const report = detectDrift({
      ledger: [holding("open", 5)],
      effects: [effect("stuck", 3), effect("open", 5, "failed")],
      shopify: shopify(3),
    });
    expect(corrections(report)).toEqual({ stuck: -3, open: 5 });
  });

  it("takes stuck incoming off a closed order's document before an open order's surplus, never below what it holds", () => {
    const report = detectDrift({
      ledger: [holding("open", 4)],
      // "open" was sent 6 then confirmed 4, but the confirmation failed: it holds 2 too many.
      effects: [effect("open", 6), effect("open", -2, "failed"), effect("closed", 3)],
      shopify: shopify(7 + 1),
    });
    expect(report.rows[0]).toMatchObject({ drift: 4, kind: "fixable" });
    expect(corrections(report)).toEqual({ closed: -3, open: -1 });
  });

  it("puts incoming a document lost in Shopify back on the orders holding it, largest first, each up to what it holds", () => {
    const report = detectDrift({
      ledger: [holding("small", 2), holding("large", 5)],
      effects: [effect("small", 2), effect("large", 5)],
      shopify: shopify(1),
    });
    expect(report.rows[0]).toMatchObject({ drift: -6, kind: "fixable" });
    expect(corrections(report)).toEqual({ large: 5, small: 1 });
  });

  it("reports incoming none of our documents explain as not ours, and never forces it onto an order", () => {
    const report = detectDrift({ ledger: [holding("a", 2)], effects: [effect("a", 2)], shopify: shopify(9) });
    expect(report.rows[0]).toMatchObject({ drift: 7, kind: "not_ours", notOurs: 7 });
    expect(hasFixableDrift(report)).toBe(false);
    expect(detectionStatus(report)).toBe("drift");
    expect(planFix(report)).toEqual([]);

    const foreignOnFreePosition = detectDrift({ ledger: [], effects: [effect("done", 4), effect("done", -4)], shopify: shopify(3) });
    expect(foreignOnFreePosition.rows[0]).toMatchObject({ expected: 0, drift: 3, kind: "not_ours" });
  });

  it("fixes what is ours and leaves the rest when a position mixes both", () => {
    const report = detectDrift({ ledger: [], effects: [effect("closed", 2)], shopify: shopify(2 + 10) });
    expect(report.rows[0]).toMatchObject({ drift: 12, kind: "partly_fixable", notOurs: 10 });
    expect(corrections(report)).toEqual({ closed: -2 });
  });

  it("reports positions with effects still on their way as pending, not drift", () => {
    const report = detectDrift({ ledger: [holding("a", 5)], effects: [effect("a", 5, "staged")], shopify: shopify(0) });
    expect(report.rows[0]).toMatchObject({ drift: -5, kind: "pending", notOurs: 0 });
    expect(detectionStatus(report)).toBe("clean");
    expect(hasFixableDrift(report)).toBe(false);

    const settled = detectDrift({ ledger: [holding("a", 5)], effects: [], shopify: shopify(0), settling: [at] });
    expect(settled.rows[0]?.kind).toBe("pending");
  });
});

describe("planFix", () => {
  it("stages one effect per order document, at most 250 changes each", () => {
    const positions = Array.from({ length: MAX_INVENTORY_CHANGES_PER_EFFECT + 1 }, (_, i) => ({
      inventoryItemId: `gid://shopify/InventoryItem/${100 + i}`,
      locationId: LOCATION,
    }));
    const report = detectDrift({
      ledger: positions.map((position) => holding("a", 1, position)),
      effects: [...positions.map((position) => effect("a", 1, "failed", position)), effect("b", 2)],
      shopify: [...positions.map((position) => ({ ...position, quantity: 0 })), ...shopify(2)],
    });
    const plan = planFix(report);
    expect(plan.map((order) => [order.orderId, order.effects.map((e) => e.kind === "adjust_incoming" && e.payload.changes.length)])).toEqual([
      ["a", [MAX_INVENTORY_CHANGES_PER_EFFECT, 1]],
      ["b", [1]],
    ]);
    expect(plan[1]!.effects[0]!.payload).toEqual({ referenceDocumentUri: purchaseOrderDocumentUri("b"), changes: [{ ...at, delta: -2 }] });
  });
});

describe("the fix, when our record of each document is right", () => {
  it("brings every order's document to what it should hold, takes none below zero, and leaves only foreign incoming", () => {
    const documents = fc.array(fc.record({ expected: fc.nat(20), actual: fc.nat(20) }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(documents, fc.nat(20), (docs, foreign) => {
        const ids = docs.map((_, i) => `order-${i}`);
        const report = detectDrift({
          ledger: docs.flatMap((doc, i) => (doc.expected > 0 ? [holding(ids[i]!, doc.expected)] : [])),
          effects: docs.flatMap((doc, i) => [effect(ids[i]!, doc.actual), effect(ids[i]!, doc.expected - doc.actual, "failed")]),
          shopify: shopify(docs.reduce((sum, doc) => sum + doc.actual, foreign)),
        });
        const row = report.rows[0];
        if (!row) {
          expect(docs.every((doc) => doc.actual === doc.expected) && foreign === 0).toBe(true);
          return;
        }
        docs.forEach((doc, i) => {
          const correction = row.documents.find((d) => d.orderId === ids[i])?.correction ?? 0;
          expect(doc.actual + correction).toBe(doc.expected);
        });
        expect(row.notOurs).toBe(foreign);
      }),
    );
  });
});

describe("incoming tracking", () => {
  it("must be on to reconcile: with it off, orders keep no ledger to reconcile against", () => {
    expect(() => requireIncomingTracking(true)).not.toThrow();
    expect(() => requireIncomingTracking(false)).toThrow(expect.objectContaining({ rule: "incoming_tracking_off", allowed: ["settings"] }));
  });
});
