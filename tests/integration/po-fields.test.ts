import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, NotFoundError, ValidationError } from "~/domain/errors";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { loadAddresses, loadSupplierFields, setAddresses, updateSupplierFields } from "~/services/purchase-order-fields.server";
import { DEFAULT_INDEX_QUERY } from "~/domain/purchase-order/index-query";
import { searchIndex } from "~/services/purchase-order-search.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/** Addresses, drop-ship and supplier-facing fields through the services on a real SQLite file. */
const SHOP = "fields.myshopify.com";
const OTHER = "other-fields.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
const CUSTOMER = { name: "Grace Hopper", line1: "7 Harbour Rd", city: "Halifax", region: "NS", postalCode: "B3H 1A1", countryCode: "ca" };
let database: TestDatabase;
let deps: { db: TestDatabase["db"] };
let suppliers: { acme: string; bolt: string; elsewhere: string };

beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db };
  const installed = await installShop(database.db, { domain: SHOP }, ["Acme Textiles", "Bolt Hardware"]);
  const other = await installShop(database.db, { domain: OTHER }, ["Elsewhere"]);
  suppliers = { acme: installed.suppliers[0]!.id, bolt: installed.suppliers[1]!.id, elsewhere: other.suppliers[0]!.id };
});
afterAll(() => database.cleanup());

async function row(orderId: string) {
  return database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId }, include: { lines: { orderBy: { position: "asc" } } } });
}

async function actions(orderId: string) {
  return (await database.db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: { createdAt: "asc" } })).map((entry) => entry.action);
}

describe("addresses and drop-ship", () => {
  it("sets, updates and clears the billing and shipping addresses, audited", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [2]);
    const billing = { name: "Inbound HQ", line1: "1 Main St", city: "Springfield", countryCode: "US" };
    await setAddresses(deps, SHOP, actor, order.id, { billingAddress: billing, shippingAddress: CUSTOMER });
    await setAddresses(deps, SHOP, actor, order.id, { shippingAddress: { ...CUSTOMER, line2: "Unit 4" } });
    expect(await loadAddresses(database.db, SHOP, order.id)).toMatchObject({
      billingAddress: { name: "Inbound HQ" },
      shippingAddress: { name: "Grace Hopper", line2: "Unit 4", countryCode: "CA" },
      dropShip: false,
    });
    // Saving what is already there changes nothing and records nothing.
    await setAddresses(deps, SHOP, actor, order.id, { billingAddress: billing });
    await setAddresses(deps, SHOP, actor, order.id, { billingAddress: null });
    expect((await row(order.id)).billingAddress).toBeNull();
    expect(await actions(order.id)).toEqual(["set_addresses", "set_addresses", "set_addresses"]);
  });

  it("refuses an invalid address by field and saves neither address", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [2]);
    const attempt = setAddresses(deps, SHOP, actor, order.id, {
      billingAddress: CUSTOMER,
      shippingAddress: { ...CUSTOMER, city: " ", countryCode: "Canada" },
    });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({
      fieldErrors: { "shippingAddress.city": "Required", "shippingAddress.countryCode": "A two-letter country code, e.g. US" },
    });
    expect(await row(order.id)).toMatchObject({ billingAddress: null, shippingAddress: null });
    expect(await actions(order.id)).toEqual([]);
  });

  it("never lets a drop-ship order be without the end customer's address, so it is sent with one", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [2]);
    await expect(setAddresses(deps, SHOP, actor, order.id, { dropShip: true })).rejects.toMatchObject({
      fieldErrors: { shippingAddress: "A drop-ship order ships to the end customer: enter their shipping address." },
    });
    expect((await row(order.id)).dropShip).toBe(false);

    await setAddresses(deps, SHOP, actor, order.id, { dropShip: true, shippingAddress: CUSTOMER });
    await expect(setAddresses(deps, SHOP, actor, order.id, { shippingAddress: null })).rejects.toMatchObject({
      fieldErrors: { shippingAddress: expect.stringMatching(/Turn off drop-ship first/) },
    });
    const sent = await performAction(deps, SHOP, actor, order.id, { action: "send", via: "manual" });
    expect(sent.order?.status).toBe("sent");
    expect(await row(order.id)).toMatchObject({ dropShip: true, shippingAddress: expect.stringContaining("Grace Hopper") });
  });
});

