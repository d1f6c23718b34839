import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "../errors";
import { allowedActions, decide, flowStatus, QUANTITY_DRIVEN, type LifecycleCommand } from "./lifecycle";
import { testDraftOrder, testLine } from "./fixtures";
import { type PurchaseOrderState } from "./order";
import { activeBookings, expectedQuantity, lineQuantities } from "./quantities";
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from "./status";

/**
 * Random orders, random sequences of commands (valid and not: wrong statuses, over-receipts,
 * unknown ids, bad reasons), and the invariants the issue asks for, checked after every step.
 */

const START = new Date("2025-03-01T10:00:00.000Z");
const FLOW = QUANTITY_DRIVEN;

function order(ordered: number[]): PurchaseOrderState {
  return testDraftOrder(
    ordered.map((quantity, index) => testLine(`line-${index}`, quantity, { unitCost: "1.00" })),
    {
      number: 1,
    },
  );
}

// A step picks lines and bookings by index; an index past the end stands for an unknown id.
type Step = (state: PurchaseOrderState) => LifecycleCommand;

const lineIdAt = (state: PurchaseOrderState, index: number) => state.lines[index % (state.lines.length + 1)]?.id ?? "no-such-line";
const bookingIdAt = (state: PurchaseOrderState, index: number) => {
  const receipts = state.bookings.filter((booking) => booking.kind === "receipt");
  const candidates = [...receipts, ...state.bookings]; // mostly receipts, sometimes other kinds
  return candidates[index % (candidates.length + 1)]?.id ?? "no-such-booking";
};

const index = fc.nat({ max: 6 });
const small = fc.integer({ min: -1, max: 14 });
const reason = fc.constantFrom<string | null>(null, "accepted", "damaged_returned", "canceled", "not-a-reason");

const receiptLine = fc.record({
  line: index,
  received: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 8 }) }, { weight: 1, arbitrary: small }),
  rejected: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
  cancelled: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: 3 }) }),
  reason,
});

