import { describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "../errors";
import {
  ACTION_LABELS,
  allowedActions,
  decide,
  flowStatus,
  LIFECYCLE,
  LIFECYCLE_ACTIONS,
  MAX_REASON_LENGTH,
  MAX_RECEIPT_NOTE_LENGTH,
  requestCompletion,
  type Decision,
  type LifecycleAction,
  type LifecycleCommand,
  type NewLineInput,
} from "./lifecycle";
import { assertAcceptsDeliveries, deliveriesRefusal } from "../delivery";
import { guardMoneyIn } from "../payments";
import { unitCostWrites } from "./cost-sync";
import { BLANK_SUPPLIER_FIELDS, testDraftOrder, testLine } from "./fixtures";
import type { PurchaseOrderState } from "./order";
import { activeBookings, lineQuantities } from "./quantities";
import { moveLines } from "./split";
import { decideSupplierFields } from "./supplier-fields";
import { PURCHASE_ORDER_STATUSES, STATUS_LABELS, type PurchaseOrderStatus } from "./status";

// ---------------------------------------------------------------------------------------------
// A small order builder: a draft built as data, every other status reached through real commands.
// ---------------------------------------------------------------------------------------------

const START = new Date("2025-03-01T10:00:00.000Z");
const LOCATION = "gid://shopify/Location/1";

const line = testLine;

function draftOrder(overrides: Partial<PurchaseOrderState> = {}): PurchaseOrderState {
  return testDraftOrder([line("a", 10), line("b", 4)], overrides);
}

const newLine: NewLineInput = {
  kind: "variant",
  variantId: "gid://shopify/ProductVariant/c",
  inventoryItemId: "gid://shopify/InventoryItem/c",
  productId: "gid://shopify/Product/c",
  productTitle: "Product c",
  variantTitle: null,
  sku: "SKU-c",
  vendor: null,
  notOrdered: false,
  ordered: 2,
  unitCost: "1.00",
};

/** Runs commands one after another, with a clock that moves a minute per step and unique ids. */
class Session {
  private ids = 0;
  private minutes = 0;
  last: Decision | null = null;

  constructor(public order: PurchaseOrderState = draftOrder()) {}

  context() {
    this.minutes += 1;
    return { now: new Date(START.getTime() + this.minutes * 60_000), newId: () => `new-${++this.ids}` };
  }

  do(...commands: LifecycleCommand[]): this {
    for (const command of commands) {
      this.last = decide(this.order, command, this.context());
      this.order = this.last.next;
    }
    return this;
  }

  /** Decides without keeping the result. */
  try(command: LifecycleCommand): Decision {
    return decide(this.order, command, this.context());
  }

  lastReceiptId(): string {
    const receipt = this.order.bookings.filter((booking) => booking.kind === "receipt").at(-1);
    if (!receipt) throw new Error("no receipt yet");
    return receipt.id;
  }

  quantities(lineId: string) {
    const found = this.order.lines.find((candidate) => candidate.id === lineId);
    if (!found) throw new Error(`no line ${lineId}`);
    return lineQuantities(found, this.order.bookings);
  }
}

const receiptLine = (lineId: string, received: number, rejected = 0, cancelled = 0, reason: string | null = "accepted") => ({
  lineId,
  received,
  rejected,
  cancelled,
  reason,
});

const send: LifecycleCommand = { action: "send", via: "manual" };

/** An order in the given status, reached the way a merchant would get there. */
function sessionIn(status: PurchaseOrderStatus): Session {
  const session = new Session();
  switch (status) {
    case "draft":
      return session;
    case "sent":
      return session.do(send);
    case "partially_confirmed":
      return session.do(send, { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 10 }] });
    case "confirmed":
      return sessionIn("partially_confirmed").do({ action: "confirm_lines", lines: [{ lineId: "b", confirmed: 4 }] });
    case "in_progress":
      return sessionIn("confirmed").do({ action: "start" });
    case "partially_received":
      return sessionIn("in_progress").do({ action: "receive", lines: [receiptLine("a", 3)] });
    case "received":
      return sessionIn("partially_received").do({
        action: "receive",
        lines: [receiptLine("a", 7), receiptLine("b", 4)],
      });
    case "completed":
      return sessionIn("received").do({ action: "complete" });
    case "paused":
      return sessionIn("in_progress").do({ action: "pause", reason: "supplier holiday" });
    case "disputed":
      return sessionIn("in_progress").do({ action: "dispute", reason: "wrong prices" });
    case "cancelled":
      return sessionIn("sent").do({ action: "cancel" });
  }
}

/** A command for each action that is valid whenever the action is allowed on a sessionIn() order. */
function commandFor(action: LifecycleAction, session: Session): LifecycleCommand {
  switch (action) {
    case "edit_header":
      return { action, changes: { note: "Deliver to the back door" } };
    case "add_line":
      return { action, line: newLine };
    case "update_line":
      return { action, lineId: "a", ordered: 12 };
    case "remove_line":
      return { action, lineId: "b" };
    case "send":
      return send;
    case "confirm_lines":
      return { action, lines: [{ lineId: "a", confirmed: 10 }] };
    case "receive":
      return { action, lines: [receiptLine("a", 1)] };
    case "unreceive":
      return {
        action,
        bookingId: session.order.bookings.some((b) => b.kind === "receipt") ? session.lastReceiptId() : "none",
      };
    case "complete":
      return { action, closeRemainder: true };
    case "adjust_incoming":
      return { action, inventoryItemId: "gid://shopify/InventoryItem/a", delta: -1 };
    case "sync_to_shopify":
    case "reset_sync":
    case "close_deliveries":
    case "confirm_all":
    case "start":
    case "quick_complete":
    case "pause":
    case "resume":
    case "dispute":
    case "resolve_dispute":
    case "cancel":
    case "reopen":
    case "delete":
      return { action } as LifecycleCommand;
  }
}

function refusal(run: () => unknown): GuardrailError | ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardrailError || error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected the command to be refused");
}

/** Asserts a guardrail refusal, and that it carries the order's status and allowed actions as guidance. */
function expectGuardrail(session: Session, command: LifecycleCommand, expected: { code: string; rule: string }) {
  const before = structuredClone(session.order);
  const error = refusal(() => session.try(command));
  expect(error).toBeInstanceOf(GuardrailError);
  const guardrail = error as GuardrailError;
  expect({ code: guardrail.code, rule: guardrail.rule }).toEqual(expected);
  expect(guardrail.status).toBe(session.order.status);
  expect(guardrail.allowed).toEqual(allowedActions(session.order));
  expect(guardrail.toJSON()).toMatchObject({ ...expected, status: session.order.status });
  expect(session.order).toEqual(before);
  return guardrail;
}

