import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, ValidationError } from "~/domain/errors";
import { Decimal } from "~/domain/money";
import { applyCredits, createCredit, orderCredits, reverseApplication } from "~/services/credits.server";
import { loadOrderMoney, recordPayment } from "~/services/payments.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/** The supplier credits ledger through the service layer on a real SQLite file. */
const SHOP = "credits.myshopify.com";
const OTHER_SHOP = "credits-other.myshopify.com";
const merchant = { type: "merchant", id: "staff-9" } as const;

let database: TestDatabase;
let supplierId: string;
let secondSupplierId: string;
let otherSupplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  [supplierId, secondSupplierId] = (await installShop(database.db, { domain: SHOP }, ["Acme", "Bolt"])).suppliers.map((supplier) => supplier.id) as [
    string,
    string,
  ];
  otherSupplierId = (await installShop(database.db, { domain: OTHER_SHOP }, ["Elsewhere"])).suppliers[0]!.id;
});
afterAll(() => database.cleanup());

/** A sent order of 8 × 2.50 = 20.00 USD. */
async function sentOrder(supplier = supplierId, shop = SHOP) {
  const order = await createOrder(database.db, shop, supplier, [8]);
  await performAction({ db: database.db }, shop, merchant, order.id, { action: "send", via: "manual" });
  return order.id;
}

async function credit(amount: string, supplier = supplierId, shop = SHOP) {
  return createCredit(database.db, shop, merchant, { supplierId: supplier, source: "manual", amount, reference: "RMA-1" });
}

async function remaining(creditId: string) {
  const row = await database.db.supplierCredit.findUniqueOrThrow({ where: { id: creditId }, include: { applications: true } });
  return row.applications
    .filter((application) => !application.reversedAt)
    .reduce((left, application) => left.minus(application.amount.toString()), new Decimal(row.amount.toString()))
    .toFixed(2);
}

async function refusedFields(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors;
}

