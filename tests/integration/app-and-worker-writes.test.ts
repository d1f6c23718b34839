import { afterAll, beforeAll, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { stageEffects } from "~/services/effects.server";

import { startApiFixture, widget, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";
import { startWorkerProcess, stopAll } from "../support/processes";

/**
 * The app's writes and `npm run worker` in two processes on one SQLite file, at once: bursts of
 * the requests that failed with P1008 / SocketTimeout when the worker committed between their
 * read and their write (PATCH order, create and submit a delivery, add a shipment) answer every
 * one of them, while the worker drains a long queue (docs/decisions/010-sqlite-write-contention.md).
 */
const SHOP = "app-and-worker.myshopify.com";
const ORDERS = 6;
const BURSTS = 3;
/** Enough queued effects that the worker is writing (claim, record) through every burst. */
const QUEUED_EFFECTS = 100;

let f: ApiFixture;
let orderIds: string[];

beforeAll(async () => {
  f = await startApiFixture(SHOP, [widget(3)]);
  const variants = f.products[0]!.variants;
  orderIds = [];
  for (let index = 0; index < ORDERS; index += 1) {
    const order = await createOrderOfVariants(
      f.db,
      SHOP,
      f.supplierId,
      f.locationId,
      variants.map((variant) => ({ ...variant, quantity: 1000 })),
    );
    orderIds.push(order.id);
  }
  for (const id of orderIds) {
    await f.refill();
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id }, body: {} })).status).toBe(200);
  }
  const item = variants[0]!.inventoryItemId;
  const effects: PlannedEffect[] = Array.from({ length: QUEUED_EFFECTS }, () => ({
    kind: "adjust_incoming",
    payload: { referenceDocumentUri: purchaseOrderDocumentUri("queued"), changes: [{ inventoryItemId: item, locationId: f.locationId, delta: 1 }] },
  }));
  await f.db.$transaction((tx) => stageEffects(tx, f.shopId, null, effects));
}, 120_000);
afterAll(async () => {
  stopAll();
  await f.close();
});

const applied = () => f.db.shopifyEffect.count({ where: { shopId: f.shopId, status: "applied" } });

/** One order's share of a burst: PATCH it, add a shipment, open a delivery, count one unit and submit it. */
async function writesOn(orderId: string, burst: number): Promise<number[]> {
  const [patched, shipped, opened] = await Promise.all([
    f.writer.call("update_purchase_order", { params: { id: orderId }, body: { note: `Burst ${burst}` } }),
    f.writer.call("add_purchase_order_shipment", { params: { id: orderId }, body: { carrier: "UPS", note: `Burst ${burst}` } }),
    f.writer.call("create_purchase_order_delivery", { params: { id: orderId }, body: {} }),
  ]);
  if (opened.status !== 201) return [patched.status, shipped.status, opened.status];
  const delivery = { id: orderId, delivery_id: opened.body.id as string };
  const counted = await f.writer.call("update_purchase_order_delivery", {
    params: delivery,
    body: { lines: [{ sku: "W-1", quantity_delivered: 1 }] },
  });
  const submitted = await f.writer.call("submit_purchase_order_delivery", { params: delivery, body: {} });
  return [patched.status, shipped.status, opened.status, counted.status, submitted.status];
}

it("bursts of app writes while the worker drains in another process: every request answers 2xx", { timeout: 240_000 }, async () => {
  const worker = startWorkerProcess({ databaseUrl: f.database.url, shopDomain: SHOP, adminApiOrigin: f.standin.origin });
  await expect.poll(applied, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);

  const statuses: number[] = [];
  for (let burst = 1; burst <= BURSTS; burst += 1) {
    await f.refill();
    const before = await applied();
    statuses.push(...(await Promise.all(orderIds.map((orderId) => writesOn(orderId, burst)))).flat());
    // The worker wrote during the burst (the two processes really overlapped).
    expect(await applied(), `burst ${burst}`).toBeGreaterThan(before);
  }
  expect(statuses.filter((status) => status >= 300)).toEqual([]);
  expect(statuses).toHaveLength(BURSTS * ORDERS * 5);

  // Everything the bursts staged is applied too, and nothing failed.
  await expect
    .poll(() => f.db.shopifyEffect.count({ where: { shopId: f.shopId, status: { in: ["staged", "sent"] } } }), { timeout: 120_000 })
    .toBe(0);
  expect(await f.db.shopifyEffect.count({ where: { shopId: f.shopId, status: "failed" } })).toBe(0);
  worker.child.kill("SIGTERM");
  expect((await worker.exited).code, worker.output()).toBe(0);

  for (const orderId of orderIds) {
    const received = await f.db.bookingLine.aggregate({ where: { booking: { purchaseOrderId: orderId } }, _sum: { received: true } });
    expect(received._sum.received).toBe(BURSTS);
    expect(await f.db.shipment.count({ where: { purchaseOrderId: orderId } })).toBe(BURSTS);
  }
});