function expectValidation(session: Session, command: LifecycleCommand): Record<string, string> {
  const before = structuredClone(session.order);
  const error = refusal(() => session.try(command));
  expect(error).toBeInstanceOf(ValidationError);
  expect(session.order).toEqual(before);
  return (error as ValidationError).fieldErrors;
}

// ---------------------------------------------------------------------------------------------
// The matrix: every action from every status.
// ---------------------------------------------------------------------------------------------

/** Allowed actions per status (on the sessionIn() orders) and the status each leads to. */
const EXPECTED: Record<PurchaseOrderStatus, Partial<Record<LifecycleAction, PurchaseOrderStatus>>> = {
  draft: {
    edit_header: "draft",
    add_line: "draft",
    update_line: "draft",
    remove_line: "draft",
    send: "sent",
    cancel: "cancelled",
    delete: "draft",
  },
  sent: {
    edit_header: "sent",
    add_line: "sent",
    update_line: "sent",
    remove_line: "sent",
    confirm_lines: "partially_confirmed",
    confirm_all: "in_progress",
    receive: "partially_received",
    quick_complete: "completed",
    pause: "paused",
    dispute: "disputed",
    cancel: "cancelled",
  },
  partially_confirmed: {
    edit_header: "partially_confirmed",
    add_line: "partially_confirmed",
    update_line: "partially_confirmed",
    // Line a is confirmed; removing unconfirmed line b leaves every line confirmed.
    remove_line: "confirmed",
    confirm_lines: "partially_confirmed",
    confirm_all: "in_progress",
    receive: "partially_received",
    quick_complete: "completed",
    pause: "paused",
    dispute: "disputed",
    cancel: "cancelled",
  },
  confirmed: {
    edit_header: "confirmed",
    // A new line is unconfirmed, so the order is partially confirmed again (status follows quantities).
    add_line: "partially_confirmed",
    update_line: "confirmed",
    remove_line: "confirmed",
    confirm_lines: "confirmed",
    confirm_all: "in_progress",
    start: "in_progress",
    receive: "partially_received",
    quick_complete: "completed",
    pause: "paused",
    dispute: "disputed",
    cancel: "cancelled",
  },
  in_progress: {
    edit_header: "in_progress",
    add_line: "partially_confirmed",
    update_line: "in_progress",
    remove_line: "in_progress",
    receive: "partially_received",
    quick_complete: "completed",
    pause: "paused",
    dispute: "disputed",
    cancel: "cancelled",
  },
  partially_received: {
    edit_header: "partially_received",
    add_line: "partially_received",
    update_line: "partially_received",
    remove_line: "partially_received",
    receive: "partially_received",
    unreceive: "in_progress",
    complete: "completed",
    quick_complete: "completed",
    pause: "paused",
    dispute: "disputed",
    cancel: "cancelled",
  },
  received: {
    edit_header: "received",
    unreceive: "partially_received",
    complete: "completed",
    quick_complete: "completed",
    dispute: "disputed",
    // The issue: "Cancel from any open status" — a received order is not completed yet.
    cancel: "cancelled",
  },
  completed: { reopen: "received", adjust_incoming: "completed" },
  paused: { edit_header: "paused", resume: "in_progress", quick_complete: "completed", cancel: "cancelled" },
  disputed: { edit_header: "disputed", resolve_dispute: "in_progress", quick_complete: "completed", cancel: "cancelled" },
  cancelled: { reopen: "sent", delete: "cancelled", adjust_incoming: "cancelled" },
};
// Closing deliveries releases what is pending: nothing more is expected, so the order is received.
for (const status of ["sent", "partially_confirmed", "confirmed", "in_progress", "partially_received"] as const) {
  EXPECTED[status].close_deliveries = "received";
}
// The recovery actions Sync to Shopify and Sync reset keep the status and are allowed once sent.
for (const status of PURCHASE_ORDER_STATUSES.filter((candidate) => candidate !== "draft")) {
  EXPECTED[status].sync_to_shopify = status;
  EXPECTED[status].reset_sync = status;
}

/** A recovery action allowed in a status is still refused when the sessionIn() order gives it nothing to do. */
function unmetPrecondition(action: LifecycleAction, order: PurchaseOrderState): string | null {
  const unsynced = order.bookings.some((booking) => booking.syncedAt === null && booking.lines.some((line) => line.received !== 0));
  if (action === "sync_to_shopify" && !unsynced) return "nothing_to_sync";
  if (action === "reset_sync" && !order.bookings.some((booking) => booking.syncedAt !== null)) return "nothing_synced";
  return null;
}

describe("the lifecycle matrix", () => {
  it("is the table of moves: LIFECYCLE and allowedActions agree with the expected matrix", () => {
    for (const status of PURCHASE_ORDER_STATUSES) {
      const session = sessionIn(status);
      expect(session.order.status).toBe(status);
      expect(allowedActions(session.order), status).toEqual(LIFECYCLE_ACTIONS.filter((action) => EXPECTED[status][action] !== undefined));
    }
  });

  for (const status of PURCHASE_ORDER_STATUSES) {
    describe(`from ${status}`, () => {
      for (const action of LIFECYCLE_ACTIONS) {
        const expected = EXPECTED[status][action];
        if (expected) {
          it(`${action} → ${expected}`, () => {
            const session = sessionIn(status);
            const before = structuredClone(session.order);
            const command = commandFor(action, session);
            const precondition = unmetPrecondition(action, session.order);
            if (precondition) {
              expectGuardrail(session, command, { code: "precondition_failed", rule: precondition });
              return;
            }
            const decision = session.try(command);
            expect(decision.next.status).toBe(expected);
            expect(decision.next.version).toBe(before.version + 1);
            expect(decision.audit).toMatchObject({ action, fromStatus: status, toStatus: expected });
            expect(session.order, "decide must not mutate its input").toEqual(before);
          });
        } else {
          it(`${action} is refused with the allowed actions`, () => {
            const session = sessionIn(status);
            const guardrail = expectGuardrail(session, commandFor(action, session), {
              code: "invalid_transition",
              rule: "action_not_allowed_in_status",
            });
            expect(guardrail.allowed).toEqual(allowedActions(session.order));
            // Written for the merchant: the action and the status by their names, no machine words.
            expect(guardrail.message).toBe(`${ACTION_LABELS[action]} is not possible while the order is ${STATUS_LABELS[status]}.`);
          });
        }
      }
    });
  }

  it("refuses everything on a soft-deleted order, with nothing allowed", () => {
    const session = sessionIn("cancelled").do({ action: "delete" });
    expect(session.order.deletedAt).not.toBeNull();
    expect(allowedActions(session.order)).toEqual([]);
    for (const action of LIFECYCLE_ACTIONS) {
      const guardrail = expectGuardrail(session, commandFor(action, session), {
        code: "invalid_transition",
        rule: "order_deleted",
      });
      expect(guardrail.allowed).toEqual([]);
    }
  });

  it("names an unknown action as a validation error instead of crashing", () => {
    const session = sessionIn("sent");
    const errors = expectValidation(session, { action: "teleport" } as unknown as LifecycleCommand);
    expect(Object.keys(errors)).toEqual(["action"]);
  });
});

