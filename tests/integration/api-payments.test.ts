import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * An order's payments over REST: list, record, edit, remove, the order's exchange rate, and
 * PATCH /purchase_orders/{id} replacing every payment at once (all or nothing).
 */
const SHOP = "po-payments.myshopify.com";
const OTHER_SHOP = "po-payments-other.myshopify.com";

let f: ApiFixture;
let otherOrderId: string;
let euroSupplierId: string;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [{ title: "Widget", vendor: "Acme", variants: [{ sku: "W-1", price: "5.00", unitCost: "2.50" }] }]);
  euroSupplierId = (await f.db.supplier.create({ data: { shopId: f.shopId, name: "Euro Parts", currencyCode: "EUR" } })).id;
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
  otherOrderId = (await createOrder(f.db, OTHER_SHOP, other.suppliers[0]!.id, [1])).id;
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** A sent order of 10 widgets at 2.50 (total 25.00), so payments may be recorded. */
async function sentOrder(supplierId = f.supplierId): Promise<string> {
  const created = await f.writer.call("create_purchase_order", {
    body: {
      supplier_id: supplierId,
      location_id: f.locationId,
      items: [{ variant_id: f.products[0]!.variants[0]!.variantId, quantity: 10, unit_cost: "2.50" }],
    },
  });
  expect(created.status, JSON.stringify(created.error)).toBe(201);
  expect((await f.writer.call("mark_purchase_order_sent", { params: { id: created.body.id }, body: {} })).status).toBe(200);
  return created.body.id as string;
}

const paymentsOf = (orderId: string) => f.db.payment.findMany({ where: { purchaseOrderId: orderId }, orderBy: { paidAt: "asc" } });

async function record(orderId: string, body: Record<string, unknown>) {
  const result = await f.writer.call("record_purchase_order_payment", { params: { id: orderId }, body });
  expect(result.status, JSON.stringify(result.error)).toBe(201);
  return result.body.payment as { id: string };
}

