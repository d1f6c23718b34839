import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * The supplier credits ledger over REST: credits recorded per supplier, applied to and reversed
 * from that supplier's orders under the ledger's rules, balances derived from the applications.
 */
const SHOP = "api-credits.myshopify.com";
const OTHER = "api-credits-other.myshopify.com";

let f: ApiFixture;
let foreign: { supplierId: string; orderId: string };

beforeAll(async () => {
  f = await startApiFixture(SHOP);
  const other = await installShop(f.db, { domain: OTHER }, ["Elsewhere"]);
  const supplierId = other.suppliers[0]!.id;
  foreign = { supplierId, orderId: (await createOrder(f.db, OTHER, supplierId, [1])).id };
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

/** An order of Acme's for 4 × 2.50 = 10.00, sent (credits apply only to sent orders). */
async function sentOrder(): Promise<string> {
  const order = await createOrder(f.db, SHOP, f.supplierId, [4]);
  const sent = await f.writer.call("mark_purchase_order_sent", { params: { id: order.id } });
  expect(sent.status, JSON.stringify(sent.error)).toBe(200);
  return order.id;
}

async function newCredit(amount: string, supplierId = f.supplierId): Promise<string> {
  const created = await f.writer.call("create_supplier_credit", { params: { id: supplierId }, body: { source: "manual", amount } });
  expect(created.status, JSON.stringify(created.error)).toBe(201);
  return created.body.id;
}

async function remaining(creditId: string): Promise<string> {
  const listed = await f.reader.call("list_supplier_credits", { params: { id: f.supplierId } });
  return listed.body.credits.find((credit: { id: string }) => credit.id === creditId).remaining;
}

describe("supplier credits", () => {
  it("records a credit in the supplier's currency and lists it with what remains", async () => {
    const created = await f.writer.call("create_supplier_credit", {
      params: { id: f.supplierId },
      body: { source: "return", amount: "25.5", reference: "CN-100", note: "Damaged crate" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      supplier_id: f.supplierId,
      source: "return",
      amount: "25.50",
      remaining: "25.50",
      currency_code: "USD",
      reference: "CN-100",
      applications: [],
    });
    const row = await f.db.supplierCredit.findUniqueOrThrow({ where: { id: created.body.id } });
    expect([row.amount.toString(), row.source, row.note]).toEqual(["25.5", "return", "Damaged crate"]);
    expect(await f.db.auditEntry.count({ where: { action: "create_credit", changes: { contains: created.body.id } } })).toBe(1);

    const listed = await f.reader.call("list_supplier_credits", { params: { id: f.supplierId } });
    expect(listed.status).toBe(200);
    expect(listed.body.credits).toContainEqual(created.body);
  });

  it("refuses bad credits by field, read keys, and other shops' suppliers", async () => {
    const create = (body: unknown, supplierId = f.supplierId, client = f.writer) =>
      client.call("create_supplier_credit", { params: { id: supplierId }, body });
    const before = await f.db.supplierCredit.count();
    for (const [body, field] of [
      [{ source: "manual", amount: "0" }, "amount"],
      [{ source: "manual", amount: "ten" }, "amount"],
      [{ source: "gift", amount: "5.00" }, "source"],
      [{ source: "manual", amount: "5.00", remaining: "5.00" }, "remaining"],
    ] as const) {
      const refused = await create(body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.error?.field).toBe(field);
    }
    expect((await create({ source: "manual", amount: "5.00" }, f.supplierId, f.reader)).status).toBe(403);
    expect((await create({ source: "manual", amount: "5.00" }, foreign.supplierId)).status).toBe(404);
    expect((await f.reader.call("list_supplier_credits", { params: { id: foreign.supplierId } })).status).toBe(404);
    expect(await f.db.supplierCredit.count()).toBe(before);
  });
});

describe("credits on an order", () => {
  it("lists the supplier's available credits and what is due, applies, and reverses back to the credit", async () => {
    const orderId = await sentOrder();
    const creditId = await newCredit("25.00");

    const before = await f.reader.call("list_purchase_order_credits", { params: { id: orderId } });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ purchase_order_id: orderId, total_due: "10.00", credits_applied: "0.00", apply_refusal: null });
    expect(before.body.available.map((credit: { id: string }) => credit.id)).toContain(creditId);

    const applied = await f.writer.call("apply_purchase_order_credits", {
      params: { id: orderId },
      body: { applications: [{ credit_id: creditId, amount: "6.00" }], expected_version: before.body.version },
    });
    expect(applied.status, JSON.stringify(applied.error)).toBe(200);
    expect(applied.body).toMatchObject({ total_due: "4.00", credits_applied: "6.00", version: before.body.version + 1 });
    const [application] = applied.body.applications;
    expect(application).toMatchObject({ credit_id: creditId, purchase_order_id: orderId, amount: "6.00", reversed_at: null });
    const row = await f.db.creditApplication.findUniqueOrThrow({ where: { id: application.id } });
    expect([row.purchaseOrderId, row.amount.toString(), row.reversedAt]).toEqual([orderId, "6", null]);
    expect(await remaining(creditId)).toBe("19.00");

    const reversed = await f.writer.call("reverse_purchase_order_credit", { params: { id: orderId, application_id: application.id } });
    expect(reversed.status, JSON.stringify(reversed.error)).toBe(200);
    expect(reversed.body).toMatchObject({ total_due: "10.00", credits_applied: "0.00" });
    expect(reversed.body.applications[0].reversed_at).not.toBeNull();
    expect((await f.db.creditApplication.findUniqueOrThrow({ where: { id: application.id } })).reversedAt).not.toBeNull();
    expect(await remaining(creditId)).toBe("25.00");

    const again = await f.writer.call("reverse_purchase_order_credit", { params: { id: orderId, application_id: application.id } });
    expect(again.status).toBe(422);
    expect(again.error?.field).toBe("application_id");
    expect(await remaining(creditId)).toBe("25.00");
  });

  it("shows amounts as stored, to four decimals, so what it says remains can be applied exactly", async () => {
    const orderId = await sentOrder();
    const creditId = await newCredit("7.0055");
    expect(await remaining(creditId)).toBe("7.0055");
    const applied = await f.writer.call("apply_purchase_order_credits", {
      params: { id: orderId },
      body: { applications: [{ credit_id: creditId, amount: await remaining(creditId) }] },
    });
    expect(applied.status, JSON.stringify(applied.error)).toBe(200);
    expect(applied.body).toMatchObject({ credits_applied: "7.0055", total_due: "2.9945" });
    expect(await remaining(creditId)).toBe("0.00");
  });

  it("refuses applying more than remains on the credit or is due on the order, on the amount's field", async () => {
    const orderId = await sentOrder();
    const small = await newCredit("3.00");
    const large = await newCredit("50.00");
    const apply = (applications: unknown) => f.writer.call("apply_purchase_order_credits", { params: { id: orderId }, body: { applications } });

    const overCredit = await apply([{ credit_id: small, amount: "3.01" }]);
    expect(overCredit.status).toBe(422);
    expect(overCredit.error?.field).toBe("applications.0.amount");
    expect(overCredit.error?.fields?.["applications.0.amount"]).toMatch(/remains on this credit/);

    const overDue = await apply([{ credit_id: large, amount: "10.01" }]);
    expect(overDue.status).toBe(422);
    expect(overDue.error?.field).toBe("applications.0.amount");

    // Each entry counts the ones before it: 8 + 3 is more than the 10 due.
    const together = await apply([
      { credit_id: large, amount: "8.00" },
      { credit_id: small, amount: "3.00" },
    ]);
    expect(together.status).toBe(422);
    expect(together.error?.field).toBe("applications.1.amount");

    const otherCo = await f.writer.call("create_supplier", { body: { name: "Other Co" } });
    const otherSupplier = await apply([{ credit_id: await newCredit("5.00", otherCo.body.id), amount: "1.00" }]);
    expect(otherSupplier.status).toBe(422);
    expect(otherSupplier.error?.field).toBe("applications.0.credit_id");

    expect((await apply([])).error?.field).toBe("applications");
    expect(await f.db.creditApplication.count({ where: { purchaseOrderId: orderId } })).toBe(0);
    expect(await remaining(small)).toBe("3.00");
  });

  it("refuses credit on a draft with the rule and the allowed actions, and a stale version", async () => {
    const draft = await createOrder(f.db, SHOP, f.supplierId, [2]);
    const creditId = await newCredit("5.00");
    const listed = await f.reader.call("list_purchase_order_credits", { params: { id: draft.id } });
    expect(listed.body.apply_refusal).toMatchObject({ rule: "money_after_send" });

    const refused = await f.writer.call("apply_purchase_order_credits", {
      params: { id: draft.id },
      body: { applications: [{ credit_id: creditId, amount: "1.00" }] },
    });
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ rule: "money_after_send" });
    expect(refused.error?.allowed_actions).toContain("send");

    const orderId = await sentOrder();
    const { version } = (await f.reader.call("list_purchase_order_credits", { params: { id: orderId } })).body;
    const stale = await f.writer.call("apply_purchase_order_credits", {
      params: { id: orderId },
      body: { applications: [{ credit_id: creditId, amount: "1.00" }], expected_version: version - 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.error?.code).toBe("stale_version");
    expect(await f.db.creditApplication.count({ where: { creditId } })).toBe(0);
  });

  it("refuses read keys, unknown fields, and other shops' orders and applications", async () => {
    const orderId = await sentOrder();
    const creditId = await newCredit("5.00");
    const body = { applications: [{ credit_id: creditId, amount: "1.00" }] };
    expect((await f.reader.call("apply_purchase_order_credits", { params: { id: orderId }, body })).status).toBe(403);
    const unknown = await f.writer.call("apply_purchase_order_credits", { params: { id: orderId }, body: { ...body, note: "x" } });
    expect(unknown.status).toBe(422);
    expect(unknown.error?.field).toBe("note");
    expect((await f.reader.call("list_purchase_order_credits", { params: { id: foreign.orderId } })).status).toBe(404);
    expect((await f.writer.call("apply_purchase_order_credits", { params: { id: foreign.orderId }, body })).status).toBe(404);
    expect(await f.db.creditApplication.count({ where: { creditId } })).toBe(0);

    const applied = await f.writer.call("apply_purchase_order_credits", { params: { id: orderId }, body });
    const applicationId = applied.body.applications[0].id;
    const params = { id: orderId, application_id: applicationId };
    expect((await f.reader.call("reverse_purchase_order_credit", { params })).status).toBe(403);
    // An application is reversed through its own order only.
    const otherOrder = await sentOrder();
    expect((await f.writer.call("reverse_purchase_order_credit", { params: { id: otherOrder, application_id: applicationId } })).status).toBe(404);
    expect((await f.db.creditApplication.findUniqueOrThrow({ where: { id: applicationId } })).reversedAt).toBeNull();
  });
});
