import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { drainEffects } from "~/jobs/effects-worker.server";

import { startApiFixture, type ApiFixture } from "../support/api";
import { fixClock } from "../support/clock";

/**
 * What an order costs (docs/decisions/004): each line is owed for (confirmed, else ordered) −
 * cancelled; returned units stay owed until the supplier's credit for them is applied. The order
 * screen's totals, the API (order and summaries), the PO document and its line exports, payments
 * and the paid badge all count it the same way. Issue 14: a completed order with 2 units
 * cancelled, 5 never confirmed and 2 returned still showed the full ordered value as due.
 */
const SHOP = "order-costs.myshopify.com";
fixClock(new Date("2026-11-20T12:00:00Z"));

let f: ApiFixture;
const widget = () => f.products[0]!.variants[0]!;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [{ title: "Widget", vendor: "Acme", variants: [{ sku: "W-1", price: "25.00", unitCost: "9.00" }] }]);
});
afterAll(async () => f.close());
beforeEach(async () => f.refill());

async function ok(name: string, id: string, body: unknown = {}, params: Record<string, string> = {}) {
  const result = await f.writer.call(name, { params: { id, ...params }, body });
  expect(result.status, `${name}: ${JSON.stringify(result.error)}`).toBeLessThan(300);
  return result.body;
}

/** A sent order of 20 widgets at 10.00, no shipping or tax. */
async function sentOrder() {
  const created = await f.writer.call("create_purchase_order", {
    body: { supplier_id: f.supplierId, location_id: f.locationId, items: [{ variant_id: widget().variantId, quantity: 20, unit_cost: "10.00" }] },
  });
  expect(created.status, JSON.stringify(created.error)).toBe(201);
  const { id, lines } = created.body as { id: string; lines: Array<{ id: string }> };
  await ok("mark_purchase_order_sent", id);
  return { id, lineId: lines[0]!.id };
}

const order = async (id: string) => (await f.reader.call("get_purchase_order", { params: { id } })).body;