// ---------------------------------------------------------------------------------------------
// The specific rules.
// ---------------------------------------------------------------------------------------------

describe("send", () => {
  it("needs a receiving location", () => {
    const session = new Session(draftOrder({ header: { ...draftOrder().header, locationId: null } }));
    expectGuardrail(session, send, { code: "precondition_failed", rule: "send_requires_location" });
  });

  it("needs at least one line", () => {
    expectGuardrail(new Session(draftOrder({ lines: [] })), send, {
      code: "precondition_failed",
      rule: "send_requires_lines",
    });
  });

  it("needs a supplier", () => {
    const session = new Session(draftOrder({ header: { ...draftOrder().header, supplierId: " " } }));
    expectGuardrail(session, send, { code: "precondition_failed", rule: "send_requires_supplier" });
  });

  it("needs a drop-ship order's shipping address (the end customer's)", () => {
    const shipping = { dropShip: true, hasShippingAddress: false, holdUntil: null };
    expectGuardrail(new Session(draftOrder({ shipping })), send, {
      code: "precondition_failed",
      rule: "send_requires_drop_ship_address",
    });
    const addressed = new Session(draftOrder({ shipping: { ...shipping, hasShippingAddress: true } }));
    expect(addressed.do(send).order.status).toBe("sent");
  });

  it("waits while the order is on hold, and not after", () => {
    const later = new Session(draftOrder({ shipping: { dropShip: false, hasShippingAddress: false, holdUntil: new Date("2999-01-01") } }));
    expectGuardrail(later, send, { code: "precondition_failed", rule: "send_on_hold" });
    const past = new Session(draftOrder({ shipping: { dropShip: false, hasShippingAddress: false, holdUntil: new Date("2000-01-01") } }));
    expect(past.do(send).order.status).toBe("sent");
  });

  it("stamps the sent date and records how it was sent", () => {
    const session = new Session();
    const decision = session.try({ action: "send", via: "email" });
    expect(decision.next.dates.sentAt).toEqual(new Date(START.getTime() + 60_000));
    expect(decision.audit.changes).toEqual({ via: "email" });
  });
});

describe("confirm", () => {
  it("line by line: Partially confirmed, then Confirmed with the confirmed date once every line is", () => {
    const session = sessionIn("sent").do({ action: "confirm_lines", lines: [{ lineId: "a", confirmed: 8 }] });
    expect(session.order.status).toBe("partially_confirmed");
    expect(session.order.dates.confirmedAt).toBeNull();
    session.do({ action: "confirm_lines", lines: [{ lineId: "b", confirmed: 4 }] });
    expect(session.order.status).toBe("confirmed");
    expect(session.order.dates.confirmedAt).not.toBeNull();
    expect(session.quantities("a")).toMatchObject({ ordered: 10, confirmed: 8, pending: 8 });
  });

  it("removing the last unconfirmed line confirms the order and stamps the confirmed date", () => {
    const session = sessionIn("partially_confirmed").do({ action: "remove_line", lineId: "b" });
    expect(session.order.status).toBe("confirmed");
    expect(session.order.dates.confirmedAt).not.toBeNull();
  });

  it("confirm all confirms every line at its ordered quantity, stamps confirmed and shipping dates, → In progress", () => {
    const session = sessionIn("partially_confirmed");
    session.order.lines[0]!.confirmed = 9; // an earlier partial confirmation is kept
    session.do({ action: "confirm_all" });
    expect(session.order.status).toBe("in_progress");
    expect(session.order.lines.map((entry) => entry.confirmed)).toEqual([9, 4]);
    expect(session.order.dates.confirmedAt).not.toBeNull();
    expect(session.order.dates.shippedAt).not.toBeNull();
    expect(session.last?.audit.changes).toEqual({ confirmed: [{ lineId: "b", confirmed: 4 }] });
  });

  it("validates confirmed quantities with field paths", () => {
    const session = sessionIn("sent");
    expect(
      expectValidation(session, {
        action: "confirm_lines",
        lines: [
          { lineId: "a", confirmed: -1 },
          { lineId: "nope", confirmed: 1 },
          { lineId: "b", confirmed: 1.5 },
        ],
      }),
    ).toEqual({
      "lines.0.confirmed": expect.stringMatching(/whole number/),
      "lines.1.lineId": "Not a line of this order",
      "lines.2.confirmed": expect.stringMatching(/whole number/),
    });
    expect(expectValidation(session, { action: "confirm_lines", lines: [] })).toHaveProperty("lines");
  });

  it("refuses the same line twice in one confirmation", () => {
    const errors = expectValidation(sessionIn("sent"), {
      action: "confirm_lines",
      lines: [
        { lineId: "a", confirmed: 3 },
        { lineId: "a", confirmed: 5 },
      ],
    });
    expect(Object.keys(errors)).toEqual(["lines.1.lineId"]);
  });

  it("confirming is possible again once every receipt is un-received (nothing booked any more)", () => {
    const session = sessionIn("sent").do({ action: "receive", lines: [receiptLine("a", 6)] });
    expect(session.order.status).toBe("partially_received");
    // Confirmation is not allowed while receiving; un-receive brings the order back to Sent.
    session.do({ action: "unreceive", bookingId: session.lastReceiptId() });
    expect(session.order.status).toBe("sent");
    expect(session.try({ action: "confirm_lines", lines: [{ lineId: "a", confirmed: 0 }] }).next.status).toBe("partially_confirmed");
  });

  it("start stamps the shipping date", () => {
    const session = sessionIn("confirmed").do({ action: "start" });
    expect(session.order.status).toBe("in_progress");
    expect(session.order.dates.shippedAt).toEqual(session.last?.next.dates.shippedAt);
    expect(session.order.dates.shippedAt).not.toBeNull();
  });
});