describe("supplier-facing fields", () => {
  it("saves references, numbers, confirmation, custom fields, tags and line comments, audited once", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [2, 3]);
    const [first, second] = (await row(order.id)).lines;
    const view = await updateSupplierFields(deps, SHOP, actor, order.id, {
      vendorReference: "SO-5531",
      externalNumbers: ["ERP-20931", " NS-4410 ", "erp-20931"],
      supplierConfirmed: true,
      customFields: [{ key: "incoterm", value: "FOB Shanghai" }],
      tags: ["rush", "Rush", " spring "],
      lineComments: { [first!.id]: "Please pack in 6s", [second!.id]: "" },
    });
    expect(view).toMatchObject({
      vendorReference: "SO-5531",
      externalNumbers: ["ERP-20931", "NS-4410"],
      supplierConfirmed: true,
      customFields: [{ key: "incoterm", value: "FOB Shanghai" }],
      tags: ["rush", "spring"],
      lines: [{ comment: "Please pack in 6s" }, { comment: "" }],
    });
    expect(await actions(order.id)).toEqual(["update_supplier_fields"]);
    const entry = await database.db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
    expect(Object.keys(JSON.parse(entry.changes!))).toEqual([
      "vendorReference",
      "externalNumbers",
      "supplierConfirmed",
      "customFields",
      "tags",
      `lineComments.${first!.id}`,
    ]);
  });

  it("moves every unfulfilled line's promise date, not a fulfilled one's", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [4, 3]);
    const [done, open] = (await row(order.id)).lines;
    await performAction(deps, SHOP, actor, order.id, { action: "send", via: "manual" });
    await performAction(deps, SHOP, actor, order.id, {
      action: "receive",
      lines: [
        { lineId: done!.id, received: 4, rejected: 0, cancelled: 0, reason: null },
        { lineId: open!.id, received: 1, rejected: 0, cancelled: 0, reason: null },
      ],
    });
    const before = await row(order.id);

    await updateSupplierFields(deps, SHOP, actor, order.id, { promiseDate: "2026-05-15" });
    const after = await row(order.id);
    expect(after.promiseDate).toEqual(new Date("2026-05-15T00:00:00Z"));
    expect(after.lines.map((line) => line.promiseDate)).toEqual([null, new Date("2026-05-15T00:00:00Z")]);
    // Informational: the lifecycle's status and version stay as they were.
    expect({ status: after.status, version: after.version }).toEqual({ status: "partially_received", version: before.version });
    const state = await loadOrderState(database.db, SHOP, order.id);
    expect(state.status).toBe("partially_received");
  });

  it("takes a hold only before sending, and then saves nothing of the request", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [1]);
    await updateSupplierFields(deps, SHOP, actor, order.id, { holdUntil: "2026-04-10T08:00:00+02:00" });
    expect((await row(order.id)).holdUntil).toEqual(new Date("2026-04-10T06:00:00Z"));

    await performAction(deps, SHOP, actor, order.id, { action: "send", via: "manual" });
    const refusal = updateSupplierFields(deps, SHOP, actor, order.id, { holdUntil: "", vendorReference: "SO-1" });
    await expect(refusal).rejects.toBeInstanceOf(GuardrailError);
    await expect(refusal).rejects.toMatchObject({ rule: "hold_only_before_send", status: "sent", allowed: expect.arrayContaining(["confirm_all"]) });
    expect(await row(order.id)).toMatchObject({ holdUntil: new Date("2026-04-10T06:00:00Z"), vendorReference: null });
  });

  it("refuses bad input by field and saves nothing", async () => {
    const order = await createOrder(database.db, SHOP, suppliers.acme, [1]);
    const attempt = updateSupplierFields(deps, SHOP, actor, order.id, {
      vendorReference: "fine",
      tags: ["x".repeat(41)],
      customFields: [{ key: "Has Space", value: "v" }],
    });
    await expect(attempt).rejects.toMatchObject({
      fieldErrors: { "tags.0": expect.any(String), "customFields.0.key": expect.any(String) },
    });
    expect(await row(order.id)).toMatchObject({ vendorReference: null, tags: "[]", customFields: "{}" });
    expect(await actions(order.id)).toEqual([]);
  });

  it("keeps one shop's orders and lines out of another shop's reach", async () => {
    const ours = await createOrder(database.db, SHOP, suppliers.acme, [1]);
    const theirs = await createOrder(database.db, OTHER, suppliers.elsewhere, [1]);
    const theirLine = (await row(theirs.id)).lines[0]!;
    await expect(updateSupplierFields(deps, OTHER, actor, ours.id, { tags: ["mine"] })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAddresses(deps, OTHER, actor, ours.id, { billingAddress: null })).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadSupplierFields(database.db, OTHER, ours.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(loadAddresses(database.db, OTHER, ours.id)).rejects.toBeInstanceOf(NotFoundError);
    // A line id from their order does not name a line of ours.
    await expect(updateSupplierFields(deps, SHOP, actor, ours.id, { lineComments: { [theirLine.id]: "hi" } })).rejects.toMatchObject({
      fieldErrors: { [`lineComments.${theirLine.id}`]: "No such line on this order" },
    });
    expect((await row(theirs.id)).lines[0]!.comment).toBeNull();
  });
});

describe("searching the index", () => {
  it("finds orders by name, supplier, vendor reference or any external number, within the shop", async () => {
    const acme = await createOrder(database.db, SHOP, suppliers.acme, [1]);
    const bolt = await createOrder(database.db, SHOP, suppliers.bolt, [1]);
    const theirs = await createOrder(database.db, OTHER, suppliers.elsewhere, [1]);
    await updateSupplierFields(deps, SHOP, actor, bolt.id, { externalNumbers: ["NS-1", "ERP-88412", 'Q-"77"'], vendorReference: "SO-9" });
    await updateSupplierFields(deps, OTHER, actor, theirs.id, { externalNumbers: ["ERP-88412"] });

    const search = async (query: string) =>
      (await searchIndex(database.db, SHOP, { ...DEFAULT_INDEX_QUERY, search: query }, { pageSize: 500 })).orders.map((order) => order.id);
    expect(await search("erp-884")).toEqual([bolt.id]);
    expect(await search("NS-1")).toEqual([bolt.id]);
    // Quotes are escaped in the stored JSON list; the search still finds them.
    expect(await search('Q-"77')).toEqual([bolt.id]);
    expect(await search("so-9")).toEqual([bolt.id]);
    expect(await search("bolt hard")).toEqual(expect.arrayContaining([bolt.id]));
    expect(await search("bolt hard")).not.toContain(acme.id);
    expect(await search(`PO-${String(acme.number).padStart(4, "0")}`)).toEqual([acme.id]);
    expect(await search(String(acme.number))).toContain(acme.id);
    expect(await search("nothing like this")).toEqual([]);
    // Taken literally: % and _ are no wildcards, in references as in SKUs.
    expect(await search("SO_9")).toEqual([]);
    expect(await search("ERP-88%")).toEqual([]);
  });
});
