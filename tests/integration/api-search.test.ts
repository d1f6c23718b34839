import type { Prisma } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * GET /purchase_orders (list_purchase_orders): every search filter matching and not matching,
 * partial and case-insensitive text, boolean spellings, times in the shop's time zone (taken
 * from Shopify at install), paging edges, combined filters, and another shop's orders never
 * showing up, however alike they are.
 */
const SHOP = "api-search.myshopify.com";
const OTHER_SHOP = "api-search-other.myshopify.com";
const PAST = new Date("2020-06-01T00:00:00Z");
const FUTURE = new Date("2099-06-01T00:00:00Z");

let f: ApiFixture;
let otherSupplierId: string;
let globexId: string;
/** Order ids by the names below. */
const ids: Record<string, string> = {};
let otherShopOrderId: string;

type OrderData = Prisma.PurchaseOrderUncheckedUpdateInput & {
  shippingName?: string;
  shippingCompany?: string;
  line?: { productTitle: string; variantTitle: string | null; sku: string | null };
};

function address(name: string, company: string | null = null): string {
  const rest = { line1: "1 Main St", line2: null, city: "Springfield", region: null, postalCode: "12345", countryCode: "US", phone: null };
  return JSON.stringify({ name, company, ...rest });
}

/** An order with one line, every searchable field as given (created 2026-03-01 and unchanged since, unless given). */
async function makeOrder(shop: string, supplierId: string, data: OrderData) {
  const { shippingName, shippingCompany, line, ...fields } = data;
  const order = await createOrder(f.db, shop, supplierId, [2]);
  await f.db.purchaseOrder.update({
    where: { id: order.id },
    data: {
      createdAt: new Date("2026-03-01T12:00:00Z"),
      updatedAt: new Date("2026-03-01T12:00:00Z"),
      ...(shippingName ? { shippingAddress: address(shippingName, shippingCompany), dropShip: true } : {}),
      ...fields,
    },
  });
  if (line) await f.db.purchaseOrderLine.updateMany({ where: { purchaseOrderId: order.id }, data: line });
  return order.id;
}

