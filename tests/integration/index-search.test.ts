import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEFAULT_INDEX_QUERY, type IndexQuery, type SortDirection, type SortKey } from "~/domain/purchase-order/index-query";
import { STATUS_TABS, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { searchIndex } from "~/services/purchase-order-search.server";
import { deleteSavedView, listSavedViews, saveView } from "~/services/saved-views.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * The purchase orders index's search on a real SQLite file: status tabs, filters, sorts, keyset
 * pages (equal sort keys across a page boundary), saved views, and another shop never reached.
 */
const SHOP = "index-search.myshopify.com";
const OTHER = "index-search-other.myshopify.com";
const NOW = new Date("2026-06-15T12:00:00Z");
const WAREHOUSE = "gid://shopify/Location/1";
const STORE = "gid://shopify/Location/2";

let database: TestDatabase;
let suppliers: { acme: string; bolt: string; zeta: string; elsewhere: string };
/** Order ids by name. */
const ids: Record<string, string> = {};

const query = (changes: Partial<IndexQuery> = {}): IndexQuery => ({ ...DEFAULT_INDEX_QUERY, ...changes });

async function names(changes: Partial<IndexQuery>): Promise<string[]> {
  const page = await searchIndex(database.db, SHOP, query(changes), { pageSize: 500 }, NOW);
  return page.orders.map((order) => nameOf(order.id));
}

function nameOf(id: string): string {
  return Object.entries(ids).find(([, candidate]) => candidate === id)?.[0] ?? `other:${id}`;
}

/** Every row, page by page of `pageSize`, following Next; then back again following Previous. */
async function walk(changes: Partial<IndexQuery>, pageSize: number) {
  const forward: string[][] = [];
  let page = await searchIndex(database.db, SHOP, query(changes), { pageSize }, NOW);
  forward.push(page.orders.map((order) => nameOf(order.id)));
  expect(page.previous).toBeNull();
  while (page.next) {
    page = await searchIndex(database.db, SHOP, query(changes), { pageSize, after: page.next }, NOW);
    forward.push(page.orders.map((order) => nameOf(order.id)));
  }
  const backward: string[][] = [page.orders.map((order) => nameOf(order.id))];
  while (page.previous) {
    page = await searchIndex(database.db, SHOP, query(changes), { pageSize, before: page.previous }, NOW);
    backward.unshift(page.orders.map((order) => nameOf(order.id)));
  }
  return { forward, backward };
}

async function make(
  name: string,
  supplierId: string,
  quantities: number[],
  fields: { status?: PurchaseOrderStatus; locationId?: string; expected?: string; promise?: string; sku?: string; createdAt?: string } = {},
) {
  const order = await createOrder(database.db, SHOP, supplierId, quantities);
  await database.db.purchaseOrder.update({
    where: { id: order.id },
    data: {
      status: fields.status ?? "draft",
      locationId: fields.locationId ?? WAREHOUSE,
      expectedArrivalAt: fields.expected ? new Date(`${fields.expected}T00:00:00Z`) : null,
      promiseDate: fields.promise ? new Date(`${fields.promise}T00:00:00Z`) : null,
      createdAt: new Date(fields.createdAt ?? "2026-06-01T00:00:00Z"),
    },
  });
  if (fields.sku) await database.db.purchaseOrderLine.updateMany({ where: { purchaseOrderId: order.id }, data: { sku: fields.sku } });
  ids[name] = order.id;
  return order.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const installed = await installShop(database.db, { domain: SHOP }, ["Acme", "Bolt", "Zeta"]);
  const other = await installShop(database.db, { domain: OTHER }, ["Acme"]);
  suppliers = {
    acme: installed.suppliers[0]!.id,
    bolt: installed.suppliers[1]!.id,
    zeta: installed.suppliers[2]!.id,
    elsewhere: other.suppliers[0]!.id,
  };
  // Totals: 2.50 a unit. Several orders share a total, an expected day and a supplier, for the page boundaries.
  await make("draft1", suppliers.acme, [2], { expected: "2026-06-20", createdAt: "2026-06-01T00:00:00Z", sku: "MUG-BLUE" });
  await make("draft2", suppliers.bolt, [4], { expected: "2026-06-20", createdAt: "2026-06-02T00:00:00Z" });
  await make("sent", suppliers.acme, [2], { status: "sent", expected: "2026-06-10", createdAt: "2026-06-03T00:00:00Z" });
  await make("paused", suppliers.zeta, [2], { status: "paused", locationId: STORE, createdAt: "2026-06-04T00:00:00Z" });
  await make("confirmed", suppliers.bolt, [2], {
    status: "confirmed",
    expected: "2026-06-20",
    promise: "2026-06-14",
    createdAt: "2026-06-05T00:00:00Z",
  });
  await make("partial", suppliers.acme, [6], {
    status: "partially_received",
    locationId: STORE,
    expected: "2026-06-30",
    createdAt: "2026-06-06T00:00:00Z",
  });
  await make("received", suppliers.zeta, [2], { status: "received", expected: "2026-06-01", createdAt: "2026-06-07T00:00:00Z" });
  await make("completed", suppliers.acme, [2], { status: "completed", createdAt: "2026-06-08T00:00:00Z" });
  await make("cancelled", suppliers.bolt, [2], { status: "cancelled", expected: "2026-06-20", createdAt: "2026-06-08T00:00:00Z" });
  // Paid in full: 5.00.
  await database.db.payment.create({
    data: { purchaseOrderId: ids.received!, amount: "5.00", currencyCode: "USD", paidAt: NOW, status: "completed" },
  });
  // A lookalike in another shop: same supplier name, SKU, status and dates.
  const elsewhere = await createOrder(database.db, OTHER, suppliers.elsewhere, [2]);
  await database.db.purchaseOrderLine.updateMany({ where: { purchaseOrderId: elsewhere.id }, data: { sku: "MUG-BLUE" } });
});
afterAll(() => database.cleanup());

