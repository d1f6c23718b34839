import { afterAll, beforeAll, describe, test } from "vitest";

import { testDraftOrder, testLine } from "~/domain/purchase-order/fixtures";
import { decide } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { DEFAULT_INDEX_QUERY } from "~/domain/purchase-order/index-query";
import { searchIndex } from "~/services/purchase-order-search.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * What a large merchant does most: act on a 250-line order, and open the index of a shop with
 * many orders. `npm run bench` reports these; no test asserts on time.
 */
const context = {
  now: new Date(),
  newId: (() => {
    let id = 0;
    return () => `id-${(id += 1)}`;
  })(),
};
const LINES = 250;

function sentOrder(lines: number): PurchaseOrderState {
  const draft = testDraftOrder(Array.from({ length: lines }, (_, index) => testLine(`l${index}`, 10 + (index % 7))));
  return decide(draft, { action: "send", via: "manual" }, context).next;
}

describe("lifecycle core (pure)", () => {
  const order = sentOrder(LINES);
  const receipt = {
    action: "receive" as const,
    lines: order.lines.map((line) => ({ lineId: line.id, received: 5, rejected: 0, cancelled: 0, reason: null })),
  };
  test(`confirm all on a ${LINES}-line order`, async ({ bench }) => {
    await bench("decide confirm_all", () => {
      decide(order, { action: "confirm_all" }, context);
    }).run();
  });
  test(`receive every line of a ${LINES}-line order`, async ({ bench }) => {
    await bench("decide receive", () => {
      decide(order, receipt, context);
    }).run();
  });
});

describe("services on SQLite", () => {
  const SHOP = "bench.myshopify.com";
  let database: TestDatabase;
  let orderId = "";

  beforeAll(async () => {
    database = await createTestDatabase();
    const supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
    for (let index = 0; index < 500; index += 1) await createOrder(database.db, SHOP, supplierId, [3, 4, 5]);
    orderId = (
      await createOrder(
        database.db,
        SHOP,
        supplierId,
        Array.from({ length: LINES }, () => 12),
      )
    ).id;
    await performAction({ db: database.db }, SHOP, { type: "system", id: "bench" }, orderId, { action: "send", via: "manual" });
  });
  afterAll(() => database.cleanup());

  test("the index's first page (50) of a shop's 500 purchase orders", async ({ bench }) => {
    await bench("searchIndex", async () => {
      await searchIndex(database.db, SHOP, DEFAULT_INDEX_QUERY);
    }).run();
  });
  test(`load a ${LINES}-line order`, async ({ bench }) => {
    await bench("loadOrderState", async () => {
      await loadOrderState(database.db, SHOP, orderId);
    }).run();
  });
  test(`pause and resume a ${LINES}-line order (two saved actions)`, async ({ bench }) => {
    await bench("performAction pause + resume", async () => {
      await performAction({ db: database.db }, SHOP, { type: "system", id: "bench" }, orderId, { action: "pause" });
      await performAction({ db: database.db }, SHOP, { type: "system", id: "bench" }, orderId, { action: "resume" });
    }).run();
  });
});