beforeAll(async () => {
  f = await startApiFixture(SHOP);
  // The shop's time zone comes from Shopify when the shop is recorded (after OAuth).
  f.standin.store.shop(SHOP).ianaTimezone = "America/New_York";
  const { recordInstalledShop } = await import("~/services/shops.server");
  await recordInstalledShop(f.db, await f.gateway.shop());
  globexId = (await f.db.supplier.create({ data: { shopId: f.shopId, name: "Globex", currencyCode: "USD" } })).id;

  // Numbers 1… in this order; the list is newest (highest number) first.
  ids.mug = await makeOrder(SHOP, f.supplierId, {
    status: "draft",
    shippingName: "Jane Smith",
    vendorReference: "ACME-77",
    externalNumbers: JSON.stringify(["#1001"]),
    line: { productTitle: "Blue Mug", variantTitle: "Large", sku: "MUG-BL-L" },
    createdAt: new Date("2026-01-02T04:59:00Z"),
    updatedAt: new Date("2026-05-01T12:00:00Z"),
  });
  ids.teapot = await makeOrder(SHOP, f.supplierId, {
    status: "sent",
    shippingName: "Bob Stone",
    shippingCompany: "Smithers Ltd",
    vendorReference: "acme-7",
    externalNumbers: JSON.stringify(["1002", "SO-55"]),
    line: { productTitle: "Teapot", variantTitle: null, sku: "TP-1" },
    createdAt: new Date("2026-01-02T05:00:00Z"),
    sentAt: new Date("2026-02-11T04:59:00Z"),
    supplierConfirmed: true,
    promiseDate: PAST,
  });
  ids.towel = await makeOrder(SHOP, f.supplierId, {
    status: "received",
    line: { productTitle: "Cotton 100% Towel", variantTitle: null, sku: null },
    createdAt: new Date("2026-07-01T03:59:00Z"),
    sentAt: new Date("2026-02-11T05:00:00Z"),
    expectedArrivalAt: PAST,
  });
  ids.completed = await makeOrder(SHOP, f.supplierId, {
    status: "completed",
    createdAt: new Date("2026-07-01T04:00:00Z"),
    sentAt: new Date("2026-02-20T10:00:00Z"),
    confirmedAt: new Date("2026-02-21T10:00:00Z"),
  });
  ids.cancelled = await makeOrder(SHOP, f.supplierId, { status: "cancelled", expectedArrivalAt: PAST });
  ids.promisedLater = await makeOrder(SHOP, f.supplierId, { status: "in_progress", expectedArrivalAt: PAST, promiseDate: FUTURE });
  ids.overdue = await makeOrder(SHOP, f.supplierId, { status: "partially_received", expectedArrivalAt: PAST });
  ids.globex = await makeOrder(SHOP, globexId, { status: "paused" });

  // The other shop holds an order alike in every searchable way, and number 1 as well.
  const other = await installShop(f.db, { domain: OTHER_SHOP }, ["Acme"]);
  otherSupplierId = other.suppliers[0]!.id;
  otherShopOrderId = await makeOrder(OTHER_SHOP, otherSupplierId, {
    status: "draft",
    shippingName: "Jane Smith",
    vendorReference: "ACME-77",
    externalNumbers: JSON.stringify(["#1001"]),
    line: { productTitle: "Blue Mug", variantTitle: "Large", sku: "MUG-BL-L" },
    createdAt: new Date("2026-01-02T05:00:00Z"),
  });
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

const ALL = ["globex", "overdue", "promisedLater", "cancelled", "completed", "towel", "teapot", "mug"];

/** The names of the orders a search (`search[name]` for each filter) returns, in the order returned (newest first). */
async function search(filters: Record<string, string>): Promise<string[]> {
  const query = Object.fromEntries(Object.entries(filters).map(([name, value]) => [`search[${name}]`, value]));
  const result = await f.reader.call("list_purchase_orders", { query });
  expect(result.status, JSON.stringify(result.error)).toBe(200);
  const names = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
  return result.body.purchase_orders.map((order: { id: string }) => names.get(order.id) ?? `foreign ${order.id}`);
}

/** The 422 of a search, expected to name `field`. */
async function refused(query: Record<string, string | number>, field: string) {
  const result = await f.reader.call("list_purchase_orders", { query });
  expect(result.status).toBe(422);
  expect(result.error).toMatchObject({ code: "validation_failed", field });
  return result.error!;
}

describe("search filters", () => {
  it("lists every order of the shop, newest first, with what the filters look at", async () => {
    expect(await search({})).toEqual(ALL);
    const result = await f.reader.call("list_purchase_orders", { query: { "search[ids]": ids.teapot! } });
    expect(result.body.purchase_orders).toEqual([
      expect.objectContaining({
        id: ids.teapot,
        name: "PO-0002",
        status: "sent",
        supplier_name: "Acme",
        vendor_reference: "acme-7",
        order_public_references: ["1002", "SO-55"],
        customer_name: "Bob Stone",
        supplier_confirmed: true,
        promise_date: "2020-06-01",
        expected_arrival_date: null,
        created_at: "2026-01-02T05:00:00.000Z",
        updated_at: "2026-03-01T12:00:00.000Z",
        sent_at: "2026-02-11T04:59:00.000Z",
      }),
    ]);
  });

  it("ids: comma-separated, blanks ignored; ids of other shops or of nothing match nothing", async () => {
    expect(await search({ ids: `${ids.mug}, ${ids.towel},` })).toEqual(["towel", "mug"]);
    expect(await search({ ids: otherShopOrderId })).toEqual([]);
    expect(await search({ ids: "no-such-order" })).toEqual([]);
    await refused({ "search[ids]": " , " }, "search[ids]");
  });

  it("status: one or several; an unknown status is refused", async () => {
    expect(await search({ status: "sent" })).toEqual(["teapot"]);
    expect(await search({ status: "sent,received" })).toEqual(["towel", "teapot"]);
    expect(await search({ status: "confirmed" })).toEqual([]);
    await refused({ "search[status]": "sent,shipped" }, "search[status]");
  });

  it("customer_name: part of the shipping address's name, any case; not the company or another field", async () => {
    expect(await search({ customer_name: "SMITH" })).toEqual(["mug"]);
    expect(await search({ customer_name: "jane s" })).toEqual(["mug"]);
    expect(await search({ customer_name: "stone" })).toEqual(["teapot"]);
    expect(await search({ customer_name: "Springfield" }), "the city is not the name").toEqual([]);
    expect(await search({ customer_name: "smithers" }), "the company is not the name").toEqual([]);
    expect(await search({ customer_name: "nobody" })).toEqual([]);
    await refused({ "search[customer_name]": "   " }, "search[customer_name]");
  });

  it("public_reference: the PO number as printed, or its number alone", async () => {
    for (const reference of ["PO-0002", "po-2", "PO2", "2", "0002"]) expect(await search({ public_reference: reference })).toEqual(["teapot"]);
    expect(await search({ public_reference: "PO-0099" })).toEqual([]);
    await refused({ "search[public_reference]": "PO-X" }, "search[public_reference]");
  });

  it("order_public_reference: a whole linked sales order number, any case, the # optional", async () => {
    expect(await search({ order_public_reference: "#1001" })).toEqual(["mug"]);
    expect(await search({ order_public_reference: "1001" })).toEqual(["mug"]);
    expect(await search({ order_public_reference: "1002" })).toEqual(["teapot"]);
    expect(await search({ order_public_reference: "#1002" })).toEqual(["teapot"]);
    expect(await search({ order_public_reference: "so-55" })).toEqual(["teapot"]);
    expect(await search({ order_public_reference: "100" }), "a part is not a whole number").toEqual([]);
  });

  it("vendor_reference: the whole reference, any case", async () => {
    expect(await search({ vendor_reference: "acme-77" })).toEqual(["mug"]);
    expect(await search({ vendor_reference: "ACME-7" })).toEqual(["teapot"]);
    expect(await search({ vendor_reference: "ACME" })).toEqual([]);
  });

  it("order_item_name: part of a line's product title, variant title or SKU, any case; % and _ are plain characters", async () => {
    expect(await search({ order_item_name: "mug" })).toEqual(["mug"]);
    expect(await search({ order_item_name: "LARGE" })).toEqual(["mug"]);
    expect(await search({ order_item_name: "tp-" })).toEqual(["teapot"]);
    expect(await search({ order_item_name: "product" }), "createOrder's own lines").toEqual([
      "globex",
      "overdue",
      "promisedLater",
      "cancelled",
      "completed",
    ]);
    expect(await search({ order_item_name: "100%" })).toEqual(["towel"]);
    expect(await search({ order_item_name: "0%_T" })).toEqual([]);
    expect(await search({ order_item_name: "_" })).toEqual([]);
    expect(await search({ order_item_name: "kettle" })).toEqual([]);
  });

  it("fulfilled: received or completed", async () => {
    expect(await search({ fulfilled: "true" })).toEqual(["completed", "towel"]);
    expect(await search({ fulfilled: "false" })).toEqual(["globex", "overdue", "promisedLater", "cancelled", "teapot", "mug"]);
  });

  it("late: still awaited and the promise date (else the expected arrival) is past", async () => {
    // teapot: promised long ago; overdue: expected long ago; promisedLater: expected long ago but
    // promised for later; towel and cancelled: expected long ago but no longer awaited.
    expect(await search({ late: "true" })).toEqual(["overdue", "teapot"]);
    expect(await search({ late: "false" })).toEqual(["globex", "promisedLater", "cancelled", "completed", "towel", "mug"]);
  });

  it("late: a due day is late only once it has passed where the shop is", async () => {
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York" }).format(new Date());
    const yesterday = new Date(new Date(`${today}T00:00:00Z`).getTime() - 86_400_000);
    // updatedAt as made, for the updated_at tests.
    const promise = (promiseDate: Date | null) =>
      f.db.purchaseOrder.update({ where: { id: ids.globex }, data: { promiseDate, updatedAt: new Date("2026-03-01T12:00:00Z") } });
    await promise(new Date(`${today}T00:00:00Z`));
    expect(await search({ late: "true" })).not.toContain("globex");
    await promise(yesterday);
    expect(await search({ late: "true" })).toContain("globex");
    await promise(null);
  });

  it("confirmed: marked by the supplier, confirmed in full, or a confirmed status", async () => {
    expect(await search({ confirmed: "true" })).toEqual(["promisedLater", "completed", "teapot"]);
    expect(await search({ confirmed: "false" })).toEqual(["globex", "overdue", "cancelled", "towel", "mug"]);
  });

  it("canceled: only the cancelled orders, or none of them", async () => {
    expect(await search({ canceled: "true" })).toEqual(["cancelled"]);
    expect(await search({ canceled: "false" })).toEqual(ALL.filter((name) => name !== "cancelled"));
  });

  it("booleans: true/1/yes and false/0/no in any case; anything else is refused naming the field", async () => {
    for (const yes of ["true", "TRUE", "1", "yes", "Yes"]) expect(await search({ canceled: yes })).toEqual(["cancelled"]);
    for (const no of ["false", "False", "0", "no", "NO"]) expect(await search({ canceled: no })).not.toContain("cancelled");
    for (const field of ["fulfilled", "late", "confirmed", "canceled"]) {
      const error = await refused({ [`search[${field}]`]: "maybe" }, `search[${field}]`);
      expect(error.message).toMatch(/true, 1 or yes/);
    }
    await refused({ "search[late]": "" }, "search[late]");
  });

  it("supplier_id: that supplier's orders; another shop's supplier matches nothing", async () => {
    expect(await search({ supplier_id: globexId })).toEqual(["globex"]);
    expect(await search({ supplier_id: otherSupplierId })).toEqual([]);
  });

  it("combines filters: every one given must match", async () => {
    expect(await search({ customer_name: "smith", status: "draft" })).toEqual(["mug"]);
    expect(await search({ customer_name: "smith", status: "sent" })).toEqual([]);
    expect(await search({ late: "true", confirmed: "yes" })).toEqual(["teapot"]);
    expect(await search({ late: "true", confirmed: "no" })).toEqual(["overdue"]);
    expect(await search({ fulfilled: "0", canceled: "0", supplier_id: f.supplierId, confirmed: "0" })).toEqual(["overdue", "mug"]);
    const allText = { order_item_name: "mug", vendor_reference: "acme-77", order_public_reference: "1001", public_reference: "1" };
    expect(await search(allText)).toEqual(["mug"]);
    expect(await search({ order_item_name: "mug", ids: ids.teapot! })).toEqual([]);
  });

  it("never returns another shop's orders, however alike", async () => {
    const searches: Array<Record<string, string>> = [
      {},
      { customer_name: "jane" },
      { order_item_name: "blue mug" },
      { vendor_reference: "ACME-77" },
      { order_public_reference: "#1001" },
      { public_reference: "PO-0001" },
      { created_at_min: "2026-01-02T05:00:00Z", created_at_max: "2026-01-02T05:00:00Z" },
    ];
    for (const filters of searches) expect(await search(filters)).not.toContain(`foreign ${otherShopOrderId}`);
    expect(await search({ public_reference: "PO-0001" })).toEqual(["mug"]);
  });

  it("refuses an unknown search field", async () => {
    const error = await refused({ "search[colour]": "blue" }, "search[colour]");
    expect(error.fields).toEqual({ "search[colour]": "Unknown field" });
  });
});

describe("times", () => {
  it("records the shop's time zone from Shopify", async () => {
    expect((await f.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).ianaTimezone).toBe("America/New_York");
    const { recordInstalledShop } = await import("~/services/shops.server");
    // A refresh that does not know the zone (and one Shopify could name but this runtime cannot read) keeps it.
    await recordInstalledShop(f.db, { id: "gid://shopify/Shop/1", domain: SHOP, name: SHOP, currencyCode: "USD" });
    await recordInstalledShop(f.db, { id: "gid://shopify/Shop/1", domain: SHOP, name: SHOP, currencyCode: "USD", ianaTimezone: "Mars/Olympus" });
    expect((await f.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).ianaTimezone).toBe("America/New_York");
    expect((await f.db.shop.findUniqueOrThrow({ where: { domain: OTHER_SHOP } })).ianaTimezone, "a new shop without one: UTC").toBe("UTC");
  });

  it("reads a time without an offset in the shop's time zone (New York: 00:00 in January is 05:00Z)", async () => {
    expect(await search({ created_at_min: "2026-01-02T00:00:00", created_at_max: "2026-01-31T00:00:00" })).toEqual(["teapot"]);
    expect(await search({ created_at_min: "2026-01-02T00:00", created_at_max: "2026-01-31" })).toEqual(["teapot"]);
    expect(await search({ created_at_max: "2026-01-01T23:59:59.999" })).toEqual(["mug"]);
  });

  it("uses a time with an offset as given", async () => {
    expect(await search({ created_at_min: "2026-01-02T00:00:00Z", created_at_max: "2026-01-03T00:00:00Z" })).toEqual(["teapot", "mug"]);
    expect(await search({ created_at_min: "2026-01-02T05:59:00+01:00", created_at_max: "2026-01-02T05:59:00+01:00" })).toEqual(["mug"]);
    expect(await search({ created_at_min: "2026-01-02T00:00:00-05:00", created_at_max: "2026-01-02T00:00:00-05:00" })).toEqual(["teapot"]);
  });

  it("reads an unencoded + (a space once decoded) as the offset's sign", async () => {
    const query = "search[created_at_min]=2026-01-02T05:59:00+01:00&search[created_at_max]=2026-01-02T06:00:00+01:00";
    const result = await f.reader.request("GET", `/api/v1/purchase_orders?${query}`);
    expect(result.status).toBe(200);
    expect(result.body.purchase_orders.map((order: { id: string }) => order.id)).toEqual([ids.teapot, ids.mug]);
  });

  it("follows daylight saving: in July New York is 4 hours behind UTC", async () => {
    expect(await search({ created_at_min: "2026-07-01T00:00:00", created_at_max: "2026-07-31" })).toEqual(["completed"]);
    expect(await search({ created_at_min: "2026-06-30", created_at_max: "2026-06-30" })).toEqual(["towel"]);
  });

  it("a day alone: from its start (min) and to its end (max) in the shop's time zone", async () => {
    expect(await search({ created_at_min: "2026-01-02", created_at_max: "2026-01-02" })).toEqual(["teapot"]);
    expect(await search({ created_at_min: "2026-01-01", created_at_max: "2026-01-01" })).toEqual(["mug"]);
  });

  it("updated_at and sent_at; never-sent orders never match sent_at", async () => {
    expect(await search({ updated_at_min: "2026-04-01" })).toEqual(["mug"]);
    expect(await search({ updated_at_max: "2026-04-01" })).toEqual(ALL.filter((name) => name !== "mug"));
    // 2026-02-11T04:59Z is still 10 February in New York, 05:00Z is 11 February.
    expect(await search({ sent_at_max: "2026-02-10" })).toEqual(["teapot"]);
    expect(await search({ sent_at_min: "2026-02-11", sent_at_max: "2026-02-11" })).toEqual(["towel"]);
    expect(await search({ sent_at_min: "2000-01-01" })).toEqual(["completed", "towel", "teapot"]);
    expect(await search({ sent_at_min: "2026-03-01" })).toEqual([]);
  });

  it("refuses what is not an ISO 8601 date or time, naming the field", async () => {
    for (const [field, value] of [
      ["created_at_min", "yesterday"],
      ["created_at_max", "2026-02-30"],
      ["updated_at_min", "2026-01-31T24:00:00"],
      ["updated_at_max", "2026-01-31T10:00:00+25:00"],
      ["sent_at_min", "31/01/2026"],
      ["sent_at_max", "2026-01-31Z"],
    ]) {
      const error = await refused({ [`search[${field}]`]: value! }, `search[${field}]`);
      expect(error.message).toMatch(/ISO 8601/);
    }
  });
});

describe("paging", () => {
  it("splits the matches into pages: full pages, the last partial one, and empty pages past the end", async () => {
    const page = async (number: number) =>
      (await f.reader.call("list_purchase_orders", { query: { page: number, per_page: 3 } })).body as {
        purchase_orders: Array<{ id: string }>;
        paging: unknown;
      };
    const pages = await Promise.all([1, 2, 3, 4].map(page));
    expect(pages.map((result) => result.paging)).toEqual(
      [1, 2, 3, 4].map((number) => ({
        page: number,
        per_page: 3,
        total: ALL.length,
        total_pages: 3,
        next_after: number < 3 ? expect.any(String) : null,
      })),
    );
    expect(pages.flatMap((result) => result.purchase_orders.map((order) => order.id))).toEqual(ALL.map((name) => ids[name]));
    expect(pages.map((result) => result.purchase_orders.length)).toEqual([3, 3, 2, 0]);
  });

  it("pages the filtered matches, not all orders", async () => {
    const result = await f.reader.call("list_purchase_orders", { query: { "search[fulfilled]": "false", page: 2, per_page: 4 } });
    expect(result.body.paging).toEqual({ page: 2, per_page: 4, total: 6, total_pages: 2, next_after: null });
    expect(result.body.purchase_orders.map((order: { id: string }) => order.id)).toEqual([ids.teapot, ids.mug]);
  });

  it("defaults to page 1 of 250; takes 250; refuses 251, 0 and page 0 (not capped)", async () => {
    expect((await f.reader.call("list_purchase_orders")).body.paging).toEqual({
      page: 1,
      per_page: 250,
      total: ALL.length,
      total_pages: 1,
      next_after: null,
    });
    expect((await f.reader.call("list_purchase_orders", { query: { per_page: 250 } })).body.purchase_orders).toHaveLength(ALL.length);
    const tooMany = await refused({ per_page: 251 }, "per_page");
    expect(tooMany.message).toMatch(/At most 250/);
    await refused({ per_page: 0 }, "per_page");
    await refused({ page: 0 }, "page");
    await refused({ page: "two" }, "page");
  });

  it("answers an empty page with total 0 when nothing matches", async () => {
    const result = await f.reader.call("list_purchase_orders", { query: { "search[customer_name]": "nobody" } });
    expect(result.body).toEqual({ purchase_orders: [], paging: { page: 1, per_page: 250, total: 0, total_pages: 0, next_after: null } });
  });

  /** Every page from the first, each `after` the one before, with `query`: the ids, page by page; `between` runs after the first page. */
  async function walk(query: Record<string, string | number>, between: () => Promise<unknown> = async () => undefined) {
    const pages: string[][] = [];
    let after: string | null | undefined;
    do {
      const result = await f.reader.call("list_purchase_orders", { query: { ...query, ...(after ? { after } : {}) } });
      expect(result.status).toBe(200);
      pages.push(result.body.purchase_orders.map((order: { id: string }) => order.id));
      after = result.body.paging.next_after as string | null;
      if (pages.length === 1) await between();
    } while (after);
    return pages;
  }

  it("pages by cursor (`after` a page's `next_after`), with and without a text filter, to the last page (next_after null)", async () => {
    expect((await walk({ per_page: 3 })).flat()).toEqual(ALL.map((name) => ids[name]));
    const lines = await walk({ per_page: 1, "search[order_item_name]": "product" });
    expect(lines.every((page) => page.length === 1)).toBe(true);
    expect(lines.flat()).toEqual(
      (await f.reader.call("list_purchase_orders", { query: { "search[order_item_name]": "product" } })).body.purchase_orders.map(
        (order: { id: string }) => order.id,
      ),
    );
  });

  it("a cursor's pages skip nothing and repeat nothing while orders are created meanwhile; `page` would", async () => {
    let created = "";
    const pages = await walk({ per_page: 3 }, async () => {
      created = await makeOrder(SHOP, f.supplierId, { line: { productTitle: "Late arrival", variantTitle: null, sku: null } });
    });
    expect(pages.flat()).toEqual(ALL.map((name) => ids[name]));
    // By page number, the new order pushes the third order onto page 2 as well.
    const second = await f.reader.call("list_purchase_orders", { query: { per_page: 3, page: 2 } });
    expect(second.body.purchase_orders[0].id).toBe(ids[ALL[2]!]);
    await f.db.purchaseOrder.delete({ where: { id: created } });
  });

  it("refuses a cursor it did not give, and `after` with `page`, naming the parameter", async () => {
    for (const after of ["nonsense", btoa(JSON.stringify(["12", "x"])), btoa('[1.5,"x"]')]) {
      expect((await refused({ after }, "after")).message).toMatch(/next_after/);
    }
    const first = await f.reader.call("list_purchase_orders", { query: { per_page: 1 } });
    await refused({ after: first.body.paging.next_after as string, page: 2 }, "page");
  });
});

describe("the OpenAPI document", () => {
  it("describes every search parameter", async () => {
    const document = (await (await fetch(`${f.server.origin}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, { get: { parameters: Array<{ name: string; schema: { description?: string } }> } }>;
    };
    const parameters = document.paths["/purchase_orders"]!.get.parameters;
    const undescribed = parameters.filter((parameter) => !parameter.schema.description).map((parameter) => parameter.name);
    expect(undescribed).toEqual([]);
    expect(parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(
        [
          "ids",
          "status",
          "customer_name",
          "public_reference",
          "order_public_reference",
          "vendor_reference",
          "order_item_name",
          "fulfilled",
          "late",
          "confirmed",
          "canceled",
          "supplier_id",
          "created_at_min",
          "created_at_max",
          "updated_at_min",
          "updated_at_max",
          "sent_at_min",
          "sent_at_max",
        ].map((name) => `search[${name}]`),
      ),
    );
  });
});
