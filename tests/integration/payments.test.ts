import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, StaleVersionError, ValidationError } from "~/domain/errors";
import {
  loadOrderMoney,
  paidOrderIds,
  recordPayment,
  removePayment,
  setExchangeRate,
  updatePayment,
  type PaymentRequest,
} from "~/services/payments.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShopAndNeighbour } from "../support/shopify";

/** Payments through the service layer on a real SQLite file. */
const SHOP = "payments.myshopify.com";
const OTHER_SHOP = "payments-other.myshopify.com";
const merchant = { type: "merchant", id: "staff-3" } as const;

let database: TestDatabase;
let supplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ supplierId, otherSupplierId } = await installShopAndNeighbour(database.db, SHOP, OTHER_SHOP));
});
afterAll(() => database.cleanup());

/** A sent order of 4 × 2.50 + 5 shipping + 5 tax = 20.00 USD. */
async function sentOrder(shop = SHOP, supplier = supplierId) {
  const order = await createOrder(database.db, shop, supplier, [4]);
  await database.db.purchaseOrder.update({ where: { id: order.id }, data: { shippingCost: "5", tax: "5" } });
  await performAction({ db: database.db }, shop, merchant, order.id, { action: "send", via: "manual" });
  return order.id;
}

const completed = (amount: string, extra: Partial<PaymentRequest> = {}): PaymentRequest => ({
  amount,
  paidAt: "2026-03-31",
  status: "completed",
  method: "Bank transfer",
  ...extra,
});

async function money(orderId: string) {
  const { money: derived } = await loadOrderMoney(database.db, SHOP, orderId);
  return {
    total: derived.total.toFixed(2),
    paid: derived.totalPaid.toFixed(2),
    due: derived.totalDue.toFixed(2),
    isPaid: derived.paid,
  };
}

async function thrown(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected the change to be refused");
    },
    (error: unknown) => error,
  );
}

async function fieldErrors(promise: Promise<unknown>) {
  const error = await thrown(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

async function audit(orderId: string) {
  const entries = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });
  return entries.map((entry) => ({
    action: entry.action,
    changes: JSON.parse(entry.changes ?? "null") as Record<string, unknown>,
  }));
}