describe("receive", () => {
  it("books a receipt record and moves to Partially received, then Received with the received date", () => {
    const session = sessionIn("in_progress").do({
      action: "receive",
      lines: [receiptLine("a", 6, 1, 1, "damaged_returned"), receiptLine("b", 0, 0, 0, null)],
      note: "pallet 1",
    });
    expect(session.order.status).toBe("partially_received");
    expect(session.order.dates.receivedAt).toBeNull();
    const receipt = session.order.bookings.at(-1)!;
    expect(receipt).toMatchObject({ kind: "receipt", locationId: LOCATION, note: "pallet 1", reversesId: null });
    // Lines with nothing on them are not booked.
    expect(receipt.lines).toEqual([{ lineId: "a", received: 6, rejected: 1, cancelled: 1, reason: "damaged_returned" }]);
    expect(session.quantities("a")).toMatchObject({ received: 6, rejected: 1, cancelled: 1, pending: 2 });

    session.do({ action: "receive", lines: [receiptLine("a", 2), receiptLine("b", 4)] });
    expect(session.order.status).toBe("received");
    expect(session.order.dates.receivedAt).toEqual(session.last?.next.bookings.at(-1)?.bookedAt);
  });

  it("refuses a note longer than the API allows, naming it (the screens stored any length)", () => {
    const session = sessionIn("in_progress");
    const lines = [receiptLine("a", 1)];
    expect(expectValidation(session, { action: "receive", lines, note: "x".repeat(MAX_RECEIPT_NOTE_LENGTH + 1) })).toEqual({
      note: `At most ${MAX_RECEIPT_NOTE_LENGTH} characters`,
    });
    expect(session.do({ action: "receive", lines, note: "x".repeat(MAX_RECEIPT_NOTE_LENGTH) }).order.status).toBe("partially_received");
  });

  it("refuses more than is pending, with the field path", () => {
    const session = sessionIn("partially_received"); // a: 3 of 10 received
    expect(expectValidation(session, { action: "receive", lines: [receiptLine("a", 6, 1, 1)] })).toEqual({
      "lines.0.received": "Only 7 are still pending on this line",
    });
  });

  it("refuses a line twice under one reason, an unknown line, a bad reason, negative quantities", () => {
    const session = sessionIn("in_progress");
    expect(
      expectValidation(session, {
        action: "receive",
        lines: [receiptLine("a", 1), receiptLine("a", 1), receiptLine("zzz", 1), receiptLine("b", 1, 0, 0, "lost_in_space"), receiptLine("b", -1)],
      }),
    ).toEqual({
      "lines.1.lineId": "This line appears twice in the receipt with the same reason",
      "lines.2.lineId": "Not a line of this order",
      "lines.3.reason": expect.stringMatching(/^Reason must be one of: accepted, /),
      "lines.4.received": expect.stringMatching(/whole number from 0/),
    });
    // Without a reason, units are accepted ones: beside an "accepted" entry, the same part twice.
    expect(expectValidation(session, { action: "receive", lines: [receiptLine("a", 1, 0, 0, null), receiptLine("a", 1, 0, 0, "accepted")] })).toEqual(
      { "lines.1.lineId": "This line appears twice in the receipt with the same reason" },
    );
  });

  it("books one line under several reasons, one booking line each, and refuses what together exceeds the pending", () => {
    const session = sessionIn("in_progress"); // a: 10 ordered
    const lines = [receiptLine("a", 5), receiptLine("a", 0, 1, 0, "damaged_returned"), receiptLine("a", 0, 2, 0, "quality_issue_returned")];
    expect(
      expectValidation(sessionIn("in_progress"), { action: "receive", lines: [...lines, receiptLine("a", 0, 3, 0, "late_delivery_returned")] }),
    ).toEqual({
      "lines.3.received": "Only 10 are still pending on this line, and this receipt books 11 of it",
    });
    const { order } = session.do({ action: "receive", lines });
    expect(order.bookings.at(-1)!.lines).toEqual([
      { lineId: "a", received: 5, rejected: 0, cancelled: 0, reason: "accepted" },
      { lineId: "a", received: 0, rejected: 1, cancelled: 0, reason: "damaged_returned" },
      { lineId: "a", received: 0, rejected: 2, cancelled: 0, reason: "quality_issue_returned" },
    ]);
    expect(
      lineQuantities(
        order.lines.find((line) => line.id === "a")!,
        order.bookings,
      ),
    ).toMatchObject({ received: 5, rejected: 3, pending: 2 });
  });

  it("refuses a receipt of all zeros", () => {
    expect(
      expectValidation(sessionIn("in_progress"), {
        action: "receive",
        lines: [receiptLine("a", 0), receiptLine("b", 0)],
      }),
    ).toEqual({ lines: "Enter a quantity on at least one line" });
    expect(expectValidation(sessionIn("in_progress"), { action: "receive", lines: [] })).toEqual({
      lines: "Enter a quantity on at least one line",
    });
  });

  it("refuses when nothing is pending", () => {
    const session = sessionIn("confirmed");
    session.order.lines.forEach((entry) => (entry.confirmed = 0));
    expectGuardrail(
      session,
      { action: "receive", lines: [receiptLine("a", 1)] },
      {
        code: "precondition_failed",
        rule: "nothing_to_receive",
      },
    );
  });

  it("books at another location when one is given", () => {
    const session = sessionIn("in_progress").do({
      action: "receive",
      lines: [receiptLine("a", 1)],
      locationId: "gid://shopify/Location/2",
    });
    expect(session.order.bookings.at(-1)?.locationId).toBe("gid://shopify/Location/2");
  });
});

describe("un-receive", () => {
  it("reverses a receipt with a compensating record; after Received the order is Partially received again", () => {
    const session = sessionIn("received");
    const receiptId = session.lastReceiptId();
    session.do({ action: "unreceive", bookingId: receiptId });
    expect(session.order.status).toBe("partially_received");
    expect(session.order.dates.receivedAt).toBeNull();
    const reversal = session.order.bookings.at(-1)!;
    expect(reversal).toMatchObject({ kind: "reversal", reversesId: receiptId });
    expect(reversal.lines).toEqual([
      { lineId: "a", received: -7, rejected: -0, cancelled: -0, reason: "accepted" },
      { lineId: "b", received: -4, rejected: -0, cancelled: -0, reason: "accepted" },
    ]);
    expect(session.order.bookings.find((booking) => booking.id === receiptId)).toBeDefined();
    expect(session.quantities("a")).toMatchObject({ received: 3, pending: 7 });
  });

  it("refuses reversing the same receipt twice", () => {
    const session = sessionIn("received");
    const receiptId = session.lastReceiptId();
    session.do({ action: "unreceive", bookingId: receiptId });
    expectGuardrail(
      session,
      { action: "unreceive", bookingId: receiptId },
      {
        code: "precondition_failed",
        rule: "receipt_already_reversed",
      },
    );
  });

  it("reverses a receipt already pushed to Shopify with a synced reversal (the compensating on-hand change)", () => {
    const session = sessionIn("received");
    session.order.bookings.at(-1)!.syncedAt = new Date("2026-01-01");
    const receiptId = session.lastReceiptId();
    session.do({ action: "unreceive", bookingId: receiptId });
    const reversal = session.order.bookings.at(-1)!;
    expect(reversal).toMatchObject({ kind: "reversal", reversesId: receiptId });
    expect(reversal.syncedAt).toEqual(reversal.bookedAt);
    expect(session.last?.audit.changes).toMatchObject({ compensated: true });
  });

  it("leaves the reversal of an unsynced receipt unsynced: the two cancel out when the sync runs", () => {
    const session = sessionIn("received");
    session.do({ action: "unreceive", bookingId: session.lastReceiptId() });
    expect(session.order.bookings.at(-1)).toMatchObject({ kind: "reversal", syncedAt: null });
    expect(session.last?.audit.changes).toMatchObject({ compensated: false });
  });

  it("refuses what is not a receipt of this order", () => {
    const session = sessionIn("received");
    expect(expectValidation(session, { action: "unreceive", bookingId: "nope" })).toEqual({
      bookingId: "Not a receipt of this order",
    });
  });
});

