import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { StaleVersionError } from "~/domain/errors";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { recordPayment } from "~/services/payments.server";
import { updatePurchaseOrder } from "~/services/purchase-order-api.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * A change asked for without a version (the API's expected_version left out) is made on the
 * order as it is, however many other changes commit while it is decided: decided again under the
 * write lock, it is not refused as stale (found by the attack suite's races, issue #14: receipts
 * and PATCHes refused 409 stale_version during bursts of payments on the same order). Each test
 * commits another change to the order just before every transaction the change begins, the
 * worst a busy order can do to it.
 */
const SHOP = "order-write-races.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let database: TestDatabase;
let supplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
});
afterAll(async () => database.cleanup());

/** A sent order of one line (10 × 2.50). */
async function sentOrder() {
  const order = await createOrder(database.db, SHOP, supplierId, [10]);
  await performAction({ db: database.db }, SHOP, actor, order.id, { action: "send", via: "manual" });
  return loadOrderState(database.db, SHOP, order.id);
}

/** The database, with a payment of 0.01 on the order committed (bumping its version) before each transaction begins. */
function busyDatabase(orderId: string): { db: PrismaClient; interruptions: () => number } {
  let interruptions = 0;
  const interrupt = async () => {
    interruptions += 1;
    await recordPayment(database.db, SHOP, { type: "merchant", id: "someone-else" }, orderId, {
      amount: "0.01",
      paidAt: new Date().toISOString(),
      status: "completed",
    });
  };
  const db = new Proxy(database.db, {
    get(target, property) {
      if (property === "$transaction") {
        return async (...args: Parameters<PrismaClient["$transaction"]>) => {
          await interrupt();
          return (target.$transaction as (...given: unknown[]) => unknown)(...args);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? (value as (...given: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, interruptions: () => interruptions };
}

const receiveOne = (lineId: string): LifecycleCommand => ({
  action: "receive",
  lines: [{ lineId, received: 1, rejected: 0, cancelled: 0, reason: null }],
});

const noGateway = new Proxy({} as ShopifyGateway, {
  get: (_, property) => () => Promise.reject(new Error(`Shopify was asked ${String(property)}`)),
});

describe("a lifecycle action without a version", () => {
  it("is booked on the order as it is, however often the order changes while it is decided (was 409 stale_version after three)", async () => {
    const order = await sentOrder();
    const busy = busyDatabase(order.id);
    const result = await performAction({ db: busy.db }, SHOP, actor, order.id, receiveOne(order.lines[0]!.id));

    const after = await loadOrderState(database.db, SHOP, order.id);
    expect(after.bookings.filter((booking) => booking.kind === "receipt")).toHaveLength(1);
    expect(result.order?.version).toBe(after.version);
    // The first save found the order changed; the second was decided and saved under the lock.
    expect(busy.interruptions()).toBe(2);
    expect(await database.db.payment.count({ where: { purchaseOrderId: order.id } })).toBe(2);
  });

  it("is still refused when the caller named the version it saw", async () => {
    const order = await sentOrder();
    const busy = busyDatabase(order.id);
    await expect(
      performAction({ db: busy.db }, SHOP, actor, order.id, receiveOne(order.lines[0]!.id), { expectedVersion: order.version }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await loadOrderState(database.db, SHOP, order.id)).bookings).toHaveLength(0);
  });

  it("a completion waiting for its cost sync is decided afresh under the lock like any other action, and asks Shopify nothing", async () => {
    const order = await sentOrder();
    const busy = busyDatabase(order.id);
    let costSyncs = 0;
    const costSync = () => {
      costSyncs += 1;
      return [{ inventoryItemId: "gid://shopify/InventoryItem/1", cost: "2.50" }];
    };
    const result = await performAction({ db: busy.db, costSync }, SHOP, actor, order.id, { action: "quick_complete" });
    expect(result.audit.action).toBe("complete_requested");
    expect(costSyncs).toBe(2);
    const saved = await loadOrderState(database.db, SHOP, order.id);
    expect(saved).toMatchObject({ status: "sent", completing: { command: { action: "quick_complete" }, actor } });
    expect(await database.db.shopifyEffect.count({ where: { purchaseOrderId: order.id, kind: "update_unit_costs" } })).toBe(1);
  });
});

describe("PATCH of the order (updatePurchaseOrder) without a version", () => {
  it("saves header fields on the order as it is when others changed it meanwhile (was 409 stale_version)", async () => {
    const order = await sentOrder();
    const busy = busyDatabase(order.id);
    await updatePurchaseOrder({ db: busy.db, gateway: noGateway }, SHOP, actor, order.id, { header: { note: "Leave at the back door" } });
    const after = await loadOrderState(database.db, SHOP, order.id);
    expect(after.header.note).toBe("Leave at the back door");
    expect(busy.interruptions()).toBe(1);
  });

  it("refuses replacing the lines when the order changed since they were planned", async () => {
    const order = await sentOrder();
    const line = order.lines[0]!;
    const busy = busyDatabase(order.id);
    await expect(
      updatePurchaseOrder({ db: busy.db, gateway: noGateway }, SHOP, actor, order.id, {
        header: {},
        items: [{ id: line.id, quantity: 12 }],
      }),
    ).rejects.toBeInstanceOf(StaleVersionError);
    expect((await loadOrderState(database.db, SHOP, order.id)).lines[0]!.ordered).toBe(10);
  });
});