describe("record, list, edit and remove payments", () => {
  it("records a payment, and shows it with the order's paid and due", async () => {
    const orderId = await sentOrder();
    const result = await f.writer.call("record_purchase_order_payment", {
      params: { id: orderId },
      body: { amount: "10", paid_at: "2026-03-02", status: "completed", method: "Wire", reference: "TX-1" },
    });
    expect(result.status).toBe(201);
    expect(result.body.payment).toMatchObject({
      amount: "10",
      currency_code: "USD",
      method: "Wire",
      status: "completed",
      amount_in_order_currency: "10.00",
    });
    expect(result.body.purchase_order.totals).toMatchObject({ total: "25.00", paid: "10.00", due: "15.00" });
    const [saved] = await paymentsOf(orderId);
    expect([saved?.amount.toString(), saved?.reference, saved?.paidAt.toISOString()]).toEqual(["10", "TX-1", "2026-03-02T00:00:00.000Z"]);

    const list = await f.reader.call("list_purchase_order_payments", { params: { id: orderId } });
    expect(list.status).toBe(200);
    expect(list.body.payments.map((payment: { id: string }) => payment.id)).toEqual([saved!.id]);
    expect(list.body.totals).toMatchObject({ paid: "10.00", due: "15.00" });
    expect(list.body.fully_paid).toBe(false);
  });

  it("refuses money on a draft (409 with guidance), an overpayment unless allowed, and bad or unknown fields", async () => {
    const created = await f.writer.call("create_purchase_order", {
      body: { supplier_id: f.supplierId, items: [{ variant_id: f.products[0]!.variants[0]!.variantId, quantity: 1 }] },
    });
    const draft = await f.writer.call("record_purchase_order_payment", {
      params: { id: created.body.id },
      body: { amount: "1", paid_at: "2026-03-02", status: "completed" },
    });
    expect(draft.status).toBe(409);
    expect(draft.error).toMatchObject({ rule: "money_after_send" });
    expect(draft.error?.allowed_actions).toContain("send");

    const orderId = await sentOrder();
    const over = await f.writer.call("record_purchase_order_payment", {
      params: { id: orderId },
      body: { amount: "30", paid_at: "2026-03-02", status: "completed" },
    });
    expect(over.status).toBe(422);
    expect(over.error?.field).toBe("amount");
    await record(orderId, { amount: "30", paid_at: "2026-03-02", status: "completed", allow_overpayment: true });

    const badDate = await f.writer.call("record_purchase_order_payment", {
      params: { id: orderId },
      body: { amount: "1", paid_at: "yesterday", status: "completed" },
    });
    expect(badDate.status).toBe(422);
    expect(badDate.error?.field).toBe("paid_at");
    const foreign = await f.writer.call("record_purchase_order_payment", {
      params: { id: orderId },
      body: { amount: "1", paid_at: "2026-03-02", status: "completed", currency_code: "EUR" },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.error?.field).toBe("exchange_rate");
    const unknown = await f.writer.call("record_purchase_order_payment", {
      params: { id: orderId },
      body: { amount: "1", paid_at: "2026-03-02", status: "completed", payee: "Acme" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("payee");
    expect(await paymentsOf(orderId)).toHaveLength(1);
  });

  it("edits only the fields given, and removes a payment", async () => {
    const orderId = await sentOrder();
    const payment = await record(orderId, { amount: "5", paid_at: "2026-03-02", status: "pending", method: "Card" });
    const edited = await f.writer.call("update_purchase_order_payment", {
      params: { id: orderId, payment_id: payment.id },
      body: { status: "completed" },
    });
    expect(edited.status, JSON.stringify(edited.error)).toBe(200);
    expect(edited.body.purchase_order.totals.paid).toBe("5.00");
    const [saved] = await paymentsOf(orderId);
    expect([saved?.status, saved?.amount.toString(), saved?.method]).toEqual(["completed", "5", "Card"]);

    const removed = await f.writer.call("remove_purchase_order_payment", { params: { id: orderId, payment_id: payment.id } });
    expect(removed.status).toBe(200);
    expect(removed.body.totals.paid).toBe("0.00");
    expect(await paymentsOf(orderId)).toHaveLength(0);
    expect((await f.writer.call("remove_purchase_order_payment", { params: { id: orderId, payment_id: payment.id } })).status).toBe(404);
  });

  it("refuses a read key on writes and another shop's order", async () => {
    const orderId = await sentOrder();
    const body = { amount: "1", paid_at: "2026-03-02", status: "completed" };
    expect((await f.reader.call("record_purchase_order_payment", { params: { id: orderId }, body })).status).toBe(403);
    expect((await f.writer.call("record_purchase_order_payment", { params: { id: otherOrderId }, body })).status).toBe(404);
    expect((await f.reader.call("list_purchase_order_payments", { params: { id: otherOrderId } })).status).toBe(404);
    expect(await f.db.payment.count({ where: { purchaseOrderId: { in: [orderId, otherOrderId] } } })).toBe(0);
  });
});

describe("set_purchase_order_exchange_rate", () => {
  it("sets the rate of an order in another currency, and refuses one for an order in the shop's", async () => {
    const euroOrder = await sentOrder(euroSupplierId);
    const result = await f.writer.call("set_purchase_order_exchange_rate", { params: { id: euroOrder }, body: { exchange_rate: "1.085" } });
    expect(result.status, JSON.stringify(result.error)).toBe(200);
    expect(result.body).toMatchObject({ currency_code: "EUR", shop_currency_code: "USD", exchange_rate: "1.085" });
    expect((await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: euroOrder } })).exchangeRate?.toString()).toBe("1.085");

    // A payment in USD on the EUR order counts through the order's rate: 21.70 USD = 20.00 EUR.
    const payment = await record(euroOrder, { amount: "21.70", paid_at: "2026-03-02", status: "completed", currency_code: "USD" });
    const list = await f.reader.call("list_purchase_order_payments", { params: { id: euroOrder } });
    expect(list.body.payments).toEqual([expect.objectContaining({ id: payment.id, amount_in_order_currency: "20.00" })]);

    const usdOrder = await sentOrder();
    const refused = await f.writer.call("set_purchase_order_exchange_rate", { params: { id: usdOrder }, body: { exchange_rate: "1.1" } });
    expect(refused.status).toBe(422);
    expect(refused.error?.field).toBe("exchange_rate");
  });
});

describe("update_purchase_order with payments", () => {
  it("replaces the payments: edits one, records one, removes the one left out, in one call", async () => {
    const orderId = await sentOrder();
    const kept = await record(orderId, { amount: "4", paid_at: "2026-03-01", status: "pending" });
    const dropped = await record(orderId, { amount: "6", paid_at: "2026-03-02", status: "completed" });
    const result = await f.writer.call("update_purchase_order", {
      params: { id: orderId },
      body: {
        payments: [
          { id: kept.id, status: "completed" },
          { amount: "11", paid_at: "2026-03-05", status: "completed", reference: "TX-9" },
        ],
      },
    });
    expect(result.status, JSON.stringify(result.error)).toBe(200);
    expect(result.body.totals).toMatchObject({ paid: "15.00", due: "10.00" });
    const saved = await paymentsOf(orderId);
    expect(saved.map((payment) => [payment.id === kept.id, payment.amount.toString(), payment.status, payment.reference])).toEqual([
      [true, "4", "completed", null],
      [false, "11", "completed", "TX-9"],
    ]);
    expect(saved.some((payment) => payment.id === dropped.id)).toBe(false);
  });

  it("checks overpayment against the new lines, and a refused payment changes the lines neither", async () => {
    const orderId = await sentOrder();
    const [line] = await f.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: orderId } });
    // 4 × 2.50 = 10.00 after the change: paying 12 would overpay.
    const refused = await f.writer.call("update_purchase_order", {
      params: { id: orderId },
      body: { items: [{ id: line!.id, quantity: 4 }], payments: [{ amount: "12", paid_at: "2026-03-05", status: "completed" }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.error?.field).toBe("payments");
    expect((await f.db.purchaseOrderLine.findUniqueOrThrow({ where: { id: line!.id } })).quantityOrdered).toBe(10);
    expect(await paymentsOf(orderId)).toHaveLength(0);

    const unknown = await f.writer.call("update_purchase_order", {
      params: { id: orderId },
      body: { payments: [{ id: "no-such-payment", status: "completed" }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("payments.0.id");

    const paid = await f.writer.call("update_purchase_order", {
      params: { id: orderId },
      body: { items: [{ id: line!.id, quantity: 4 }], payments: [{ amount: "10", paid_at: "2026-03-05", status: "completed" }] },
    });
    expect(paid.status, JSON.stringify(paid.error)).toBe(200);
    expect(paid.body.fully_paid).toBe(true);
    expect(paid.body.totals).toMatchObject({ total: "10.00", paid: "10.00", due: "0.00" });
  });
});
