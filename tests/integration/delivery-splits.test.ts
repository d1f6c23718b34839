import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";

/**
 * One line's units split across intake reasons ("6 arrived: 5 accepted, 1 damaged (returned)"),
 * through the receiving screen's action and the REST API over real HTTP: one schema, so the same
 * bad input is refused under the same field names by both and changes nothing; what a submitted
 * split books; and the credit its returns are worth.
 */
const SHOP = "delivery-splits.myshopify.com";

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [{ title: "Bolt", vendor: "Acme", variants: [{ sku: "BOLT-S", price: "1.00", unitCost: "0.40" }] }]);
});
afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** An order of BOLT-S × 6, sent (so it takes deliveries). */
async function sentOrder() {
  const order = await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [{ ...f.products[0]!.variants[0]!, quantity: 6 }]);
  expect((await f.writer.call("mark_purchase_order_sent", { params: { id: order.id }, body: {} })).status).toBe(200);
  const [line] = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id } });
  return { id: order.id, lineId: line!.id, unitCost: line!.unitCost.toString() };
}

/** The receiving screen's action, as its form posts it. */
async function screen(orderId: string, fields: Record<string, string>) {
  const response = await fetch(`${f.server.origin}/app/purchase-orders/${orderId}/receive`, { method: "POST", body: new URLSearchParams(fields) });
  return {
    status: response.status,
    body: (await response.json()) as { kind: string; refusal?: { fieldErrors: Record<string, string> }; saved?: boolean },
  };
}

const FIVE_AND_ONE = [
  { intake_reason: "accepted", quantity: 5 },
  { intake_reason: "damaged_returned", quantity: 1 },
];

async function savedLines(deliveryId: string) {
  return f.db.deliveryLine.findMany({ where: { deliveryId }, include: { splits: { orderBy: { position: "asc" } } }, orderBy: { position: "asc" } });
}

describe("the screen and the API take one split schema", () => {
  const bad: Array<[string, Record<string, unknown>, string[]]> = [
    [
      "a part of no units",
      {
        splits: [
          { intake_reason: "accepted", quantity: 5 },
          { intake_reason: "damaged_returned", quantity: 0 },
        ],
      },
      ["lines.0.splits.1.quantity"],
    ],
    [
      "a part of goods that never came",
      {
        splits: [
          { intake_reason: "accepted", quantity: 5 },
          { intake_reason: "not_delivered", quantity: 1 },
        ],
      },
      ["lines.0.splits.1.intake_reason"],
    ],
    [
      "a reason twice",
      {
        splits: [
          { intake_reason: "accepted", quantity: 5 },
          { intake_reason: "accepted", quantity: 1 },
        ],
      },
      ["lines.0.splits.1.intake_reason"],
    ],
    ["parts that do not add up to what the line says was delivered", { quantity_delivered: 6, splits: FIVE_AND_ONE }, ["lines.0.quantity_delivered"]],
    ["a reason beside the splits", { intake_reason: "accepted", splits: FIVE_AND_ONE }, ["lines.0.intake_reason"]],
    ["a part with an unknown field", { splits: [{ intake_reason: "accepted", quantity: 5, note: "x" }] }, ["lines.0.splits.0.note"]],
  ];

  it.each(bad)("refuses %s under the same field names, saving nothing", async (_case, fields, expected) => {
    const order = await sentOrder();
    const created = await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
    const deliveryId = created.body.id as string;
    const lines = [{ line_id: order.lineId, ...fields }];

    const api = await f.writer.call("update_purchase_order_delivery", { params: { id: order.id, delivery_id: deliveryId }, body: { lines } });
    expect(api.status).toBe(422);
    expect(Object.keys(api.error!.fields!)).toEqual(expected);

    const form = await screen(order.id, { intent: "save", draft: JSON.stringify({ lines, note: null, delivered_at: null }) });
    expect(form.status).toBe(400);
    expect(form.body).toMatchObject({ kind: "invalid", saved: false });
    expect(form.body.refusal!.fieldErrors).toEqual(api.error!.fields);

    expect(await savedLines(deliveryId)).toEqual([]);
  });
});

