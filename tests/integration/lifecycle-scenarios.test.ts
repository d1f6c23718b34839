import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, StaleVersionError } from "~/domain/errors";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { loadOrderState, performAction, type LifecycleDeps } from "~/services/purchase-order-lifecycle.server";
import { DEFAULT_INDEX_QUERY } from "~/domain/purchase-order/index-query";
import { searchIndex } from "~/services/purchase-order-search.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/** The lifecycle end to end through the service layer and a real SQLite file. */
const SHOP = "lifecycle.myshopify.com";
const OTHER_SHOP = "other.myshopify.com";
const merchant = { type: "merchant", id: "staff-7" } as const;

let database: TestDatabase;
let deps: LifecycleDeps;
let supplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db };
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
  otherSupplierId = (await installShop(database.db, { domain: OTHER_SHOP }, ["Elsewhere"])).suppliers[0]!.id;
});
afterAll(() => database.cleanup());

function act(orderId: string, command: LifecycleCommand, options = {}, extra: Partial<LifecycleDeps> = {}) {
  return performAction({ ...deps, ...extra }, SHOP, merchant, orderId, command, options);
}

async function newOrder(lines = [10, 4], status: "draft" | "sent" = "draft") {
  const order = await createOrder(database.db, SHOP, supplierId, lines);
  if (status === "sent") await act(order.id, { action: "send", via: "manual" });
  return loadOrderState(database.db, SHOP, order.id);
}

async function quantities(orderId: string) {
  const order = await loadOrderState(database.db, SHOP, orderId);
  return order.lines.map((line) => lineQuantities(line, order.bookings));
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(GuardrailError);
  return (error as GuardrailError).toJSON();
}

async function auditActions(orderId: string) {
  const entries = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });
  return entries.map((entry) => `${entry.action}:${entry.fromStatus}→${entry.toStatus}`);
}