describe("supplier credits", () => {
  it("creates a credit in the supplier's currency, audited on the shop", async () => {
    const created = await credit("12.5");
    expect(created).toMatchObject({ currencyCode: "USD", source: "manual", reference: "RMA-1" });
    const entry = await database.db.auditEntry.findFirstOrThrow({
      where: { action: "create_credit" },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(entry.changes!)).toMatchObject({ creditId: created.id, amount: "12.5" });
    expect(await refusedFields(createCredit(database.db, SHOP, merchant, { supplierId, source: "gift", amount: "0" }))).toEqual({
      source: "Must be one of: return, manual",
      amount: "Amount must be more than 0, with at most 4 decimals",
    });
  });

  it("applies credits to an order, lowering what is due, and reverses them back to the ledger", async () => {
    const orderId = await sentOrder();
    const first = await credit("8");
    const second = await credit("30");
    const applications = await applyCredits(database.db, SHOP, merchant, orderId, [
      { creditId: first.id, amount: "8" },
      { creditId: second.id, amount: "5" },
    ]);
    let { money } = await loadOrderMoney(database.db, SHOP, orderId);
    expect([money.creditsApplied.toFixed(2), money.totalDue.toFixed(2)]).toEqual(["13.00", "7.00"]);
    expect(await remaining(first.id)).toBe("0.00");
    expect(await remaining(second.id)).toBe("25.00");

    // The order's card lists only credits with something left.
    const view = await orderCredits(database.db, SHOP, orderId);
    expect(view.available.map((entry) => entry.credit.id)).not.toContain(first.id);
    expect(view.available.find((entry) => entry.credit.id === second.id)?.remaining.toString()).toBe("25");

    await reverseApplication(database.db, SHOP, merchant, orderId, applications[0]!.id);
    ({ money } = await loadOrderMoney(database.db, SHOP, orderId));
    expect(money.totalDue.toFixed(2)).toBe("15.00");
    expect(await remaining(first.id)).toBe("8.00");
    expect(await refusedFields(reverseApplication(database.db, SHOP, merchant, orderId, applications[0]!.id))).toEqual({
      applicationId: "This application was already reversed",
    });

    const actions = await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } });
    expect(actions.map((entry) => entry.action)).toEqual(["send", "apply_credit", "reverse_credit"]);
  });

  it("refuses more than the credit's remaining balance or the order's due, saving nothing", async () => {
    const orderId = await sentOrder();
    const small = await credit("4");
    const big = await credit("50");
    await recordPayment(database.db, SHOP, merchant, orderId, { amount: "10", paidAt: "2026-04-01", status: "completed" });
    expect(
      await refusedFields(
        applyCredits(database.db, SHOP, merchant, orderId, [
          { creditId: big.id, amount: "3" },
          { creditId: small.id, amount: "4.01" },
        ]),
      ),
    ).toEqual({ "applications.1.amount": "Only 4.00 USD remains on this credit" });
    expect(await refusedFields(applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: big.id, amount: "10.01" }]))).toEqual({
      "applications.0.amount": "Only 10.00 USD is due on this order",
    });
    expect(await database.db.creditApplication.count({ where: { purchaseOrderId: orderId } })).toBe(0);
  });

  it("offers only the order's supplier's credits in the order's currency", async () => {
    const orderId = await sentOrder();
    const boltCredit = await credit("5", secondSupplierId);
    const eur = await database.db.supplierCredit.create({
      data: { supplierId, amount: "5", currencyCode: "EUR", source: "manual" },
    });
    const view = await orderCredits(database.db, SHOP, orderId);
    const offered = view.available.map((entry) => entry.credit.id);
    expect(offered).not.toContain(boltCredit.id);
    expect(offered).not.toContain(eur.id);
    expect(await refusedFields(applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: boltCredit.id, amount: "1" }]))).toEqual({
      "applications.0.creditId": "Choose one of this supplier's credits",
    });
    expect(Object.keys(await refusedFields(applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: eur.id, amount: "1" }])))).toEqual([
      "applications.0.creditId",
    ]);
  });

  it("keeps applied credits when the order is cancelled; they are reversed by hand, and no new ones apply", async () => {
    const orderId = await sentOrder();
    const created = await credit("6");
    const [application] = await applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: created.id, amount: "6" }]);
    await performAction({ db: database.db }, SHOP, merchant, orderId, { action: "cancel" });
    expect(await remaining(created.id)).toBe("0.00");
    const refusal = await applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: created.id, amount: "1" }]).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(GuardrailError);
    await reverseApplication(database.db, SHOP, merchant, orderId, application!.id);
    expect(await remaining(created.id)).toBe("6.00");
  });

  it("refuses applying credits to a draft", async () => {
    const draft = await createOrder(database.db, SHOP, supplierId, [1]);
    const created = await credit("1");
    const refusal = await applyCredits(database.db, SHOP, merchant, draft.id, [{ creditId: created.id, amount: "1" }]).catch(
      (error: unknown) => error,
    );
    expect((refusal as GuardrailError).rule).toBe("money_after_send");
  });

  it("keeps shops apart", async () => {
    const orderId = await sentOrder();
    const ours = await credit("10");
    const theirOrder = await sentOrder(otherSupplierId, OTHER_SHOP);
    const [application] = await applyCredits(database.db, SHOP, merchant, orderId, [{ creditId: ours.id, amount: "2" }]);
    // Another shop cannot create credits for our supplier, use our credit, or reverse our application.
    await expect(credit("5", supplierId, OTHER_SHOP)).rejects.toBeInstanceOf(NotFoundError);
    expect(await refusedFields(applyCredits(database.db, OTHER_SHOP, merchant, theirOrder, [{ creditId: ours.id, amount: "1" }]))).toEqual({
      "applications.0.creditId": "Choose one of this supplier's credits",
    });
    await expect(reverseApplication(database.db, OTHER_SHOP, merchant, theirOrder, application!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(applyCredits(database.db, OTHER_SHOP, merchant, orderId, [])).rejects.toBeInstanceOf(NotFoundError);
    expect(await remaining(ours.id)).toBe("8.00");
  });
});