/** A plausible command for one of the actions allowed right now (it may still break a rule). */
function plausible(state: PurchaseOrderState, pick: number, amount: number): LifecycleCommand {
  const allowed = allowedActions(state);
  const action = allowed[pick % Math.max(1, allowed.length)] ?? "send";
  const line = state.lines[pick % Math.max(1, state.lines.length)];
  const lineId = line?.id ?? "no-such-line";
  switch (action) {
    case "edit_header":
      return { action, changes: { note: `note ${amount}` } };
    case "add_line":
      return {
        action,
        line: {
          kind: "custom",
          variantId: null,
          inventoryItemId: null,
          productId: null,
          productTitle: "Extra",
          variantTitle: null,
          sku: null,
          vendor: null,
          notOrdered: false,
          ordered: amount + 1,
          unitCost: "1",
        },
      };
    case "update_line":
      return { action, lineId, ordered: amount + 1 };
    case "remove_line":
      return { action, lineId };
    case "send":
      return { action, via: "email" };
    case "confirm_lines":
      return { action, lines: [{ lineId, confirmed: amount }] };
    case "receive": {
      const pending = line ? lineQuantities(line, state.bookings).pending : 0;
      return {
        action,
        lines: [{ lineId, received: Math.min(pending, amount + 1), rejected: 0, cancelled: 0, reason: "accepted" }],
      };
    }
    case "unreceive": {
      const receipts = state.bookings.filter((booking) => booking.kind === "receipt");
      return { action, bookingId: receipts[pick % Math.max(1, receipts.length)]?.id ?? "no-such-booking" };
    }
    case "complete":
      return { action, closeRemainder: amount % 2 === 0 };
    default:
      return { action } as LifecycleCommand;
  }
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.tuple(fc.nat(), fc.nat({ max: 12 })).map<Step>(
      ([pick, amount]) =>
        (state) =>
          plausible(state, pick, amount),
    ),
  },
  { weight: 4, arbitrary: fc.constant<Step>(() => ({ action: "send", via: "manual" })) },
  {
    weight: 6,
    arbitrary: fc.array(fc.record({ line: index, confirmed: small }), { maxLength: 3 }).map<Step>((entries) => (state) => ({
      action: "confirm_lines",
      lines: entries.map((entry) => ({ lineId: lineIdAt(state, entry.line), confirmed: entry.confirmed })),
    })),
  },
  { weight: 2, arbitrary: fc.constant<Step>(() => ({ action: "confirm_all" })) },
  { weight: 2, arbitrary: fc.constant<Step>(() => ({ action: "start" })) },
  {
    weight: 6,
    arbitrary: fc.tuple(fc.array(receiptLine, { maxLength: 3 }), fc.boolean()).map<Step>(([entries, all]) => (state) => ({
      action: "receive",
      // Often: receive everything pending on one line, so orders reach Received.
      lines: all
        ? state.lines.slice(0, 1).map((line) => ({
            lineId: line.id,
            received: lineQuantities(line, state.bookings).pending,
            rejected: 0,
            cancelled: 0,
            reason: "accepted",
          }))
        : entries.map((entry) => ({
            lineId: lineIdAt(state, entry.line),
            received: entry.received,
            rejected: entry.rejected,
            cancelled: entry.cancelled,
            reason: entry.reason,
          })),
    })),
  },
  {
    weight: 3,
    arbitrary: index.map<Step>((i) => (state) => ({ action: "unreceive", bookingId: bookingIdAt(state, i) })),
  },
  { weight: 2, arbitrary: fc.boolean().map<Step>((closeRemainder) => () => ({ action: "complete", closeRemainder })) },
  { weight: 2, arbitrary: fc.constant<Step>(() => ({ action: "quick_complete" })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<LifecycleCommand["action"]>("pause", "resume", "dispute", "resolve_dispute", "cancel", "reopen")
      .map<Step>((action) => () => ({ action }) as LifecycleCommand),
  },
  { weight: 1, arbitrary: fc.constant<Step>(() => ({ action: "delete" })) },
  {
    weight: 2,
    arbitrary: fc.record({ ordered: fc.integer({ min: 0, max: 12 }), custom: fc.boolean() }).map<Step>(({ ordered, custom }) => () => ({
      action: "add_line",
      line: {
        kind: custom ? "custom" : "variant",
        variantId: custom ? null : "gid://shopify/ProductVariant/99",
        inventoryItemId: null,
        productId: null,
        productTitle: "Added",
        variantTitle: null,
        sku: null,
        vendor: null,
        notOrdered: false,
        ordered,
        unitCost: "2",
      },
    })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(index, small).map<Step>(([i, ordered]) => (state) => ({
      action: "update_line",
      lineId: lineIdAt(state, i),
      ordered,
    })),
  },
  { weight: 1, arbitrary: index.map<Step>((i) => (state) => ({ action: "remove_line", lineId: lineIdAt(state, i) })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        { note: "call first" },
        { locationId: "gid://shopify/Location/2" },
        { locationId: null },
        { supplierId: "supplier-2" },
        { shippingCost: "12.50", tax: "-1" },
        { expectedArrivalAt: new Date("2025-05-01T00:00:00Z") },
      )
      .map<Step>((changes) => () => ({ action: "edit_header", changes })),
  },
);

const scenario = fc.record({
  ordered: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
  // Most walks start by sending, so they spend their steps past the draft.
  sendFirst: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  steps: fc.array(step, { maxLength: 30, size: "max" }),
});

function checkInvariants(state: PurchaseOrderState): void {
  for (const line of state.lines) {
    const quantities = lineQuantities(line, state.bookings);
    expect(quantities.received, "received").toBeGreaterThanOrEqual(0);
    expect(quantities.rejected, "rejected").toBeGreaterThanOrEqual(0);
    expect(quantities.cancelled, "cancelled").toBeGreaterThanOrEqual(0);
    expect(quantities.pending).toBe(Math.max(0, expectedQuantity(line) - quantities.received - quantities.rejected - quantities.cancelled));
    // Receipts are checked against pending, so nothing is ever booked beyond what is expected.
    expect(quantities.received + quantities.rejected + quantities.cancelled).toBeLessThanOrEqual(expectedQuantity(line));
  }
  if (FLOW.includes(state.status)) expect(state.status).toBe(flowStatus(state));
  // Where the order came from is on record whenever it has to go back there.
  if (["paused", "disputed", "completed", "cancelled"].includes(state.status)) expect(state.previousStatus).not.toBeNull();
  else expect(state.previousStatus).toBeNull();
  // Releases (cancel, complete closing the rest) are only in force while cancelled or completed.
  for (const booking of activeBookings(state.bookings)) {
    if (booking.kind === "cancellation") expect(state.status).toBe("cancelled");
    if (booking.kind === "closure") expect(state.status).toBe("completed");
  }
  // Dates follow the status.
  if (state.status !== "draft" && state.status !== "cancelled") expect(state.dates.sentAt).not.toBeNull();
  if (state.status === "confirmed" || state.status === "in_progress") expect(state.dates.confirmedAt).not.toBeNull();
  if (state.status === "in_progress") expect(state.dates.shippedAt).not.toBeNull();
  if (state.status === "received") expect(state.dates.receivedAt).not.toBeNull();
  if (state.status === "partially_received") expect(state.dates.receivedAt).toBeNull();
  if (state.status === "completed") expect(state.dates.completedAt).not.toBeNull();
  if (state.status === "cancelled") expect(state.dates.cancelledAt).not.toBeNull();
  if (state.status !== "completed") expect(state.dates.completedAt).toBeNull();
  if (state.status !== "cancelled") expect(state.dates.cancelledAt).toBeNull();
  // A sent order keeps at least one line (a draft, or a draft cancelled, may have none).
  if (state.dates.sentAt) expect(state.lines.length).toBeGreaterThan(0);
}

const visited = new Set<PurchaseOrderStatus>();
const outcomes = { accepted: 0, guardrail: 0, validation: 0 };
const send: Step = () => ({ action: "send", via: "manual" });

/** Runs one random walk, checking the invariants after every step; `log` says what happened. */
function walk(ordered: number[], steps: Step[], log: string[]): void {
  let state = order(ordered);
  let ids = 0;
  visited.add(state.status);
  checkInvariants(state);
  for (const [position, makeStep] of steps.entries()) {
    const command = makeStep(state);
    log.push(`${state.status}: ${JSON.stringify(command)}`);
    const before = structuredClone(state);
    const context = { now: new Date(START.getTime() + position * 60_000), newId: () => `id-${++ids}` };
    let decision;
    try {
      decision = decide(state, command, context);
    } catch (error) {
      // Refusals are typed, carry the guidance, and change nothing; anything else is a bug.
      if (error instanceof GuardrailError) {
        outcomes.guardrail += 1;
        expect(error.status).toBe(before.status);
        expect(error.allowed).toEqual(allowedActions(before));
      } else if (error instanceof ValidationError) {
        outcomes.validation += 1;
        expect(Object.keys(error.fieldErrors).length).toBeGreaterThan(0);
      } else {
        throw error;
      }
      expect(state).toEqual(before);
      log.push(`  refused: ${error.message}`);
      continue;
    }
    outcomes.accepted += 1;
    expect(state, "decide must not mutate its input").toEqual(before);
    expect(decision.next.version).toBe(before.version + 1);
    // Exactly one audit record per successful action, naming the move it made.
    expect(decision.audit.action).toBe(command.action);
    expect(decision.audit.fromStatus).toBe(before.status);
    expect(decision.audit.toStatus).toBe(decision.next.status);
    if (decision.removal === "hard") {
      expect(before.status).toBe("draft");
      log.push("  → deleted");
      return; // the order is gone
    }
    expect(decision.removal === "soft").toBe(command.action === "delete");
    state = decision.next;
    log.push(`  → ${state.status}`);
    visited.add(state.status);
    checkInvariants(state);
  }
}

describe("lifecycle properties", () => {
  it("keeps every invariant through random sequences of commands", () => {
    fc.assert(
      fc.property(scenario, ({ ordered, sendFirst, steps }) => {
        // Steps are functions, which fast-check cannot print: the failure carries a readable walk.
        const log: string[] = [`order with ordered quantities ${JSON.stringify(ordered)}`];
        try {
          walk(ordered, sendFirst ? [send, ...steps] : steps, log);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new Error(`${message}\nWalk:\n${log.join("\n")}`, { cause: error });
        }
      }),
      // Enough walks that the coverage check below holds for any seed (the recovery and delivery
      // actions made more random steps end in a refusal).
      { numRuns: 320 },
    );
  });

  afterAll(() => {
    // Keep the property honest: the random walks must reach every status and do real work.
    expect([...visited].sort()).toEqual([...PURCHASE_ORDER_STATUSES].sort());
    expect(outcomes.accepted).toBeGreaterThan(1000);
    expect(outcomes.guardrail).toBeGreaterThan(100);
    expect(outcomes.validation).toBeGreaterThan(50);
  });
});