describe("status tabs", () => {
  it("show each order in its one tab, and every order under All", async () => {
    const expected: Record<string, string[]> = {
      all: ["cancelled", "completed", "received", "partial", "confirmed", "paused", "sent", "draft2", "draft1"],
      draft: ["draft2", "draft1"],
      open: ["paused", "sent"],
      awaiting_delivery: ["partial", "confirmed"],
      received: ["received"],
      completed: ["completed"],
      cancelled: ["cancelled"],
    };
    for (const tab of STATUS_TABS) expect(await names({ tab: tab.id }), tab.id).toEqual(expected[tab.id]);
  });
});

describe("filters", () => {
  it("narrow by supplier, destination and expected days (both ends included)", async () => {
    expect(await names({ supplierIds: [suppliers.zeta] })).toEqual(["received", "paused"]);
    expect(await names({ supplierIds: [suppliers.zeta, suppliers.bolt], tab: "draft" })).toEqual(["draft2"]);
    expect(await names({ locationIds: [STORE] })).toEqual(["partial", "paused"]);
    expect(await names({ expectedFrom: "2026-06-10", expectedTo: "2026-06-20", tab: "draft" })).toEqual(["draft2", "draft1"]);
    expect(await names({ expectedFrom: "2026-06-21" })).toEqual(["partial"]);
    expect(await names({ expectedTo: "2026-06-10" })).toEqual(["received", "sent"]);
  });

  it("overdue: goods awaited and the promise date, else the expected date, a day past in the shop", async () => {
    // confirmed: promised the 14th (expected the 20th); sent: expected the 10th; received is settled.
    expect(await names({ overdue: true })).toEqual(["confirmed", "sent"]);
  });

  it("paid and unpaid", async () => {
    expect(await names({ paid: "paid" })).toEqual(["received"]);
    expect(await names({ paid: "unpaid" })).not.toContain("received");
    expect(await names({ paid: "unpaid" })).toHaveLength(8);
  });

  it("search by PO number, supplier and a line's SKU, never reaching another shop", async () => {
    const number = (await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: ids.partial! } })).number;
    expect(await names({ search: `PO-${String(number).padStart(4, "0")}` })).toEqual(["partial"]);
    expect(await names({ search: "zet" })).toEqual(["received", "paused"]);
    expect(await names({ search: "mug-blue" })).toEqual(["draft1"]);
    expect(await names({ search: "nothing like it" })).toEqual([]);
  });

  it("rows carry the received progress, total in the order's currency, paid and overdue", async () => {
    await database.db.booking.create({
      data: {
        purchaseOrderId: ids.partial!,
        kind: "receipt",
        bookedAt: NOW,
        actorType: "merchant",
        actorId: "staff-1",
        lines: {
          create: [
            {
              lineId: (await database.db.purchaseOrderLine.findFirstOrThrow({ where: { purchaseOrderId: ids.partial! } })).id,
              received: 2,
              rejected: 0,
              cancelled: 1,
            },
          ],
        },
      },
    });
    const page = await searchIndex(database.db, SHOP, query({ tab: "awaiting_delivery" }), {}, NOW);
    // 6 ordered, 1 cancelled: 5 owed, 2 of them received; the total is what the 5 owed cost.
    expect(page.orders.find((order) => order.id === ids.partial)).toMatchObject({
      receivedUnits: 2,
      owedUnits: 5,
      total: "12.50",
      currencyCode: "USD",
      paid: false,
      overdue: false,
    });
    expect(page.orders.find((order) => order.id === ids.confirmed)).toMatchObject({ overdue: true, expectedArrivalDate: "2026-06-20" });
  });
});