describe("purchase order lifecycle scenarios", () => {
  it("partial confirm, then confirm the rest", async () => {
    const order = await newOrder([10, 4], "sent");
    const [first, second] = order.lines;
    let result = await act(order.id, { action: "confirm_lines", lines: [{ lineId: first!.id, confirmed: 8 }] });
    expect(result.order?.status).toBe("partially_confirmed");
    result = await act(order.id, { action: "confirm_lines", lines: [{ lineId: second!.id, confirmed: 4 }] });
    expect(result.order?.status).toBe("confirmed");
    expect(result.order?.dates.confirmedAt).toBeInstanceOf(Date);
    expect((await quantities(order.id)).map((line) => line.pending)).toEqual([8, 4]);
  });

  it("confirm all → In progress with the shipping date stamped", async () => {
    const order = await newOrder([3], "sent");
    const result = await act(order.id, { action: "confirm_all" });
    expect(result.order).toMatchObject({ status: "in_progress" });
    expect(result.order?.dates.shippedAt).toBeInstanceOf(Date);
    const saved = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(saved.shippedAt).toBeInstanceOf(Date);
    expect(saved.status).toBe("in_progress");
  });

  it("partial receipt with rejected and cancelled → Partially received → receive rest → Received → Complete", async () => {
    const order = await newOrder([10, 4], "sent");
    await act(order.id, { action: "confirm_all" });
    const [a, b] = order.lines;
    let result = await act(order.id, {
      action: "receive",
      lines: [
        { lineId: a!.id, received: 6, rejected: 1, cancelled: 1, reason: "damaged_returned" },
        { lineId: b!.id, received: 0, rejected: 0, cancelled: 0, reason: null },
      ],
    });
    expect(result.order?.status).toBe("partially_received");
    expect(await quantities(order.id)).toMatchObject([
      { received: 6, rejected: 1, cancelled: 1, pending: 2 },
      { received: 0, pending: 4 },
    ]);
    result = await act(order.id, {
      action: "receive",
      lines: [
        { lineId: a!.id, received: 2, rejected: 0, cancelled: 0, reason: "accepted" },
        { lineId: b!.id, received: 4, rejected: 0, cancelled: 0, reason: "accepted" },
      ],
    });
    expect(result.order?.status).toBe("received");
    expect(result.order?.dates.receivedAt).toBeInstanceOf(Date);
    result = await act(order.id, { action: "complete" });
    expect(result.order?.status).toBe("completed");
    const receipts = await database.db.booking.findMany({ where: { purchaseOrderId: order.id, kind: "receipt" } });
    expect(receipts).toHaveLength(2);
    expect(receipts[0]).toMatchObject({ actorType: "merchant", actorId: "staff-7" });
    expect(await auditActions(order.id)).toEqual([
      "send:draft→sent",
      "confirm_all:sent→in_progress",
      "receive:in_progress→partially_received",
      "receive:partially_received→received",
      "complete:received→completed",
    ]);
  });

  it("un-receive after Received goes back to Partially received, keeping the original receipt", async () => {
    const order = await newOrder([5, 5], "sent");
    await act(order.id, { action: "confirm_all" });
    const [a, b] = order.lines;
    await act(order.id, { action: "receive", lines: [{ lineId: a!.id, received: 5, rejected: 0, cancelled: 0, reason: null }] });
    const second = await act(order.id, {
      action: "receive",
      lines: [{ lineId: b!.id, received: 5, rejected: 0, cancelled: 0, reason: null }],
    });
    expect(second.order?.status).toBe("received");
    const receiptId = second.audit.changes.bookingId as string;
    const result = await act(order.id, { action: "unreceive", bookingId: receiptId });
    expect(result.order?.status).toBe("partially_received");
    expect((await quantities(order.id)).map((line) => line.pending)).toEqual([0, 5]);
    const bookings = await database.db.booking.findMany({ where: { purchaseOrderId: order.id } });
    expect(bookings.map((booking) => booking.kind).sort()).toEqual(["receipt", "receipt", "reversal"]);
  });

  it("quick complete from Confirmed receives every outstanding quantity", async () => {
    const order = await newOrder([7, 2], "sent");
    await act(order.id, {
      action: "confirm_lines",
      lines: order.lines.map((line) => ({ lineId: line.id, confirmed: line.ordered - 1 })),
    });
    const result = await act(order.id, { action: "quick_complete" });
    expect(result.order?.status).toBe("completed");
    expect(await quantities(order.id)).toMatchObject([
      { received: 6, pending: 0 },
      { received: 1, pending: 0 },
    ]);
  });

  it("cancel after a partial receipt keeps received quantities and releases pending", async () => {
    const order = await newOrder([10], "sent");
    const [line] = order.lines;
    await act(order.id, { action: "receive", lines: [{ lineId: line!.id, received: 3, rejected: 0, cancelled: 0, reason: null }] });
    const result = await act(order.id, { action: "cancel", reason: "supplier out of stock" });
    expect(result.order?.status).toBe("cancelled");
    expect(await quantities(order.id)).toMatchObject([{ received: 3, cancelled: 7, pending: 0 }]);
  });

  it("reopen from Completed and from Cancelled returns to where the order came from", async () => {
    const completed = await newOrder([10], "sent");
    const [line] = completed.lines;
    await act(completed.id, { action: "receive", lines: [{ lineId: line!.id, received: 4, rejected: 0, cancelled: 0, reason: null }] });
    await act(completed.id, { action: "complete", closeRemainder: true });
    let result = await act(completed.id, { action: "reopen" });
    expect(result.order?.status).toBe("partially_received");
    expect((await quantities(completed.id))[0]).toMatchObject({ received: 4, cancelled: 0, pending: 6 });

    const cancelled = await newOrder([5], "sent");
    await act(cancelled.id, { action: "confirm_all" });
    await act(cancelled.id, { action: "cancel" });
    result = await act(cancelled.id, { action: "reopen" });
    expect(result.order?.status).toBe("in_progress");
    expect((await quantities(cancelled.id))[0]?.pending).toBe(5);
  });

  it("deletes a draft, soft-deletes a cancelled order, and refuses to delete a sent one with guidance", async () => {
    const draft = await newOrder([1]);
    await act(draft.id, { action: "delete" });
    expect(await database.db.purchaseOrder.count({ where: { id: draft.id } })).toBe(0);
    const deletion = await database.db.auditEntry.findFirst({ where: { action: "delete", changes: { contains: `"number":${draft.number}` } } });
    expect(deletion).not.toBeNull();

    const cancelled = await newOrder([1], "sent");
    await act(cancelled.id, { action: "cancel" });
    await act(cancelled.id, { action: "delete" });
    const hidden = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: cancelled.id } });
    expect(hidden.deletedAt).toBeInstanceOf(Date);
    await expect(loadOrderState(database.db, SHOP, cancelled.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await searchIndex(database.db, SHOP, DEFAULT_INDEX_QUERY)).orders.map((order) => order.id)).not.toContain(cancelled.id);
    expect(await auditActions(cancelled.id)).toEqual(["send:draft→sent", "cancel:sent→cancelled", "delete:cancelled→cancelled"]);

    const sent = await newOrder([1], "sent");
    expect(await refusal(act(sent.id, { action: "delete" }))).toMatchObject({
      code: "invalid_transition",
      rule: "action_not_allowed_in_status",
      status: "sent",
      allowed: expect.arrayContaining(["cancel"]),
    });
  });

  it("refuses complete from Partially received, naming the rule and the allowed actions", async () => {
    const order = await newOrder([10], "sent");
    const [line] = order.lines;
    await act(order.id, { action: "receive", lines: [{ lineId: line!.id, received: 2, rejected: 0, cancelled: 0, reason: null }] });
    const before = await loadOrderState(database.db, SHOP, order.id);
    expect(await refusal(act(order.id, { action: "complete" }))).toEqual({
      code: "invalid_transition",
      rule: "completed_is_earned",
      status: "partially_received",
      allowed: expect.arrayContaining(["receive", "quick_complete", "cancel", "pause", "dispute"]),
      message: expect.stringMatching(/complete it and cancel what is still pending/),
    });
    expect(await loadOrderState(database.db, SHOP, order.id)).toEqual(before);
  });

  it("refuses to remove a partly received line", async () => {
    const order = await newOrder([10, 3], "sent");
    const [line] = order.lines;
    await act(order.id, { action: "receive", lines: [{ lineId: line!.id, received: 2, rejected: 0, cancelled: 0, reason: null }] });
    expect(await refusal(act(order.id, { action: "remove_line", lineId: line!.id }))).toMatchObject({
      code: "blocked_by_quantities",
      rule: "received_quantities_block",
    });
    expect(await database.db.purchaseOrderLine.count({ where: { purchaseOrderId: order.id } })).toBe(2);
  });

  it("pause and resume returns to the exact previous status", async () => {
    const order = await newOrder([4, 4], "sent");
    await act(order.id, { action: "confirm_lines", lines: [{ lineId: order.lines[0]!.id, confirmed: 4 }] });
    expect((await act(order.id, { action: "pause" })).order?.status).toBe("paused");
    expect((await act(order.id, { action: "resume" })).order?.status).toBe("partially_confirmed");
    expect((await act(order.id, { action: "dispute", reason: "wrong prices" })).order?.status).toBe("disputed");
    expect((await act(order.id, { action: "resolve_dispute" })).order?.status).toBe("partially_confirmed");
  });

  it("blocks completion when its cost sync refuses, and says why", async () => {
    const order = await newOrder([2], "sent");
    const blocked = new Error("Cost sync needs an exchange rate for EUR → USD; add it in Settings.");
    const costSync = () => {
      throw blocked;
    };
    await expect(act(order.id, { action: "quick_complete" }, {}, { costSync })).rejects.toBe(blocked);
    const after = await loadOrderState(database.db, SHOP, order.id);
    expect(after.status).toBe("sent");
    expect(after.bookings).toHaveLength(0);
  });

  it("refuses an action based on a stale version, changing nothing", async () => {
    const order = await newOrder([2]);
    await act(order.id, { action: "edit_header", changes: { note: "first" } }, { expectedVersion: order.version });
    await expect(act(order.id, { action: "edit_header", changes: { note: "second" } }, { expectedVersion: order.version })).rejects.toBeInstanceOf(
      StaleVersionError,
    );
    expect((await loadOrderState(database.db, SHOP, order.id)).header.note).toBe("first");
  });

  it("counts two receipts posted at once, never overwriting one with the other", async () => {
    const order = await newOrder([10], "sent");
    const [line] = order.lines;
    const receipt: LifecycleCommand = {
      action: "receive",
      lines: [{ lineId: line!.id, received: 3, rejected: 0, cancelled: 0, reason: null }],
    };
    const outcomes = await Promise.allSettled([act(order.id, receipt), act(order.id, receipt)]);
    const succeeded = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    expect((await quantities(order.id))[0]?.received).toBe(3 * succeeded);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toBeInstanceOf(StaleVersionError);
    }
  });

  it("keeps shops apart: another shop cannot read or change an order by id", async () => {
    const order = await newOrder([1]);
    await expect(loadOrderState(database.db, OTHER_SHOP, order.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      performAction(deps, OTHER_SHOP, merchant, order.id, { action: "edit_header", changes: { supplierId: otherSupplierId } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await loadOrderState(database.db, SHOP, order.id)).header.supplierId).toBe(supplierId);
  });
});