describe("complete", () => {
  it("is earned: refused from Partially received without closing the rest", () => {
    expectGuardrail(
      sessionIn("partially_received"),
      { action: "complete" },
      {
        code: "invalid_transition",
        rule: "completed_is_earned",
      },
    );
  });

  it("from Received stamps the completed date and remembers where it came from", () => {
    const session = sessionIn("received").do({ action: "complete" });
    expect(session.order).toMatchObject({ status: "completed", previousStatus: "received" });
    expect(session.order.dates.completedAt).not.toBeNull();
    expect(session.order.bookings.some((booking) => booking.kind === "closure")).toBe(false);
  });

  it("closing the rest cancels pending quantities; reopen restores Partially received with pending", () => {
    const session = sessionIn("partially_received").do({ action: "complete", closeRemainder: true });
    expect(session.order.status).toBe("completed");
    expect(session.quantities("a")).toMatchObject({ received: 3, cancelled: 7, pending: 0 });
    expect(session.quantities("b")).toMatchObject({ received: 0, cancelled: 4, pending: 0 });

    session.do({ action: "reopen" });
    expect(session.order).toMatchObject({ status: "partially_received", previousStatus: null });
    expect(session.order.dates.completedAt).toBeNull();
    expect(session.quantities("a")).toMatchObject({ received: 3, cancelled: 0, pending: 7 });
    expect(session.quantities("b")).toMatchObject({ received: 0, cancelled: 0, pending: 4 });
  });

  it("quick complete from Confirmed receives everything outstanding and completes", () => {
    const session = sessionIn("confirmed").do({ action: "quick_complete" });
    expect(session.order.status).toBe("completed");
    expect(session.quantities("a")).toMatchObject({ received: 10, pending: 0 });
    expect(session.quantities("b")).toMatchObject({ received: 4, pending: 0 });
    expect(session.order.dates.receivedAt).not.toBeNull();
    expect(session.order.dates.completedAt).not.toBeNull();
    session.do({ action: "reopen" });
    expect(session.order.status).toBe("received");
  });

  it("quick complete from Sent confirms unconfirmed lines at their ordered quantity", () => {
    const session = sessionIn("sent").do({ action: "quick_complete" });
    expect(session.order.lines.map((entry) => entry.confirmed)).toEqual([10, 4]);
    expect(session.order.dates.confirmedAt).not.toBeNull();
    expect(session.last?.audit.changes).toMatchObject({
      confirmed: [
        { lineId: "a", confirmed: 10 },
        { lineId: "b", confirmed: 4 },
      ],
      received: [expect.objectContaining({ lineId: "a", received: 10 }), expect.objectContaining({ lineId: "b", received: 4 })],
    });
  });
});

describe("pause, dispute and their resolution", () => {
  it.each([
    ["pause", "resume", "paused"],
    ["dispute", "resolve_dispute", "disputed"],
  ] as const)("%s then %s returns to the exact previous status", (hold, release, held) => {
    for (const status of ["sent", "partially_confirmed", "confirmed", "in_progress", "partially_received"] as const) {
      const session = sessionIn(status).do({ action: hold });
      expect(session.order).toMatchObject({ status: held, previousStatus: status });
      session.do({ action: release });
      expect(session.order).toMatchObject({ status, previousStatus: null });
    }
  });

  it("dispute a Received order and resolve it back to Received, keeping the received date", () => {
    const session = sessionIn("received");
    const receivedAt = session.order.dates.receivedAt;
    session.do({ action: "dispute" }, { action: "resolve_dispute" });
    expect(session.order.status).toBe("received");
    expect(session.order.dates.receivedAt).toEqual(receivedAt);
  });

  it.each(["pause", "dispute", "cancel"] as const)(
    "%s refuses a reason longer than the API allows, naming it (the screens stored any length)",
    (action) => {
      const session = sessionIn("sent");
      expect(expectValidation(session, { action, reason: "x".repeat(MAX_REASON_LENGTH + 1) })).toEqual({
        reason: `At most ${MAX_REASON_LENGTH} characters`,
      });
      expect(session.do({ action, reason: "x".repeat(MAX_REASON_LENGTH) }).order.status).not.toBe("sent");
    },
  );

  it("refuses resume when no previous status is on record", () => {
    const session = sessionIn("paused");
    session.order.previousStatus = null;
    expectGuardrail(session, { action: "resume" }, { code: "invalid_transition", rule: "no_previous_status" });
  });
});