describe("the issue's order: 5 never confirmed, 2 returned, 2 cancelled by completing", () => {
  it("owes 13 units, shows the 200.00 ordered beside them, and is paid once the returns credit is applied", async () => {
    const { id, lineId } = await sentOrder();
    await ok("confirm_purchase_order", id, { lines: [{ line_id: lineId, confirmed: 15 }] });
    const delivery = (await ok("create_purchase_order_delivery", id)) as { id: string };
    await ok(
      "update_purchase_order_delivery",
      id,
      {
        lines: [
          { line_id: lineId, quantity_delivered: 11 },
          { line_id: lineId, quantity_returned: 2, intake_reason: "damaged_returned" },
        ],
      },
      { delivery_id: delivery.id },
    );
    await ok("submit_purchase_order_delivery", id, {}, { delivery_id: delivery.id });
    await ok("complete_purchase_order", id, { close_remainder: true });
    // The worker writes the unit costs, then completes the order.
    await drainEffects(f.db, SHOP, f.gateway);

    const completed = await order(id);
    expect(completed.status).toBe("completed");
    expect(completed.lines[0]).toMatchObject({
      line_cost: "130.00",
      quantities: { ordered: 20, confirmed: 15, received: 11, rejected: 2, cancelled: 2, pending: 0, owed: 13 },
    });
    expect(completed.totals).toEqual({
      ordered_value: "200.00",
      subtotal: "130.00",
      returned_value: "20.00",
      shipping_cost: "0.00",
      tax: "0.00",
      total: "130.00",
      credits_applied: "0.00",
      paid: "0.00",
      due: "130.00",
    });

    // The summaries (API list, the index) count the same.
    const list = (await f.reader.call("list_purchase_orders", { query: { "search[ids]": id } })).body;
    expect(list.purchase_orders[0]).toMatchObject({ subtotal: "130.00", ordered_value: "200.00" });

    // The PO document and its line exports.
    const { loadPurchaseOrderDocument } = await import("~/services/documents/po-document.server");
    const { purchaseOrderLinesFile } = await import("~/services/documents/po-lines.server");
    const storage = { delete: async () => {} } as never;
    const { document } = await loadPurchaseOrderDocument({ db: f.db, storage }, SHOP, id);
    expect(document.rows[0]).toEqual(["W-1", "", "Widget", "", "13", "10.00", "130.00"]);
    expect(document.totals).toEqual([
      ["Ordered value", "200.00 USD"],
      ["Subtotal", "130.00 USD"],
      ["Tax", "0.00 USD"],
      ["Shipping", "0.00 USD"],
      ["Total", "130.00 USD"],
    ]);
    const csv = await purchaseOrderLinesFile({ db: f.db, storage }, SHOP, id, "csv");
    expect(String(csv.body).split("\r\n")[1]).toBe("W-1,,Widget,,13,10.00,130.00");

    // Paying what is owed less the returned units leaves them due, and more than is owed is refused.
    const refused = await f.writer.call("record_purchase_order_payment", {
      params: { id },
      body: { amount: "130.01", paid_at: "2026-11-20", status: "completed" },
    });
    expect(refused.status).toBe(422);
    await ok("record_purchase_order_payment", id, { amount: "110", paid_at: "2026-11-20", status: "completed" });
    expect((await order(id)).totals.due).toBe("20.00");
    expect((await order(id)).fully_paid).toBe(false);
    const { paidOrderIds } = await import("~/services/payments.server");
    expect(await paidOrderIds(f.db, SHOP, [id])).toEqual([]);

    // The returns credit, applied, settles the returned units: taken off once, through credits applied.
    const credited = (await ok("credit_purchase_order_delivery_returns", id, {}, { delivery_id: delivery.id })) as { credit_id: string };
    const credit = await f.db.supplierCredit.findUniqueOrThrow({ where: { id: credited.credit_id } });
    expect(credit.amount.toString()).toBe("20");
    await ok("apply_purchase_order_credits", id, { applications: [{ credit_id: credit.id, amount: "20" }] });
    const settled = await order(id);
    expect(settled.totals).toMatchObject({ subtotal: "130.00", returned_value: "20.00", credits_applied: "20.00", paid: "110.00", due: "0.00" });
    expect(settled.fully_paid).toBe(true);
    expect(await paidOrderIds(f.db, SHOP, [id])).toEqual([id]);

    // The order page's cost summary, as its loader reads it.
    const { moneyView } = await import("~/services/purchase-order-page.server");
    const money = await moneyView(f.db, SHOP, id);
    expect(money.totals).toMatchObject({ orderedValue: "200.00 USD", orderCost: "130.00 USD", returnedValue: "20.00 USD", totalDue: "0.00 USD" });
    expect(money.paid).toBe(true);
  });
});

describe("units released never count", () => {
  it("closing deliveries leaves only what came owed; cancelling the order leaves nothing owed", async () => {
    const closed = await sentOrder();
    await ok("receive_purchase_order", closed.id, { lines: [{ line_id: closed.lineId, received: 6 }] });
    await ok("close_purchase_order_deliveries", closed.id);
    expect((await order(closed.id)).totals).toMatchObject({ ordered_value: "200.00", subtotal: "60.00", due: "60.00" });

    const cancelled = await sentOrder();
    await ok("cancel_purchase_order", cancelled.id);
    const after = await order(cancelled.id);
    expect(after.lines[0].quantities).toMatchObject({ cancelled: 20, owed: 0 });
    expect(after.totals).toMatchObject({ ordered_value: "200.00", subtotal: "0.00", total: "0.00", due: "0.00" });
    expect(after.fully_paid).toBe(false);

    // Reopening reverses the cancellation: the units are owed again.
    await ok("reopen_purchase_order", cancelled.id);
    expect((await order(cancelled.id)).totals).toMatchObject({ subtotal: "200.00", due: "200.00" });
  });
});
