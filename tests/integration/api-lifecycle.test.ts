import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { applyEffects, incomingHeld, inventoryLevel } from "../support/effects-shop";
import { createOrderOfVariants } from "../support/orders";

/**
 * The lifecycle actions over REST (`POST /purchase_orders/{id}/{action}`), through the real
 * pipeline: each answers the order, its audit entry and the Shopify effects it staged, the worker
 * applies them to the stand-in, and refusals carry the lifecycle's rule and allowed actions.
 */
const SHOP = "api-lifecycle.myshopify.com";

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(2)]);
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** A draft at the stand-in's location ordering 5 × W-1 and 3 × W-2. */
async function draft(): Promise<{ id: string; lineIds: string[] }> {
  const [first, second] = f.products[0]!.variants;
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [
    { ...first!, quantity: 5 },
    { ...second!, quantity: 3 },
  ]);
  const lines = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
  return { id: order.id, lineIds: lines.map((line) => line.id) };
}

async function act(name: string, id: string, body?: unknown) {
  const result = await f.writer.call(name, { params: { id }, body });
  expect(result.status, `${name}: ${JSON.stringify(result.error)}`).toBe(200);
  await applyEffects(f);
  return result.body;
}

const incoming = (orderId: string, variant: number) => incomingHeld(f, orderId, 0, variant);
// Receipts adjust on hand, which Shopify shows as available (nothing is committed in the stand-in).
const onHand = (variant: number) => inventoryLevel(f, 0, variant).stored.available;