describe("cancel and reopen", () => {
  it("cancel releases pending with a cancellation booking and keeps received; reopen restores both", () => {
    const session = sessionIn("partially_received").do({ action: "cancel", reason: " out of stock " });
    expect(session.order).toMatchObject({ status: "cancelled", previousStatus: "partially_received" });
    expect(session.order.dates.cancelledAt).not.toBeNull();
    expect(session.last?.audit.changes).toMatchObject({ reason: "out of stock" });
    expect(session.order.bookings.at(-1)).toMatchObject({ kind: "cancellation" });
    expect(session.quantities("a")).toMatchObject({ received: 3, cancelled: 7, pending: 0 });
    expect(session.quantities("b")).toMatchObject({ received: 0, cancelled: 4, pending: 0 });

    session.do({ action: "reopen" });
    expect(session.order).toMatchObject({ status: "partially_received", previousStatus: null });
    expect(session.order.dates.cancelledAt).toBeNull();
    expect(session.quantities("a")).toMatchObject({ received: 3, cancelled: 0, pending: 7 });
    expect(activeBookings(session.order.bookings).map((booking) => booking.kind)).toEqual(["receipt"]);
  });

  it("a cancelled draft has nothing to release and reopens as a draft", () => {
    const session = new Session().do({ action: "cancel" }, { action: "reopen" });
    expect(session.order.bookings).toEqual([]);
    expect(session.order.status).toBe("draft");
  });

  it("cancel and reopen twice reverses the latest cancellation only", () => {
    const session = sessionIn("sent").do({ action: "cancel" }, { action: "reopen" }, { action: "cancel" }, { action: "reopen" });
    expect(session.order.status).toBe("sent");
    expect(session.order.bookings.map((booking) => booking.kind)).toEqual(["cancellation", "reversal", "cancellation", "reversal"]);
    expect(session.quantities("a")).toMatchObject({ cancelled: 0, pending: 10 });
  });

  it.each([
    ["pause", "resume"],
    ["dispute", "resolve_dispute"],
  ] as const)("cancelled while %sd, reopen returns there and %s still works", (hold, release) => {
    const session = sessionIn("in_progress").do({ action: hold }, { action: "cancel" }, { action: "reopen" });
    expect(session.order.status).toBe(hold === "pause" ? "paused" : "disputed");
    expect(session.quantities("a").pending).toBe(10);
    session.do({ action: release });
    expect(session.order.status).toBe("in_progress");
  });

  it("a Received order can be cancelled (nothing pending to release) and reopened", () => {
    const session = sessionIn("received").do({ action: "cancel" });
    expect(session.order.bookings.some((booking) => booking.kind === "cancellation")).toBe(false);
    expect(session.quantities("a")).toMatchObject({ received: 10, pending: 0 });
    session.do({ action: "reopen" });
    expect(session.order.status).toBe("received");
  });
});

describe("delete", () => {
  it("hard-deletes a draft", () => {
    const decision = new Session().try({ action: "delete" });
    expect(decision.removal).toBe("hard");
    expect(decision.audit.changes).toEqual({ number: 7 });
  });

  it("soft-deletes a cancelled order", () => {
    const decision = sessionIn("cancelled").try({ action: "delete" });
    expect(decision.removal).toBe("soft");
    expect(decision.next.deletedAt).not.toBeNull();
    expect(decision.next.status).toBe("cancelled");
  });

  it("refuses anything else, pointing to cancel", () => {
    const guardrail = expectGuardrail(
      sessionIn("sent"),
      { action: "delete" },
      {
        code: "invalid_transition",
        rule: "action_not_allowed_in_status",
      },
    );
    expect(guardrail.allowed).toContain("cancel");
  });
});

describe("editing lines", () => {
  it("adds a line unconfirmed, with a new id", () => {
    const session = sessionIn("sent").do({ action: "add_line", line: { ...newLine, productTitle: "  Product c " } });
    expect(session.order.lines.at(-1)).toMatchObject({ productTitle: "Product c", confirmed: null, ordered: 2 });
    expect(session.order.lines.at(-1)?.id).toMatch(/^new-/);
  });

  it("validates a new line with field paths", () => {
    expect(
      expectValidation(new Session(), {
        action: "add_line",
        line: { ...newLine, ordered: 0, unitCost: "-1", productTitle: " ", variantId: null },
      }),
    ).toEqual({
      "line.ordered": expect.stringMatching(/whole number from 1/),
      "line.unitCost": expect.any(String),
      "line.productTitle": expect.any(String),
      "line.variantId": expect.any(String),
    });
    expect(expectValidation(new Session(), { action: "add_line", line: { ...newLine, kind: "custom" } })).toHaveProperty("line.variantId");
  });

  it("removing a line with bookings is refused", () => {
    expectGuardrail(
      sessionIn("partially_received"),
      { action: "remove_line", lineId: "a" },
      {
        code: "blocked_by_quantities",
        rule: "received_quantities_block",
      },
    );
  });

  it("a sent order keeps at least one line", () => {
    const session = sessionIn("sent").do({ action: "remove_line", lineId: "b" });
    expectGuardrail(
      session,
      { action: "remove_line", lineId: "a" },
      {
        code: "precondition_failed",
        rule: "sent_order_needs_lines",
      },
    );
    expect(new Session().do({ action: "remove_line", lineId: "a" }, { action: "remove_line", lineId: "b" }).order.lines).toEqual([]);
  });

  it("lowering ordered below what is booked is refused; down to it is fine and the status follows", () => {
    const session = sessionIn("sent").do({ action: "receive", lines: [receiptLine("a", 6)] });
    expectGuardrail(
      session,
      { action: "update_line", lineId: "a", ordered: 5 },
      {
        code: "blocked_by_quantities",
        rule: "received_quantities_block",
      },
    );
    session.do({ action: "update_line", lineId: "a", ordered: 6 }, { action: "remove_line", lineId: "b" });
    expect(session.order.status).toBe("received");
    expect(session.order.dates.receivedAt).not.toBeNull();
  });

  it("lowering confirmed below what is booked is refused", () => {
    // Defence in depth: with consistent data anything booked means Partially received or
    // Received, where confirming is not allowed; an order loaded with a stray booking still holds.
    const session = sessionIn("sent");
    session.order.bookings.push({
      id: "legacy",
      kind: "receipt",
      reversesId: null,
      locationId: LOCATION,
      note: null,
      bookedAt: START,
      syncedAt: null,
      lines: [{ lineId: "a", received: 5, rejected: 0, cancelled: 0, reason: null }],
    });
    expectGuardrail(
      session,
      { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 4 }] },
      {
        code: "blocked_by_quantities",
        rule: "received_quantities_block",
      },
    );
  });

  it("validates update_line with field paths and refuses unknown lines", () => {
    expect(expectValidation(sessionIn("sent"), { action: "update_line", lineId: "a", ordered: 0, unitCost: "x" })).toEqual({
      ordered: expect.stringMatching(/whole number from 1/),
      unitCost: expect.any(String),
    });
    expect(expectValidation(sessionIn("sent"), { action: "update_line", lineId: "zzz", ordered: 3 })).toEqual({
      lineId: "Not a line of this order",
    });
  });

  it("records before and after of a line change", () => {
    const session = sessionIn("sent").do({ action: "update_line", lineId: "a", unitCost: " 3.1 " });
    expect(session.last?.audit.changes).toEqual({
      lineId: "a",
      before: { ordered: 10, unitCost: "2.50" },
      after: { ordered: 10, unitCost: "3.1" },
    });
  });
});