describe("a split delivery, saved and submitted", () => {
  it("from the screen: saved as parts, a refused review keeps them, submit books 5 received and 1 rejected; the returns credit 1 × the unit cost", async () => {
    const order = await sentOrder();
    const draft = (lines: unknown[]) => JSON.stringify({ lines, note: null, delivered_at: null });
    expect(await screen(order.id, { intent: "save", draft: draft([{ line_id: order.lineId, splits: FIVE_AND_ONE }]) })).toMatchObject({
      status: 200,
      body: { kind: "saved", created: true },
    });
    const [delivery] = await f.db.delivery.findMany({ where: { purchaseOrderId: order.id } });
    const stored = await savedLines(delivery!.id);
    expect(stored.map((line) => [line.quantityDelivered, line.quantityReturned, line.intakeReason])).toEqual([[5, 1, 3]]);
    expect(stored[0]!.splits.map((part) => [part.intakeReason, part.quantity])).toEqual([
      [0, 5],
      [3, 1],
    ]);

    // More than is pending: the review is refused, and the count it saved stays in the draft.
    const tooMany = [{ line_id: order.lineId, splits: [{ intake_reason: "accepted", quantity: 7 }, FIVE_AND_ONE[1]] }];
    const review = await screen(order.id, { intent: "review", draft: draft(tooMany) });
    expect(review.status).toBe(400);
    expect(review.body).toMatchObject({ kind: "invalid", saved: true });
    expect(Object.keys(review.body.refusal!.fieldErrors)).toEqual(["lines.0.quantity_delivered"]);
    expect((await savedLines(delivery!.id)).map((line) => line.splits.map((part) => part.quantity))).toEqual([[7, 1]]);

    expect((await screen(order.id, { intent: "review", draft: draft([{ line_id: order.lineId, splits: FIVE_AND_ONE }]) })).body.kind).toBe("review");
    expect((await screen(order.id, { intent: "submit", deliveredAt: "" })).body.kind).toBe("left");

    const submitted = await f.reader.call("get_purchase_order_delivery", { params: { id: order.id, delivery_id: delivery!.id } });
    expect(submitted.body).toMatchObject({
      status: "submitted",
      lines: [{ quantity_delivered: 5, quantity_returned: 1, intake_reason: "damaged_returned", splits: FIVE_AND_ONE }],
    });
    const booking = await f.db.bookingLine.findMany({ where: { booking: { id: submitted.body.booking_id as string } } });
    expect(booking.map((line) => [line.lineId, line.received, line.rejected, line.reason]).sort()).toEqual([
      [order.lineId, 0, 1, "damaged_returned"],
      [order.lineId, 5, 0, "accepted"],
    ]);

    const credited = await f.writer.call("credit_purchase_order_delivery_returns", { params: { id: order.id, delivery_id: delivery!.id }, body: {} });
    expect(credited.status).toBe(200);
    expect((await f.db.supplierCredit.findUniqueOrThrow({ where: { id: credited.body.credit_id as string } })).amount.toString()).toBe(
      order.unitCost,
    );
  });

  it("through the API: the totals may be left out (taken from the parts) and the booking is the screen's", async () => {
    const order = await sentOrder();
    const created = await f.writer.call("create_purchase_order_delivery", { params: { id: order.id }, body: {} });
    const params = { id: order.id, delivery_id: created.body.id as string };
    const updated = await f.writer.call("update_purchase_order_delivery", {
      params,
      body: { lines: [{ line_id: order.lineId, splits: FIVE_AND_ONE }] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.lines).toMatchObject([{ quantity_delivered: 5, quantity_returned: 1, splits: FIVE_AND_ONE }]);
    const submitted = await f.writer.call("submit_purchase_order_delivery", { params, body: {} });
    expect(submitted.status).toBe(200);
    const booking = await f.db.bookingLine.findMany({ where: { booking: { id: submitted.body.delivery.booking_id as string } } });
    expect(booking.map((line) => [line.received, line.rejected, line.reason]).sort()).toEqual([
      [0, 1, "damaged_returned"],
      [5, 0, "accepted"],
    ]);
  });
});