describe("payments", () => {
  it("records a payment, counts it when completed, and audits it on the order", async () => {
    const orderId = await sentOrder();
    await recordPayment(database.db, SHOP, merchant, orderId, completed("12.5", { reference: "TX-1" }));
    await recordPayment(database.db, SHOP, merchant, orderId, completed("7.50", { status: "pending" }));
    expect(await money(orderId)).toEqual({ total: "20.00", paid: "12.50", due: "7.50", isPaid: false });
    const entries = (await audit(orderId)).filter((entry) => entry.action === "record_payment");
    expect(entries).toHaveLength(2);
    expect(entries[0]!.changes).toMatchObject({
      amount: "12.5",
      currencyCode: "USD",
      status: "completed",
      reference: "TX-1",
      allowOverpayment: false,
    });
  });

  it("refuses an overpayment with nothing saved, and records it when explicitly allowed", async () => {
    const orderId = await sentOrder();
    await recordPayment(database.db, SHOP, merchant, orderId, completed("15"));
    const errors = await fieldErrors(recordPayment(database.db, SHOP, merchant, orderId, completed("5.01")));
    expect(errors.amount).toMatch(/total paid to 20.01 USD, above the 20.00 USD owed.*Allow overpayment/);
    expect(await database.db.payment.count({ where: { purchaseOrderId: orderId } })).toBe(1);

    await recordPayment(database.db, SHOP, merchant, orderId, completed("5.01", { allowOverpayment: true }));
    expect(await money(orderId)).toEqual({ total: "20.00", paid: "20.01", due: "-0.01", isPaid: true });
    expect((await audit(orderId)).at(-1)!.changes).toMatchObject({ allowOverpayment: true });
  });

  it("refuses a payment in another currency without its exchange rate, naming the field", async () => {
    const orderId = await sentOrder();
    const errors = await fieldErrors(recordPayment(database.db, SHOP, merchant, orderId, completed("10", { currencyCode: "EUR" })));
    expect(errors).toEqual({ exchangeRate: "A payment in EUR needs its exchange rate to the shop's currency (USD)" });
    expect(await database.db.payment.count({ where: { purchaseOrderId: orderId } })).toBe(0);

    await recordPayment(database.db, SHOP, merchant, orderId, completed("10", { currencyCode: "EUR", exchangeRate: "1.08" }));
    expect((await money(orderId)).paid).toBe("10.80");
  });

  it("counts payments on an order in a foreign currency through the order's exchange rate", async () => {
    const orderId = await sentOrder();
    await database.db.purchaseOrder.update({ where: { id: orderId }, data: { currencyCode: "EUR" } });
    // A payment in the shop's currency cannot be counted in EUR until the order has its rate.
    const errors = await fieldErrors(recordPayment(database.db, SHOP, merchant, orderId, completed("10", { currencyCode: "USD" })));
    expect(Object.keys(errors)).toEqual(["order.exchangeRate"]);

    expect(await fieldErrors(setExchangeRate(database.db, SHOP, merchant, orderId, { exchangeRate: "1.1234567" }))).toEqual({
      exchangeRate: "How many USD one EUR is worth: more than 0, with at most 6 decimals",
    });
    await setExchangeRate(database.db, SHOP, merchant, orderId, { exchangeRate: "1.25" });
    await recordPayment(database.db, SHOP, merchant, orderId, completed("10", { currencyCode: "USD" }));
    // In EUR too, a payment needs its own rate to the shop's currency: the rate it was paid at.
    await recordPayment(database.db, SHOP, merchant, orderId, completed("4", { exchangeRate: "1.3" }));
    expect((await money(orderId)).paid).toBe("12.00"); // 10 USD / 1.25 + 4 EUR
    expect((await audit(orderId)).find((entry) => entry.action === "set_exchange_rate")!.changes).toEqual({
      before: { exchangeRate: null },
      after: { exchangeRate: "1.25" },
    });
  });

  it("refuses an exchange rate on an order in the shop's currency", async () => {
    const orderId = await sentOrder();
    expect(Object.keys(await fieldErrors(setExchangeRate(database.db, SHOP, merchant, orderId, { exchangeRate: "1.1" })))).toEqual(["exchangeRate"]);
  });

  it("edits a payment: completing it counts it, unless that overpays", async () => {
    const orderId = await sentOrder();
    const big = await recordPayment(database.db, SHOP, merchant, orderId, completed("15", { status: "pending" }));
    await recordPayment(database.db, SHOP, merchant, orderId, completed("10"));
    await fieldErrors(updatePayment(database.db, SHOP, merchant, orderId, big.id, completed("15")));
    await updatePayment(database.db, SHOP, merchant, orderId, big.id, completed("10"));
    expect(await money(orderId)).toEqual({ total: "20.00", paid: "20.00", due: "0.00", isPaid: true });
    const entry = (await audit(orderId)).find((candidate) => candidate.action === "update_payment")!;
    expect(entry.changes).toMatchObject({
      paymentId: big.id,
      before: { amount: "15", status: "pending" },
      after: { amount: "10", status: "completed" },
    });
  });

  it("removes a payment, audited with what was removed", async () => {
    const orderId = await sentOrder();
    const payment = await recordPayment(database.db, SHOP, merchant, orderId, completed("20"));
    expect((await money(orderId)).isPaid).toBe(true);
    await removePayment(database.db, SHOP, merchant, orderId, payment.id);
    expect(await money(orderId)).toMatchObject({ paid: "0.00", isPaid: false });
    expect((await audit(orderId)).at(-1)).toMatchObject({
      action: "remove_payment",
      changes: { paymentId: payment.id, removed: { amount: "20" } },
    });
  });

  it("pays completed orders; refuses drafts and cancelled orders with guidance", async () => {
    const completedOrder = await sentOrder();
    await performAction({ db: database.db }, SHOP, merchant, completedOrder, { action: "quick_complete" });
    await recordPayment(database.db, SHOP, merchant, completedOrder, completed("20"));
    expect((await money(completedOrder)).isPaid).toBe(true);

    const draft = await createOrder(database.db, SHOP, supplierId, [1]);
    const draftRefusal = await thrown(recordPayment(database.db, SHOP, merchant, draft.id, completed("1")));
    expect(draftRefusal).toBeInstanceOf(GuardrailError);
    expect((draftRefusal as GuardrailError).toJSON()).toMatchObject({ rule: "money_after_send", status: "draft" });
    expect((draftRefusal as GuardrailError).allowed).toContain("send");

    const cancelled = await sentOrder();
    const payment = await recordPayment(database.db, SHOP, merchant, cancelled, completed("5"));
    await performAction({ db: database.db }, SHOP, merchant, cancelled, { action: "cancel" });
    const refusal = await thrown(recordPayment(database.db, SHOP, merchant, cancelled, completed("1")));
    expect((refusal as GuardrailError).toJSON()).toMatchObject({
      rule: "no_new_money_when_cancelled",
      allowed: expect.arrayContaining(["reopen"]),
    });
    expect((refusal as GuardrailError).message).toMatch(/reopen it to record a payment/);
    // Mistakes on a cancelled order can still be corrected.
    await updatePayment(database.db, SHOP, merchant, cancelled, payment.id, completed("5", { status: "failed" }));
    expect((await money(cancelled)).paid).toBe("0.00");
  });

  it("bumps the order's version and refuses a change based on an older one", async () => {
    const orderId = await sentOrder();
    const { version } = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    await recordPayment(database.db, SHOP, merchant, orderId, completed("1"), { expectedVersion: version });
    const stale = await thrown(recordPayment(database.db, SHOP, merchant, orderId, completed("1"), { expectedVersion: version }));
    expect(stale).toBeInstanceOf(StaleVersionError);
    expect(await database.db.payment.count({ where: { purchaseOrderId: orderId } })).toBe(1);
    expect((await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } })).version).toBe(version + 1);
  });

  it("keeps shops apart: another shop can neither pay, edit nor remove this shop's payments", async () => {
    const orderId = await sentOrder();
    const payment = await recordPayment(database.db, SHOP, merchant, orderId, completed("3"));
    const theirOrder = await sentOrder(OTHER_SHOP, otherSupplierId);
    expect(await thrown(recordPayment(database.db, OTHER_SHOP, merchant, orderId, completed("1")))).toBeInstanceOf(NotFoundError);
    expect(await thrown(updatePayment(database.db, OTHER_SHOP, merchant, theirOrder, payment.id, completed("9")))).toBeInstanceOf(NotFoundError);
    expect(await thrown(removePayment(database.db, OTHER_SHOP, merchant, theirOrder, payment.id))).toBeInstanceOf(NotFoundError);
    expect(await thrown(loadOrderMoney(database.db, OTHER_SHOP, orderId))).toBeInstanceOf(NotFoundError);
    expect((await database.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).amount.toString()).toBe("3");
    expect(await paidOrderIds(database.db, OTHER_SHOP)).not.toContain(orderId);
  });

  it("lists the shop's paid orders", async () => {
    const paidOrder = await sentOrder();
    const unpaid = await sentOrder();
    await recordPayment(database.db, SHOP, merchant, paidOrder, completed("20"));
    await recordPayment(database.db, SHOP, merchant, unpaid, completed("20", { status: "pending" }));
    const paid = await paidOrderIds(database.db, SHOP);
    expect(paid).toContain(paidOrder);
    expect(paid).not.toContain(unpaid);
  });
});