describe("editing the header", () => {
  it("changes the supplier only while a draft", () => {
    expect(new Session().do({ action: "edit_header", changes: { supplierId: "supplier-2" } }).order.header.supplierId).toBe("supplier-2");
    expectGuardrail(
      sessionIn("sent"),
      { action: "edit_header", changes: { supplierId: "supplier-2" } },
      {
        code: "precondition_failed",
        rule: "supplier_locked_after_send",
      },
    );
    // Repeating the current supplier is not a change.
    expect(sessionIn("sent").try({ action: "edit_header", changes: { supplierId: "supplier-1" } }).audit.changes).toEqual({
      before: {},
      after: {},
    });
  });

  it("locks the location once goods are booked there", () => {
    expectGuardrail(
      sessionIn("partially_received"),
      { action: "edit_header", changes: { locationId: "gid://shopify/Location/2" } },
      {
        code: "blocked_by_quantities",
        rule: "location_locked_after_receipt",
      },
    );
  });

  it("unlocks the location once every receipt is un-received, as the refusal promises", () => {
    const session = sessionIn("partially_received");
    session.do({ action: "unreceive", bookingId: session.lastReceiptId() });
    session.do({ action: "edit_header", changes: { locationId: "gid://shopify/Location/2" } });
    expect(session.order.header.locationId).toBe("gid://shopify/Location/2");
  });

  it("a sent order keeps a receiving location, blank included", () => {
    for (const locationId of [null, "", "   "]) {
      expect(expectValidation(sessionIn("sent"), { action: "edit_header", changes: { locationId } })).toEqual({
        locationId: "A sent order needs a receiving location",
      });
    }
    expect(new Session().do({ action: "edit_header", changes: { locationId: " " } }).order.header.locationId).toBeNull();
  });

  it("validates money, notes and reference with field paths", () => {
    expect(
      expectValidation(new Session(), {
        action: "edit_header",
        changes: { shippingCost: "-1", tax: "1.23456", note: "x".repeat(5001), reference: "r".repeat(101) },
      }),
    ).toEqual({
      shippingCost: expect.any(String),
      tax: expect.any(String),
      note: "At most 5000 characters",
      reference: "At most 100 characters",
    });
  });

  it("records only what changed, normalised; dates compare to the millisecond", () => {
    const session = new Session(draftOrder({ header: { ...draftOrder().header, expectedArrivalAt: new Date("2025-04-01T00:00:00.000Z") } }));
    session.do({
      action: "edit_header",
      changes: {
        note: "  hello ",
        reference: "",
        tax: "0",
        expectedArrivalAt: new Date("2025-04-01T00:00:00.500Z"),
      },
    });
    expect(session.last?.audit.changes).toEqual({
      before: { note: null, expectedArrivalAt: new Date("2025-04-01T00:00:00.000Z") },
      after: { note: "hello", expectedArrivalAt: new Date("2025-04-01T00:00:00.500Z") },
    });
  });

  it("refuses an invalid date", () => {
    expect(expectValidation(new Session(), { action: "edit_header", changes: { orderDate: new Date("nope") } })).toEqual({
      orderDate: expect.any(String),
    });
  });
});

