import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEFAULT_INDEX_QUERY, type IndexQuery } from "~/domain/purchase-order/index-query";
import { searchIndex } from "~/services/purchase-order-search.server";

import { startApiFixture, type ApiFixture } from "../support/api";

/**
 * A text search matching thousands of orders (the issue measured 10 000 orders): more matches
 * than one SQL statement may bind. It answers with the right total and page, newest first,
 * combined with a structured filter, never a 500 (P2029); the index's search pages through them
 * by cursor in either sort direction.
 */
const SHOP = "search-at-size.myshopify.com";
const MATCHING = 5000;
const OTHERS = 500;

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture(SHOP);
  // Numbers 1…5500: every 11th order is not a lantern; every other lantern is sent.
  const orders = Array.from({ length: MATCHING + OTHERS }, (_, index) => ({
    id: `order-${index + 1}`,
    shopId: f.shopId,
    number: index + 1,
    status: index % 2 === 0 ? "sent" : "draft",
    supplierId: f.supplierId,
    currencyCode: "USD",
  }));
  const isLantern = (number: number) => number % 11 !== 0;
  await f.db.purchaseOrder.createMany({ data: orders });
  await f.db.purchaseOrderLine.createMany({
    data: orders.map((order) => ({
      purchaseOrderId: order.id,
      position: 0,
      productTitle: isLantern(order.number) ? "Brass Lantern" : "Teapot",
      sku: isLantern(order.number) ? `LAN-${order.number}` : `TEA-${order.number}`,
      quantityOrdered: 1,
      unitCost: "2",
    })),
  });
  await f.db.shop.update({ where: { id: f.shopId }, data: { nextPoNumber: orders.length + 1 } });
  expect(orders.filter((order) => isLantern(order.number))).toHaveLength(MATCHING);
}, 120_000);
afterAll(async () => f.close());

/** The page's order numbers (PO-0012 is 12). */
const numbersOf = (page: { purchase_orders: Array<{ name: string }> }) => page.purchase_orders.map((order) => Number(order.name.replace(/^PO-/, "")));

/** The numbers of the seeded orders that `matches`, highest first. */
const newestFirst = (matches: (number: number) => boolean) =>
  Array.from({ length: MATCHING + OTHERS }, (_, index) => MATCHING + OTHERS - index).filter(matches);

it(`searches a term matching ${MATCHING} orders: the total, and pages newest first`, async () => {
  const first = await f.reader.call("list_purchase_orders", { query: { "search[order_item_name]": "lantern", per_page: 250 } });
  expect(first.status).toBe(200);
  expect(first.body.paging.total).toBe(MATCHING);
  const numbers = numbersOf(first.body);
  expect(numbers).toEqual(newestFirst((number) => number % 11 !== 0).slice(0, 250));

  const last = await f.reader.call("list_purchase_orders", { query: { "search[order_item_name]": "lantern", per_page: 250, page: MATCHING / 250 } });
  expect(numbersOf(last.body).at(-1)).toBe(1);
});

it("combines the text search with a structured filter over all the matches", async () => {
  const sent = await f.reader.call("list_purchase_orders", {
    query: { "search[order_item_name]": "LANTERN", "search[status]": "sent", per_page: 10 },
  });
  expect(sent.status).toBe(200);
  // Odd numbers are sent; of 1…5500 that is 2750, less the odd multiples of 11 (250).
  expect(sent.body.paging.total).toBe(2500);
  expect(numbersOf(sent.body)).toEqual(newestFirst((number) => number % 11 !== 0 && number % 2 === 1).slice(0, 10));
});

describe("the index's search by SKU, matching 5000 orders", () => {
  const lanterns = (query: Partial<IndexQuery>, paging = {}) =>
    searchIndex(f.db, SHOP, { ...DEFAULT_INDEX_QUERY, search: "lan-", ...query }, paging).then((page) => ({
      ...page,
      numbers: page.orders.map((order) => Number(order.name.replace(/^PO-/, ""))),
    }));
  const isLantern = (number: number) => number % 11 !== 0;

  it("pages newest first, forward and back, each lantern once", async () => {
    const first = await lanterns({});
    expect(first.numbers).toEqual(newestFirst(isLantern).slice(0, 50));
    const second = await lanterns({}, { after: first.next });
    expect(second.numbers).toEqual(newestFirst(isLantern).slice(50, 100));
    expect((await lanterns({}, { before: second.previous })).numbers).toEqual(first.numbers);
  });

  it("sorted by expected arrival (undated last), each page is the one a single statement over every match gives", async () => {
    // Every third order is due, on one of five days: ties and undated orders beyond a page.
    const dated = Array.from({ length: MATCHING + OTHERS }, (_, index) => index + 1).filter((number) => number % 3 === 0);
    for (const day of [1, 2, 3, 4, 5]) {
      await f.db.purchaseOrder.updateMany({
        where: { number: { in: dated.filter((number) => number % 5 === day - 1) } },
        data: { expectedArrivalAt: new Date(Date.UTC(2026, 2, day)) },
      });
    }
    // The oracle: the database's own order of every lantern in one statement.
    const oracle = (
      await f.db.purchaseOrder.findMany({
        where: { shopId: f.shopId, lines: { some: { sku: { startsWith: "LAN-" } } } },
        orderBy: [{ expectedArrivalAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        select: { number: true },
      })
    ).map((order) => order.number);
    const query = { sort: "expected" as const, direction: "asc" as const };
    const first = await lanterns(query);
    expect(first.numbers).toEqual(oracle.slice(0, 50));
    const second = await lanterns(query, { after: first.next });
    expect(second.numbers).toEqual(oracle.slice(50, 100));
    expect((await lanterns(query, { before: second.previous })).numbers).toEqual(first.numbers);
    // Past the last dated one, among the undated.
    const lastDated = dated.filter((number) => number % 11 !== 0).length;
    let page = first;
    while (page.numbers.length === 50 && oracle.indexOf(page.numbers.at(-1)!) < lastDated) page = await lanterns(query, { after: page.next });
    const start = oracle.indexOf(page.numbers[0]!);
    expect(page.numbers).toEqual(oracle.slice(start, start + 50));
    await f.db.purchaseOrder.updateMany({ where: { shopId: f.shopId }, data: { expectedArrivalAt: null } });
  });

  it("sorted the other way, starts from the oldest; with a status tab, only those", async () => {
    expect((await lanterns({ sort: "number", direction: "asc" })).numbers).toEqual(newestFirst(isLantern).reverse().slice(0, 50));
    const drafts = await lanterns({ tab: "draft" });
    expect(drafts.numbers).toEqual(newestFirst((number) => isLantern(number) && number % 2 === 0).slice(0, 50));
  });
});