describe("sorts", () => {
  const sorted = (sort: SortKey, direction: SortDirection, tab: IndexQuery["tab"] = "all") => names({ sort, direction, tab });

  it("by number, created, supplier, expected day (undated last) and total, either way", async () => {
    expect(await sorted("number", "asc", "draft")).toEqual(["draft1", "draft2"]);
    expect(await sorted("created", "desc", "awaiting_delivery")).toEqual(["partial", "confirmed"]);
    expect((await sorted("supplier", "asc")).slice(0, 4).sort()).toEqual(["completed", "draft1", "partial", "sent"]);
    expect((await sorted("supplier", "desc")).slice(0, 2).sort()).toEqual(["paused", "received"]);
    const byExpected = await sorted("expected", "asc");
    expect(byExpected.slice(0, 2)).toEqual(["received", "sent"]);
    expect(byExpected.slice(-2).sort()).toEqual(["completed", "paused"]);
    expect((await sorted("expected", "desc"))[0]).toBe("partial");
    expect((await sorted("expected", "desc")).slice(-2).sort()).toEqual(["completed", "paused"]);
    expect(await sorted("total", "desc", "awaiting_delivery")).toEqual(["partial", "confirmed"]);
    expect((await sorted("total", "asc")).at(-1)).toBe("partial");
  });
});

describe("keyset pages", () => {
  const cases: Array<[SortKey, SortDirection]> = [
    ["number", "desc"],
    ["created", "asc"],
    ["supplier", "asc"],
    ["supplier", "desc"],
    ["expected", "asc"],
    ["expected", "desc"],
    ["total", "asc"],
    ["total", "desc"],
  ];
  for (const [sort, direction] of cases) {
    it(`by ${sort} ${direction}: page boundaries among equal keys neither repeat nor skip a row, both ways`, async () => {
      const all = await names({ sort, direction });
      for (const pageSize of [1, 2, 3, 4]) {
        const { forward, backward } = await walk({ sort, direction }, pageSize);
        expect(forward.flat(), `page size ${pageSize}`).toEqual(all);
        expect(forward.every((page) => page.length > 0 && page.length <= pageSize)).toBe(true);
        expect(backward, `page size ${pageSize}, back`).toEqual(forward);
      }
    });
  }

  it("with the paid filter too, and a cursor that is not one shows the first page", async () => {
    const { forward } = await walk({ paid: "unpaid", sort: "number", direction: "asc" }, 3);
    expect(forward.flat()).toEqual(await names({ paid: "unpaid", sort: "number", direction: "asc" }));
    const first = await searchIndex(database.db, SHOP, query(), { pageSize: 2 }, NOW);
    for (const after of ["not a cursor", "WzEsMl0", btoa(JSON.stringify(["x", "y"]))]) {
      const page = await searchIndex(database.db, SHOP, query(), { pageSize: 2, after }, NOW);
      expect(page.orders.map((order) => order.id)).toEqual(first.orders.map((order) => order.id));
    }
  });
});

describe("empty", () => {
  it("tells a shop without orders from a search matching none", async () => {
    expect(await searchIndex(database.db, SHOP, query({ search: "nothing like it" }), {}, NOW)).toMatchObject({ orders: [], shopHasOrders: true });
    await installShop(database.db, { domain: "index-empty.myshopify.com" });
    expect(await searchIndex(database.db, "index-empty.myshopify.com", query(), {}, NOW)).toMatchObject({
      orders: [],
      shopHasOrders: false,
      previous: null,
      next: null,
    });
  });
});

describe("saved views", () => {
  it("are saved per shop under a name, replaced under the same name, and deleted", async () => {
    const overdueDrafts = query({ tab: "draft", overdue: true, supplierIds: [suppliers.acme], sort: "total", direction: "asc" });
    await saveView(database.db, SHOP, "  Overdue drafts ", overdueDrafts);
    await saveView(database.db, SHOP, "Paid", query({ paid: "paid" }));
    expect(await listSavedViews(database.db, SHOP)).toMatchObject([
      { name: "Overdue drafts", query: overdueDrafts },
      { name: "Paid", query: query({ paid: "paid" }) },
    ]);
    await saveView(database.db, SHOP, "Paid", query({ paid: "paid", tab: "received" }));
    const views = await listSavedViews(database.db, SHOP);
    expect(views.map((view) => [view.name, view.query.tab])).toEqual([
      ["Overdue drafts", "draft"],
      ["Paid", "received"],
    ]);
    expect(await listSavedViews(database.db, OTHER)).toEqual([]);
    // Another shop can neither see nor delete them.
    await expect(deleteSavedView(database.db, OTHER, views[0]!.id)).rejects.toMatchObject({ code: "not_found" });
    await deleteSavedView(database.db, SHOP, views[0]!.id);
    expect((await listSavedViews(database.db, SHOP)).map((view) => view.name)).toEqual(["Paid"]);
  });

  it("refuse a blank or overlong name, naming the field, saving nothing", async () => {
    const before = await listSavedViews(database.db, SHOP);
    await expect(saveView(database.db, SHOP, "   ", query())).rejects.toMatchObject({ fieldErrors: { name: "Give the view a name" } });
    await expect(saveView(database.db, SHOP, "x".repeat(41), query())).rejects.toMatchObject({
      fieldErrors: { name: expect.stringContaining("40") },
    });
    expect(await listSavedViews(database.db, SHOP)).toEqual(before);
  });
});
