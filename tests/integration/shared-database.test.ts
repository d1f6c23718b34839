import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { describeError } from "~/api/errors.server";
import { createPrismaClient, DatabaseBusyError, isDatabaseBusy } from "~/db-client.server";
import { createApiKey } from "~/services/api-keys.server";
import { createDelivery } from "~/services/deliveries.server";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { holdWriteLock, startAppWriter, stopAll } from "../support/processes";
import { installShop } from "../support/shopify";

/**
 * The app, `npm run worker` and scripts are separate processes on one database, a SQLite file or
 * PostgreSQL (decisions 010, 016): a write waits for another process's
 * transaction instead of failing, and a wait longer than the bound is a clear refusal that
 * changed nothing.
 */
const SHOP = "shared.myshopify.com";
const actor = { type: "system", id: "test" } as const;
let database: TestDatabase;
let supplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
});
afterAll(async () => {
  stopAll();
  await database.cleanup();
});

/** Sent orders, which take deliveries. */
async function sentOrders(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const order = await createOrder(database.db, SHOP, supplierId, [5]);
    await database.db.purchaseOrder.update({ where: { id: order.id }, data: { status: "sent", sentAt: new Date() } });
    ids.push(order.id);
  }
  return ids;
}

describe("two processes on one database", () => {
  it("a write waits for the other process's transaction, then succeeds", async () => {
    const holder = holdWriteLock(database.url);
    await holder.locked;
    const client = createPrismaClient(database.url);
    try {
      const created = client.shop.create({ data: { domain: "mine.myshopify.com", name: "Mine", currencyCode: "USD" } });
      await holder.release();
      await created;
      expect((await client.shop.findMany({ where: { domain: { not: SHOP } }, orderBy: { domain: "asc" } })).map((shop) => shop.domain)).toEqual([
        "mine.myshopify.com",
        "other.myshopify.com",
      ]);
    } finally {
      await client.shop.deleteMany({ where: { domain: { in: ["mine.myshopify.com", "other.myshopify.com"] } } });
      await client.$disconnect();
    }
  });

  it(
    "two app processes opening deliveries at once (read, then write): none fails, and each order's numbers run 1, 2, 3… without a gap or a repeat",
    { timeout: 120_000 },
    async () => {
      const orders = await sentOrders(4);
      const writers = [
        startAppWriter({ databaseUrl: database.url, shopDomain: SHOP, orderIds: orders.slice(0, 2), count: 99 }),
        startAppWriter({ databaseUrl: database.url, shopDomain: SHOP, orderIds: orders.slice(2), count: 99 }),
      ];
      await Promise.all(writers.map((writer) => writer.ready));
      for (const writer of writers) writer.go();
      const results = await Promise.all(writers.map((writer) => writer.result()));

      expect(results.flatMap((result) => result.errors)).toEqual([]);
      expect(results.map((result) => result.succeeded)).toEqual([99, 99]);
      for (const orderId of orders) {
        const numbers = (await database.db.delivery.findMany({ where: { purchaseOrderId: orderId }, orderBy: { number: "asc" } })).map(
          (delivery) => delivery.number,
        );
        expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
      }
      expect(await database.db.delivery.count({ where: { purchaseOrderId: { in: orders } } })).toBe(198);
    },
  );

  it("a write that would wait longer than the bound is refused as busy (an API 503 with Retry-After) and changes nothing; the same client writes once the lock is free", async () => {
    const [orderId] = await sentOrders(1);
    const client = createPrismaClient(database.url, { writeLockWaitMs: 300 });
    const holder = holdWriteLock(database.url);
    try {
      await holder.locked;
      const refused = await createDelivery(client, SHOP, actor, orderId!).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(DatabaseBusyError);
      expect(isDatabaseBusy(refused)).toBe(true);
      expect(describeError(refused)).toMatchObject({ status: 503, body: { code: "database_busy" }, headers: { "Retry-After": "2" } });
      await holder.release();
      expect(await client.delivery.count({ where: { purchaseOrderId: orderId! } })).toBe(0);

      expect((await createDelivery(client, SHOP, actor, orderId!)).number).toBe(1);
    } finally {
      await holder.release();
      await client.shop.deleteMany({ where: { domain: "other.myshopify.com" } });
      await client.$disconnect();
    }
  });

  it("an API request whose key check or call log meets a busy database answers 503 (or its decided answer), never a 500", async () => {
    useProductionLikeEnvironment(database.url);
    const { handleApiRequest } = await import("~/api/router.server");
    const { key } = await createApiKey(database.db, SHOP, actor, { name: "busy", scope: "read" });
    const client = createPrismaClient(database.url, { writeLockWaitMs: 300 });
    const holder = holdWriteLock(database.url);
    const request = () => new Request("http://inbound.test/api/v1/suppliers", { headers: { Authorization: `Bearer ${key}` } });
    try {
      await holder.locked;
      const refused = await handleApiRequest(client, request());
      expect(refused.status).toBe(503);
      expect(refused.headers.get("Retry-After")).toBe("2");
      expect(await refused.json()).toMatchObject({ error: { code: "database_busy" } });
      await holder.release();
      expect((await handleApiRequest(client, request())).status).toBe(200);
    } finally {
      await holder.release();
      await client.shop.deleteMany({ where: { domain: "other.myshopify.com" } });
      await client.$disconnect();
    }
  });
});
