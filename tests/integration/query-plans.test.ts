import { createClient } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { listOrderAudit } from "~/services/audit.server";
import { listDeliveries } from "~/services/deliveries.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";

import { createTestDatabase, TEST_DATABASE_PROVIDER, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
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
const statements: Array<{ sql: string; params: unknown[] }> = [];
let orderId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { suppliers } = await installShop(database.db, { domain: SHOP }, ["Acme"]);
  orderId = (await createOrder(database.db, SHOP, suppliers[0]!.id, [3, 4])).id;
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
  const logging = new PrismaClient({ adapter: new PrismaLibSql({ url: database.url }), log: [{ emit: "event", level: "query" }] as const });
  logging.$on("query", (event) => statements.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  // The services take the client without log events in its type.
  logged = logging as unknown as PrismaClient;
}, 60_000);
afterAll(async () => {
  await logged?.$disconnect();
  await database?.cleanup();
});

/** SQLite's plan of each statement `read` sent: the tables it scans whole. */
async function fullScans(read: () => Promise<unknown>): Promise<string[]> {
  statements.length = 0;
  await read();
  const explain = createClient({ url: database.url });
  try {
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      if (!/^\s*SELECT/i.test(sql)) continue;
      const plan = await explain.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
      for (const row of plan.rows) {
        const detail = String(row.detail);
        // "SCAN main.T" reads all of T (in an index's order too: "SCAN main.T USING INDEX …"); "SEARCH" reads by index.
        const table = /^SCAN (?:\w+\.)?(\w+)/.exec(detail)?.[1];
        if (table && GROWING_TABLES.includes(table)) scans.push(`${detail} ← ${sql}`);
      }
    }
    return scans;
  } finally {
    explain.close();
  }
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
});
