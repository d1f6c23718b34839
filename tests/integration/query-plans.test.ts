import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listOrderAudit } from "~/services/audit.server";
import { listDeliveries } from "~/services/deliveries.server";
import { createPrismaClient } from "~/db-client.server";
import { DEFAULT_INDEX_QUERY } from "~/domain/purchase-order/index-query";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { searchIndex, searchPurchaseOrders } from "~/services/purchase-order-search.server";

import { createTestDatabase, TEST_DATABASE_PROVIDER, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { explainStatements, type Statement } from "../support/query-plans";
import { installShop } from "../support/shopify";

/**
 * What the database does for the reads that grow with a shop (issue #17): every statement Prisma
 * sends for them is explained by SQLite, and none may read a whole table of orders, lines or
 * bookings (`SCAN <table>` without an index). SQLite's planner is the one asked: PostgreSQL's plans
 * depend on table statistics, and the benchmark prints them.
 */
const SHOP = "query-plans.myshopify.com";
const GROWING_TABLES = ["PurchaseOrder", "PurchaseOrderLine", "Booking", "BookingLine", "AuditEntry", "Delivery", "DeliveryLine"];

let database: TestDatabase;
let logged: PrismaClient;
const statements: Statement[] = [];
let orderId: string;
let supplierId: string;
const ACTOR = { type: "system", id: "query-plans" } as const;

beforeAll(async () => {
  database = await createTestDatabase();
  const { suppliers } = await installShop(database.db, { domain: SHOP }, ["Acme"]);
  supplierId = suppliers[0]!.id;
  orderId = (await createOrder(database.db, SHOP, supplierId, [3, 4])).id;
  // A receipt and a history, so their reads are made (Prisma asks for no booking lines of no bookings).
  const line = await database.db.purchaseOrderLine.findFirstOrThrow({ where: { purchaseOrderId: orderId } });
  await database.db.booking.create({
    data: {
      purchaseOrderId: orderId,
      kind: "receipt",
      bookedAt: new Date("2026-03-01T00:00:00Z"),
      actorType: "merchant",
      actorId: "staff-1",
      lines: { create: { lineId: line.id, received: 1, rejected: 0, cancelled: 0 } },
    },
  });
  logged = createPrismaClient(database.url, { onStatement: (statement) => statements.push(statement) });
}, 60_000);
afterAll(async () => {
  await logged?.$disconnect();
  await database?.cleanup();
});

/** SQLite's plan of each statement `read` sent: the tables it scans whole. */
async function fullScans(read: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await read();
  return (await explainStatements(database.url, statements)).flatMap(({ sql, plan }) =>
    plan.flatMap((detail) => {
      // "SCAN main.T" reads all of T (in an index's order too: "SCAN main.T USING INDEX …"); "SEARCH" reads by index.
      const table = /^SCAN (?:\w+\.)?(\w+)/.exec(detail)?.[1];
      return table && GROWING_TABLES.includes(table) ? [`${detail} ← ${sql}`] : [];
    }),
  );
}

describe.runIf(TEST_DATABASE_PROVIDER === "sqlite")("query plans of the reads that grow with a shop", () => {
  it("sees a read of a whole table (lines by a column no index holds)", async () => {
    const scans = await fullScans(() => logged.purchaseOrderLine.findMany({ where: { productTitle: "Nothing" } }));
    expect(scans).toEqual([expect.stringMatching(/^SCAN main\.PurchaseOrderLine /)]);
  });

  it("an order's load, its history and its deliveries read by index only", async () => {
    expect(await fullScans(() => loadOrderState(logged, SHOP, orderId))).toEqual([]);
    expect(await fullScans(() => listOrderAudit(logged, SHOP, orderId))).toEqual([]);
    expect(await fullScans(() => listDeliveries(logged, SHOP, orderId))).toEqual([]);
  });

  it("the index (a page, a supplier, a search by SKU) and the API's item-name search read by index only", async () => {
    expect(await fullScans(() => searchIndex(logged, SHOP, DEFAULT_INDEX_QUERY))).toEqual([]);
    expect(await fullScans(() => searchIndex(logged, SHOP, { ...DEFAULT_INDEX_QUERY, supplierIds: [supplierId] }))).toEqual([]);
    expect(await fullScans(() => searchIndex(logged, SHOP, { ...DEFAULT_INDEX_QUERY, search: "sku-2" }))).toEqual([]);
    expect(await fullScans(() => searchPurchaseOrders(logged, SHOP, { itemName: "product 1" }, { page: 1, perPage: 50 }))).toEqual([]);
    expect(statements.some((statement) => statement.sql.includes("PurchaseOrderLineText"))).toBe(true);
  });

  it("a cancellation asks other orders about its products through the line indexes", async () => {
    // Two sent orders sharing a product: cancelling one removes the tag only if the other does not hold it.
    const [cancelled, other] = [await createOrder(database.db, SHOP, supplierId, [2, 2]), await createOrder(database.db, SHOP, supplierId, [1])];
    await database.db.purchaseOrderLine.updateMany({
      where: { purchaseOrderId: { in: [cancelled.id, other.id] } },
      data: { productId: "gid://shopify/Product/7" },
    });
    for (const order of [cancelled, other]) await performAction({ db: database.db }, SHOP, ACTOR, order.id, { action: "send", via: "manual" });
    expect(await fullScans(() => performAction({ db: logged }, SHOP, ACTOR, cancelled.id, { action: "cancel" }))).toEqual([]);
    expect(statements.some((statement) => /"productId" IN/.test(statement.sql))).toBe(true);
  });
});

describe.runIf(TEST_DATABASE_PROVIDER === "sqlite")("writes of a large order are set-based", () => {
  /** How many statements `write` sent. */
  async function statementsOf(write: () => Promise<unknown>): Promise<number> {
    statements.length = 0;
    await write();
    return statements.length;
  }
  const sizedOrder = (lines: number) =>
    createOrder(
      database.db,
      SHOP,
      supplierId,
      Array.from({ length: lines }, () => 4),
    );

  it("send and confirm all of 300 lines send about as many statements as of 3 (a long insert is split in a few)", async () => {
    const [small, large] = [await sizedOrder(3), await sizedOrder(300)];
    const send = (id: string) => statementsOf(() => performAction({ db: logged }, SHOP, ACTOR, id, { action: "send", via: "manual" }));
    const confirm = (id: string) => statementsOf(() => performAction({ db: logged }, SHOP, ACTOR, id, { action: "confirm_all" }));
    const [sendSmall, sendLarge] = [await send(small.id), await send(large.id)];
    expect(sendLarge - sendSmall).toBeLessThanOrEqual(3);
    expect(await confirm(large.id)).toBe(await confirm(small.id));
    const held = await database.db.incomingLedger.count({ where: { purchaseOrderId: large.id } });
    const confirmed = await database.db.purchaseOrderLine.count({ where: { purchaseOrderId: large.id, quantityConfirmed: 4 } });
    expect([held, confirmed]).toEqual([300, 300]);
  });
});
