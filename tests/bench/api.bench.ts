import { afterAll, beforeAll, describe, test } from "vitest";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

import { apiReader } from "./api-reader";

/**
 * The REST API as a busy client uses it, through the whole router (key check, rate limit, strict
 * parsing, handler, call log) on SQLite with 500 orders: a full page of the list, a text search
 * and a 250-line order. Each call's rate-limit bucket is refilled before it, outside the timing.
 */
const SHOP = "api-bench.myshopify.com";
const LINES = 250;

describe("REST API on SQLite, 500 orders", () => {
  let database: TestDatabase;
  let reader: ReturnType<typeof apiReader>;
  let largeOrderId = "";

  beforeAll(async () => {
    database = await createTestDatabase();
    useProductionLikeEnvironment(database.url);
    const { handleApiRequest } = await import("~/api/router.server");
    const { createApiKey } = await import("~/services/api-keys.server");
    const supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
    for (let index = 0; index < 500; index += 1) await createOrder(database.db, SHOP, supplierId, [3, 4, 5]);
    largeOrderId = (
      await createOrder(
        database.db,
        SHOP,
        supplierId,
        Array.from({ length: LINES }, () => 12),
      )
    ).id;
    const { key } = await createApiKey(database.db, SHOP, { type: "system", id: "bench" }, { name: "Bench", scope: "read" });
    reader = apiReader(database.db, (request) => handleApiRequest(database.db, request), key);
  }, 120_000);
  afterAll(() => database.cleanup());

  const refill = () => reader.refill();
  const get = (path: string) => reader.get(path);

  test("a full page: GET /api/v1/purchase_orders?per_page=250", async ({ bench }) => {
    await bench("list 250 of 500", { beforeEach: refill }, () => get("/api/v1/purchase_orders?per_page=250")).run();
  });
  test("a text search over every line: search[order_item_name]", async ({ bench }) => {
    await bench("search item name", { beforeEach: refill }, () => get("/api/v1/purchase_orders?search%5Border_item_name%5D=product%202")).run();
  });
  test(`one ${LINES}-line order: GET /api/v1/purchase_orders/{id}`, async ({ bench }) => {
    await bench("get 250-line order", { beforeEach: refill }, () => get(`/api/v1/purchase_orders/${largeOrderId}`)).run();
  });
});
