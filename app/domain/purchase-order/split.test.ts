import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "../errors";
import { testDraftOrder, testLine } from "./fixtures";
import { decide } from "./lifecycle";
import type { PurchaseOrderState } from "./order";
import { lineQuantities } from "./quantities";
import { moveLines } from "./split";

let counter = 0;
const newId = () => `new-${(counter += 1)}`;
const context = { now: new Date("2026-01-01T00:00:00Z"), newId };

function sent(quantities: number[], id = "po-1"): PurchaseOrderState {
  const draft = testDraftOrder(
    quantities.map((quantity, index) => testLine(`${id}-l${index}`, quantity)),
    { id },
  );
  return decide(draft, { action: "send", via: "manual" }, context).next;
}

function totals(orders: PurchaseOrderState[]) {
  const sum = { ordered: 0, confirmed: 0, received: 0, rejected: 0, cancelled: 0 };
  for (const order of orders) {
    for (const line of order.lines) {
      const quantities = lineQuantities(line, order.bookings);
      sum.ordered += quantities.ordered;
      sum.confirmed += quantities.confirmed ?? 0;
      sum.received += quantities.received;
      sum.rejected += quantities.rejected;
      sum.cancelled += quantities.cancelled;
    }
  }
  return sum;
}

describe("moving lines between orders", () => {
  it("moves an untouched line whole, removing it from the source", () => {
    const source = sent([5, 3]);
    const target = testDraftOrder([], { id: "po-2" });
    const result = moveLines(source, target, [{ lineId: "po-1-l1" }], newId);
    expect(result.source.next.lines.map((line) => line.id)).toEqual(["po-1-l0"]);
    expect(result.target.next.lines).toMatchObject([{ sku: "SKU-po-1-l1", ordered: 3 }]);
    expect(result.source.audit).toMatchObject({ action: "move_lines_out", fromStatus: "sent", toStatus: "sent" });
    expect(result.target.next.version).toBe(target.version + 1);
  });

  it("keeps received quantities with their receipt and moves only what is pending", () => {
    let source = sent([10, 2]);
    source = decide(source, { action: "confirm_all" }, context).next;
    source = decide(
      source,
      { action: "receive", lines: [{ lineId: "po-1-l0", received: 4, rejected: 1, cancelled: 0, reason: "damaged_returned" }] },
      context,
    ).next;
    const target = sent([1], "po-2");
    const result = moveLines(source, target, [{ lineId: "po-1-l0", unitCost: "3.10" }], newId);
    const kept = result.source.next.lines.find((line) => line.id === "po-1-l0")!;
    expect(lineQuantities(kept, result.source.next.bookings)).toMatchObject({ ordered: 5, confirmed: 5, received: 4, rejected: 1, pending: 0 });
    expect(result.target.next.lines.at(-1)).toMatchObject({ ordered: 5, confirmed: 5, unitCost: "3.10" });
    expect(result.source.next.status).toBe("partially_received"); // the second line is still pending
    expect(result.target.next.status).toBe("partially_confirmed");
  });

  it("refuses a line with nothing pending, an unknown line, and too much", () => {
    const source = sent([2, 2]);
    const target = testDraftOrder([], { id: "po-2" });
    expect(() => moveLines(source, target, [{ lineId: "nope" }, { lineId: "po-1-l0", quantity: 3 }], newId)).toThrow(ValidationError);
    try {
      moveLines(source, target, [{ lineId: "nope" }, { lineId: "po-1-l0", quantity: 3 }], newId);
    } catch (error) {
      expect((error as ValidationError).fieldErrors).toEqual({
        "lines.0.lineId": "Not a line of the source order",
        "lines.1.quantity": "Move a whole number from 1 to 2",
      });
    }
  });

  it("refuses orders whose lines are locked, with guidance", () => {
    const completed = decide(sent([1]), { action: "quick_complete" }, context).next;
    const target = testDraftOrder([], { id: "po-2" });
    expect(() => moveLines(completed, target, [{ lineId: "po-1-l0" }], newId)).toThrow(GuardrailError);
  });

  it("refuses to empty a sent order, and to mix currencies without a price", () => {
    const source = sent([1]);
    expect(() => moveLines(source, testDraftOrder([], { id: "po-2" }), [{ lineId: "po-1-l0" }], newId)).toThrow(GuardrailError);
    const dollars = testDraftOrder([], { id: "po-3", currencyCode: "USD" });
    expect(() => moveLines(sent([1, 1]), dollars, [{ lineId: "po-1-l0" }], newId)).toThrow(ValidationError);
    expect(moveLines(sent([1, 1]), dollars, [{ lineId: "po-1-l0", unitCost: "2" }], newId).target.next.lines).toHaveLength(1);
  });

  it("conserves ordered, confirmed, received, rejected and cancelled across both orders, for any move", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.record({ line: fc.nat(), received: fc.nat({ max: 3 }), rejected: fc.nat({ max: 2 }) }), { maxLength: 3 }),
        fc.array(fc.record({ line: fc.nat(), quantity: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.boolean(),
        (ordered, receipts, moves, confirm) => {
          let source = sent(ordered);
          if (confirm) source = decide(source, { action: "confirm_all" }, context).next;
          for (const receipt of receipts) {
            const line = source.lines[receipt.line % source.lines.length]!;
            try {
              source = decide(
                source,
                {
                  action: "receive",
                  lines: [{ lineId: line.id, received: receipt.received, rejected: receipt.rejected, cancelled: 0, reason: null }],
                },
                context,
              ).next;
            } catch {
              // over-receipts are refused; the walk goes on
            }
          }
          const target = sent([1], "po-2");
          const lineMoves = [...new Map(moves.map((move) => [source.lines[move.line % source.lines.length]!.id, move.quantity])).entries()].map(
            ([lineId, quantity]) => ({ lineId, quantity }),
          );
          let result;
          try {
            result = moveLines(source, target, lineMoves, newId);
          } catch (error) {
            expect(error instanceof ValidationError || error instanceof GuardrailError).toBe(true);
            return;
          }
          expect(totals([result.source.next, result.target.next])).toEqual(totals([source, target]));
          for (const order of [result.source.next, result.target.next]) {
            for (const line of order.lines) expect(lineQuantities(line, order.bookings).pending).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