describe("driving an order from draft to completed over REST", () => {
  it("answers each action with the order, the audit entry and the staged effects, and Shopify follows", async () => {
    const { id, lineIds } = await draft();
    const onHandBefore = [onHand(0), onHand(1)];

    const sent = await act("mark_purchase_order_sent", id);
    expect(sent.purchase_order).toMatchObject({ id, status: "sent" });
    expect(sent.audit).toMatchObject({ action: "send", from_status: "draft", to_status: "sent" });
    expect(sent.side_effects.staged.map((effect: { kind: string }) => effect.kind)).toContain("adjust_incoming");
    expect(sent.side_effects.skipped_lines).toEqual([]);
    expect([incoming(id, 0), incoming(id, 1)]).toEqual([5, 3]);

    const confirmed = await act("confirm_purchase_order", id, {
      lines: [
        { line_id: lineIds[0], confirmed: 4 },
        { line_id: lineIds[1], confirmed: 3 },
      ],
    });
    expect(confirmed.purchase_order.status).toBe("confirmed");
    expect(confirmed.purchase_order.lines[0].quantities.confirmed).toBe(4);
    expect(incoming(id, 0)).toBe(4);

    expect((await act("start_purchase_order", id)).purchase_order.status).toBe("in_progress");

    const partial = await act("receive_purchase_order", id, { lines: [{ line_id: lineIds[0], received: 2 }] });
    expect(partial.purchase_order.status).toBe("partially_received");
    expect(partial.purchase_order.lines[0].quantities).toMatchObject({ received: 2, pending: 2 });

    const bookingId = (await f.db.booking.findFirstOrThrow({ where: { purchaseOrderId: id, kind: "receipt" } })).id;
    const reversed = await act("unreceive_purchase_order", id, { booking_id: bookingId });
    expect(reversed.purchase_order.status).toBe("in_progress");

    const received = await act("receive_purchase_order", id, {
      lines: [
        { line_id: lineIds[0], received: 4 },
        { line_id: lineIds[1], received: 2, rejected: 1, reason: "damaged_returned" },
      ],
    });
    expect(received.purchase_order.status).toBe("received");
    // Manual sync (auto-sync is off by default): on hand follows the receipt.
    const synced = await act("sync_purchase_order", id);
    expect(synced.side_effects.staged.map((effect: { kind: string }) => effect.kind)).toContain("adjust_on_hand");
    expect([onHand(0) - onHandBefore[0]!, onHand(1) - onHandBefore[1]!]).toEqual([4, 2]);
    expect([incoming(id, 0), incoming(id, 1)]).toEqual([0, 0]);

    // Complete is asked: Shopify is told the unit costs first, and the worker (run by act) then completes the order.
    const completing = await act("complete_purchase_order", id);
    expect(completing.purchase_order).toMatchObject({
      status: "received",
      completing: { action: "complete", close_remainder: false },
      allowed_actions: [],
    });
    expect(completing.audit).toMatchObject({ action: "complete_requested", from_status: "received", to_status: "received" });
    expect(completing.side_effects.staged.map((effect: { kind: string }) => effect.kind)).toEqual(["update_unit_costs"]);
    const completed = (await f.reader.call("get_purchase_order", { params: { id } })).body;
    expect(completed).toMatchObject({ status: "completed", completing: null });
    expect(completed.allowed_actions).toContain("reopen");
    // Each in the key's name, the completion too (the worker completes it for whoever asked).
    expect(await f.db.auditEntry.count({ where: { purchaseOrderId: id, actorType: "api_key" } })).toBe(9);

    // The history, as a client reads it: the audit log newest first, and every effect applied in Shopify.
    const audit = await f.reader.call("list_purchase_order_audit", { params: { id } });
    expect(audit.body.entries.slice(0, 3).map((entry: { action: string }) => entry.action)).toEqual([
      "complete",
      "complete_requested",
      "sync_to_shopify",
    ]);
    expect(audit.body.entries[0].actor).toEqual({ type: "api_key", id: expect.any(String) });
    const effects = await f.reader.call("list_purchase_order_effects", { params: { id } });
    expect(effects.body.effects.length).toBeGreaterThan(0);
    expect(effects.body.effects.every((effect: { status: string }) => effect.status === "applied")).toBe(true);
    expect((await f.reader.call("list_purchase_order_effects", { params: { id: "no-such-order" } })).status).toBe(404);
  });

  it("pauses and resumes, disputes and resolves, cancels and reopens, each back to where it was", async () => {
    const { id } = await draft();
    await act("mark_purchase_order_sent", id);
    expect((await act("pause_purchase_order", id, { reason: "Supplier on holiday" })).purchase_order.status).toBe("paused");
    expect((await act("resume_purchase_order", id)).purchase_order.status).toBe("sent");
    expect((await act("dispute_purchase_order", id, { reason: "Wrong prices" })).purchase_order.status).toBe("disputed");
    expect((await act("resolve_purchase_order_dispute", id)).purchase_order.status).toBe("sent");
    const cancelled = await act("cancel_purchase_order", id, { reason: "No longer needed" });
    expect(cancelled.purchase_order.status).toBe("cancelled");
    expect(incoming(id, 0)).toBe(0);
    const reopened = await act("reopen_purchase_order", id);
    expect(reopened.purchase_order.status).toBe("sent");
    expect(incoming(id, 0)).toBe(5);
    const audit = await f.db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: id, action: "pause" } });
    expect(JSON.parse(audit.changes ?? "{}")).toMatchObject({ reason: "Supplier on holiday" });
  });

  it("quick-completes, closes deliveries, resets sync and adjusts incoming", async () => {
    const quick = await draft();
    await act("mark_purchase_order_sent", quick.id);
    await act("quick_complete_purchase_order", quick.id);
    const completed = (await f.reader.call("get_purchase_order", { params: { id: quick.id } })).body;
    expect(completed.status).toBe("completed");
    expect(completed.lines.map((line: { quantities: { received: number } }) => line.quantities.received)).toEqual([5, 3]);

    // From Paused too: any sent order not yet completed (issue #3); Shopify ends as for any other.
    const paused = await draft();
    await act("mark_purchase_order_sent", paused.id);
    await act("pause_purchase_order", paused.id, { reason: "Waiting for the invoice" });
    const onHandBefore = onHand(1);
    const fromPaused = await act("quick_complete_purchase_order", paused.id);
    expect(fromPaused.audit).toMatchObject({ action: "complete_requested", from_status: "paused", to_status: "paused" });
    expect((await f.reader.call("get_purchase_order", { params: { id: paused.id } })).body.status).toBe("completed");
    expect([incoming(paused.id, 0), incoming(paused.id, 1), onHand(1) - onHandBefore]).toEqual([0, 0, 3]);

    const closing = await draft();
    await act("mark_purchase_order_sent", closing.id);
    await act("receive_purchase_order", closing.id, { lines: [{ line_id: closing.lineIds[0], received: 5 }] });
    const closed = await act("close_purchase_order_deliveries", closing.id);
    expect(closed.purchase_order.status).toBe("received");
    expect(closed.purchase_order.lines[1].quantities.pending).toBe(0);
    expect(incoming(closing.id, 1)).toBe(0);

    await act("sync_purchase_order", closing.id);
    const reset = await act("reset_purchase_order_sync", closing.id);
    expect(reset.side_effects.staged).toEqual([]);
    expect(await f.db.booking.count({ where: { purchaseOrderId: closing.id, kind: "receipt", syncedAt: { not: null } } })).toBe(0);

    const adjusted = await act("adjust_purchase_order_incoming", quick.id, {
      inventory_item_id: f.products[0]!.variants[0]!.inventoryItemId,
      delta: 2,
    });
    expect(adjusted.side_effects.staged.map((effect: { kind: string }) => effect.kind)).toEqual(["adjust_incoming"]);
    expect(incoming(quick.id, 0)).toBe(2);
  });
});