describe("every decision", () => {
  const walk: LifecycleCommand[] = [
    send,
    { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 10 }] },
    { action: "confirm_lines", lines: [{ lineId: "b", confirmed: 4 }] },
    { action: "start" },
    { action: "receive", lines: [receiptLine("a", 10)] },
    { action: "receive", lines: [receiptLine("b", 4)] },
    { action: "complete" },
    { action: "reopen" },
    { action: "complete" },
  ];

  it("stamps the lifecycle dates along the way", () => {
    const session = new Session().do(...walk);
    const { dates } = session.order;
    for (const key of ["sentAt", "confirmedAt", "shippedAt", "receivedAt", "completedAt"] as const) {
      expect(dates[key], key).toBeInstanceOf(Date);
    }
    expect(dates.cancelledAt).toBeNull();
    expect(dates.sentAt!.getTime()).toBeLessThan(dates.confirmedAt!.getTime());
    expect(dates.confirmedAt!.getTime()).toBeLessThan(dates.shippedAt!.getTime());
    expect(dates.shippedAt!.getTime()).toBeLessThan(dates.receivedAt!.getTime());
    expect(dates.receivedAt!.getTime()).toBeLessThan(dates.completedAt!.getTime());
  });

  it("increments the version by exactly one, audits one move, and never mutates its input", () => {
    const session = new Session();
    for (const command of walk) {
      const before = structuredClone(session.order);
      const input = session.order;
      const decision = session.try(command);
      expect(input).toEqual(before);
      expect(decision.next).not.toBe(input);
      expect(decision.next.version).toBe(before.version + 1);
      expect(decision.audit).toMatchObject({
        action: command.action,
        fromStatus: before.status,
        toStatus: decision.next.status,
      });
      session.order = decision.next;
    }
  });

  it("keeps the derived status equal to flowStatus through the walk", () => {
    const session = new Session();
    for (const command of walk.slice(0, 6)) {
      session.do(command);
      expect(session.order.status).toBe(flowStatus(session.order));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every refusal's guidance is the table's: the actions LIFECYCLE allows from the status the
// order is in when refused (issue #14: an exchange-rate refusal offered "reopen" on an order that
// could not be reopened, because it was built from the status completing would have led to).
// ---------------------------------------------------------------------------------------------

/** Read straight off the table, not through allowedActions: the actions whose `from` holds the status. */
function allowedByTable(status: PurchaseOrderStatus): string[] {
  return Object.entries(LIFECYCLE)
    .filter(([, move]) => move.from.includes(status))
    .map(([action]) => action)
    .sort();
}

/** The order as reached, and copies of it that each break one precondition. */
function ordersIn(status: PurchaseOrderStatus): PurchaseOrderState[] {
  const order = sessionIn(status).order;
  const variants: PurchaseOrderState[] = [
    order,
    { ...order, header: { ...order.header, locationId: null } },
    { ...order, lines: [] },
    { ...order, lines: order.lines.slice(0, 1) },
    { ...order, shipping: { dropShip: true, hasShippingAddress: false, holdUntil: null } },
    { ...order, shipping: { ...order.shipping, holdUntil: new Date(START.getTime() + 365 * 86_400_000) } },
    { ...order, dates: { ...order.dates, deliveriesClosedAt: START } },
    { ...order, previousStatus: null },
  ];
  // A receipt already un-received, on an order where un-receiving is allowed.
  if (status === "received") variants.push(sessionIn("received").do({ action: "unreceive", bookingId: sessionIn("received").lastReceiptId() }).order);
  return variants.map((variant) => structuredClone(variant));
}

/** Commands that break a rule wherever their action is allowed (besides commandFor's valid one). */
function ruleBreakingCommands(order: PurchaseOrderState): LifecycleCommand[] {
  const reversed = order.bookings.find((booking) => booking.reversesId)?.reversesId ?? "none";
  return [
    { action: "update_line", lineId: "a", ordered: 1 },
    { action: "confirm_lines", lines: [{ lineId: "a", confirmed: 0 }] },
    { action: "remove_line", lineId: "a" },
    { action: "complete" },
    { action: "edit_header", changes: { supplierId: "supplier-2" } },
    { action: "edit_header", changes: { locationId: "gid://shopify/Location/2" } },
    { action: "unreceive", bookingId: reversed },
  ];
}

function guidanceOf(run: () => unknown): GuardrailError | null {
  try {
    run();
  } catch (error) {
    if (error instanceof GuardrailError) return error;
    if (error instanceof ValidationError) return null;
    throw error;
  }
  return null;
}

describe("refusal guidance", () => {
  it("every refusal, for every status × action (preconditions included), allows exactly what the table allows from the status it is in", () => {
    const rules = new Set<string>();
    const expectTableGuidance = (order: PurchaseOrderState, refusal: GuardrailError | null, what: string) => {
      if (!refusal) return;
      rules.add(refusal.rule);
      expect(refusal.status, what).toBe(order.status);
      expect([...refusal.allowed].sort(), what).toEqual(allowedByTable(order.status));
      // The merchant reads the message: no rule names or action keys in it.
      expect(refusal.message, what).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    };
    const other = { ...sessionIn("sent").order, id: "po-2", number: 8 };
    for (const status of PURCHASE_ORDER_STATUSES) {
      for (const order of ordersIn(status)) {
        for (const action of LIFECYCLE_ACTIONS) {
          const session = new Session(order);
          const commands = [commandFor(action, session), ...ruleBreakingCommands(order).filter((command) => command.action === action)];
          for (const command of commands) {
            expectTableGuidance(
              order,
              guidanceOf(() => session.try(command)),
              `${status}: ${JSON.stringify(command)}`,
            );
          }
        }
        // The refusals other parts of the domain raise about an order.
        for (const what of ["payment", "credit"] as const)
          expectTableGuidance(
            order,
            guidanceOf(() => guardMoneyIn(what, order)),
            `${status}: ${what}`,
          );
        expectTableGuidance(
          order,
          guidanceOf(() => moveLines(order, other, [{ lineId: "a", quantity: 1 }], () => "moved")),
          `${status}: move out`,
        );
        expectTableGuidance(
          order,
          guidanceOf(() =>
            moveLines(
              order,
              other,
              order.lines.map((line) => ({ lineId: line.id })),
              () => "moved",
            ),
          ),
          `${status}: move all out`,
        );
        expectTableGuidance(
          order,
          guidanceOf(() =>
            decideSupplierFields(
              { status: order.status, fields: BLANK_SUPPLIER_FIELDS, lines: [], unfulfilledLineIds: [] },
              { holdUntil: "2030-01-01T00:00:00Z" },
            ),
          ),
          `${status}: hold`,
        );
        expectTableGuidance(
          order,
          guidanceOf(() => assertAcceptsDeliveries(order)),
          `${status}: delivery`,
        );
        // Cost sync, as completing runs it: on the order as it is, before the completing action.
        expectTableGuidance(
          order,
          guidanceOf(() => unitCostWrites(order, { shopCurrencyCode: "USD", exchangeRate: null })),
          `${status}: cost sync`,
        );
      }
    }
    // The sweep reached every kind of refusal, not only the status checks.
    expect([...rules].sort()).toEqual(
      [
        "action_not_allowed_in_status",
        "completed_is_earned",
        "deliveries_closed",
        "exchange_rate_required",
        "hold_only_before_send",
        "lines_locked_in_status",
        "location_locked_after_receipt",
        "money_after_send",
        "no_new_money_when_cancelled",
        "no_previous_status",
        "nothing_synced",
        "nothing_to_receive",
        "nothing_to_sync",
        "order_not_receiving",
        "order_not_sent",
        "receipt_already_reversed",
        "received_quantities_block",
        "send_on_hold",
        "send_requires_drop_ship_address",
        "send_requires_lines",
        "send_requires_location",
        "sent_order_needs_lines",
        "supplier_locked_after_send",
      ].sort(),
    );
  });
});

describe("a completion waiting for its cost sync (requestCompletion)", () => {
  const actor = { type: "merchant", id: "staff-1" };
  const sentOrder = () => new Session().do({ action: "send", via: "manual" }).order;

  it("marks the order completing, as asked and by whom, and moves its version; nothing else changes", () => {
    const order = sentOrder();
    const asked = requestCompletion(order, { action: "quick_complete" }, actor, START);
    expect(asked.next).toEqual({ ...order, version: order.version + 1, completing: { since: START, command: { action: "quick_complete" }, actor } });
    expect(asked.audit).toEqual({ action: "complete_requested", fromStatus: "sent", toStatus: "sent", changes: { action: "quick_complete" } });
    expect(asked.removal).toBe("none");
  });

  it("refuses every action while completing, naming the rule, and allows none", () => {
    const completing = requestCompletion(sentOrder(), { action: "complete", closeRemainder: true }, actor, START).next;
    expect(allowedActions(completing)).toEqual([]);
    for (const command of [{ action: "cancel", reason: "x" }, { action: "quick_complete" }, { action: "pause", reason: "x" }] as LifecycleCommand[]) {
      const refusal = guidanceOf(() => decide(completing, command, { now: START, newId: () => "id" }))!;
      expect(refusal).toMatchObject({ rule: "completing", status: "sent", allowed: [] });
      expect(refusal.message).toMatch(/becomes Completed as soon as Shopify has them/);
    }
  });

  it("takes no line moves and no deliveries while completing", () => {
    const source = requestCompletion(sentOrder(), { action: "quick_complete" }, actor, START).next;
    const target = sentOrder();
    const move = () => moveLines(source, { ...target, id: "other" }, [{ lineId: source.lines[0]!.id }], () => "id");
    expect(guidanceOf(move)?.rule).toBe("completing");
    expect(deliveriesRefusal(source)?.rule).toBe("completing");
  });

  it("the command asked is decided as usual once the request is cleared (what the worker does)", () => {
    const completing = requestCompletion(sentOrder(), { action: "quick_complete" }, actor, START).next;
    const decided = decide({ ...completing, completing: null }, { action: "quick_complete" }, { now: START, newId: () => "id" });
    expect(decided.next).toMatchObject({ status: "completed", completing: null });
  });
});