describe("refusals", () => {
  it("refuses a move the status does not allow with 409, the rule and the allowed actions, and changes nothing", async () => {
    const { id } = await draft();
    const refused = await f.writer.call("complete_purchase_order", { params: { id } });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: "invalid_transition", rule: expect.any(String) });
    expect(refused.error?.allowed_actions).toEqual(expect.arrayContaining(["send", "cancel", "delete"]));
    expect(refused.error?.allowed_actions).not.toContain("complete");
    const order = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } });
    expect([order.status, order.version]).toEqual(["draft", 1]);
  });

  it("refuses email sending without email set up (422 naming what to fix) and a stale expected_version (409)", async () => {
    const { id } = await draft();
    const email = await f.writer.call("send_purchase_order", { params: { id } });
    expect(email.status).toBe(422);
    expect(email.error?.field).toBe("email_settings");
    const stale = await f.writer.call("mark_purchase_order_sent", { params: { id }, body: { expected_version: 7 } });
    expect(stale.status).toBe(409);
    expect(stale.error?.code).toBe("stale_version");
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id }, body: { expected_version: 1 } })).status).toBe(200);
  });

  it("validates action bodies: confirm needs lines or all, receive quantities are whole and not negative, reasons are known", async () => {
    const { id, lineIds } = await draft();
    await act("mark_purchase_order_sent", id);
    const neither = await f.writer.call("confirm_purchase_order", { params: { id }, body: {} });
    expect(neither.status).toBe(422);
    expect(neither.error?.field).toBe("lines");
    const both = await f.writer.call("confirm_purchase_order", {
      params: { id },
      body: { all: true, lines: [{ line_id: lineIds[0], confirmed: 1 }] },
    });
    expect(both.status).toBe(422);
    const negative = await f.writer.call("receive_purchase_order", { params: { id }, body: { lines: [{ line_id: lineIds[0], received: -1 }] } });
    expect(negative.error?.field).toBe("lines.0.received");
    const reason = await f.writer.call("receive_purchase_order", {
      params: { id },
      body: { lines: [{ line_id: lineIds[0], rejected: 1, reason: "bored" }] },
    });
    expect(reason.error?.field).toBe("lines.0.reason");
    // The domain's own rules name the line the same way: more than is pending.
    const tooMany = await f.writer.call("receive_purchase_order", { params: { id }, body: { lines: [{ line_id: lineIds[1], received: 99 }] } });
    expect(tooMany.status).toBe(422);
    expect(Object.keys(tooMany.error?.fields ?? {})[0]).toMatch(/^lines\.0\./);
    // A line may come once per reason; twice under one reason, or more than is pending together, is refused.
    const returned = (reason: string, rejected = 1) => ({ line_id: lineIds[1], rejected, reason });
    const twice = await f.writer.call("receive_purchase_order", {
      params: { id },
      body: { lines: [returned("damaged_returned"), returned("damaged_returned")] },
    });
    expect(twice.error?.fields).toEqual({ "lines.1.line_id": "This line appears twice in the receipt with the same reason" });
    const together = await f.writer.call("receive_purchase_order", {
      params: { id },
      body: { lines: [{ line_id: lineIds[1], received: 2 }, returned("damaged_returned"), returned("quality_issue_returned", 97)] },
    });
    expect(Object.keys(together.error?.fields ?? {})).toEqual(["lines.2.received"]);
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id } })).status).toBe("sent");
    const all = await act("confirm_purchase_order", id, { all: true });
    expect(all.purchase_order.status).toBe("in_progress");
  });
});
