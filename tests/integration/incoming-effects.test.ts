import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { drainEffects } from "~/jobs/effects-worker.server";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { ValidationError } from "~/domain/errors";
import { listOrderEffects, purchaseOrderDocumentUri, retryEffect } from "~/services/effects.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop, standinGateway } from "../support/shopify";

/**
 * Incoming stock in Shopify follows the lifecycle, through the outbox and the worker, over real
 * HTTP to the stand-in: staged with the change, applied once, never lost or doubled.
 */
const SHOP = "incoming.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let gateway: ShopifyGateway;
let supplierId: string;
let locationId: string;
let items: Array<{ variantId: string; inventoryItemId: string }>;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  standin.store.addShop({ domain: SHOP, accessToken: "token" });
  locationId = standin.store.addLocation(SHOP, { name: "Warehouse" });
  items = standin.store.addProduct(SHOP, {
    title: "Lantern",
    vendor: "Acme",
    variants: [
      { sku: "LAN-S", price: "20", unitCost: "8" },
      { sku: "LAN-L", price: "30", unitCost: "12" },
    ],
  }).variants;
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
  gateway = standinGateway(standin, SHOP, "token");
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

async function newOrder(quantities: number[]) {
  const order = await createOrder(database.db, SHOP, supplierId, quantities);
  await database.db.purchaseOrder.update({ where: { id: order.id }, data: { locationId } });
  const lines = await database.db.purchaseOrderLine.findMany({ where: { purchaseOrderId: order.id }, orderBy: { position: "asc" } });
  for (const [index, line] of lines.entries()) {
    await database.db.purchaseOrderLine.update({
      where: { id: line.id },
      data: { variantId: items[index]!.variantId, inventoryItemId: items[index]!.inventoryItemId },
    });
  }
  return loadOrderState(database.db, SHOP, order.id);
}

const act = (orderId: string, command: LifecycleCommand) => performAction({ db: database.db }, SHOP, actor, orderId, command);

/** What Shopify (the stand-in) holds as incoming for this order, per inventory item index. */
function shopifyIncoming(orderId: string): number[] {
  const levels = [...standin.store.shop(SHOP).levels.values()];
  return items.map((item) => {
    const level = levels.find((candidate) => candidate.itemId === item.inventoryItemId && candidate.locationId === locationId);
    return level?.incomingByLedger.get(purchaseOrderDocumentUri(orderId)) ?? 0;
  });
}

describe("incoming stock in Shopify", () => {
  it("is pushed when sent, reconciled on confirmation, kept through an unsynced receipt, rolled back on cancel and re-pushed on reopen", async () => {
    const order = await newOrder([10, 4]);
    await act(order.id, { action: "send", via: "manual" });
    expect(shopifyIncoming(order.id)).toEqual([0, 0]); // staged, not sent from the request
    expect(await drainEffects(database.db, SHOP, gateway)).toEqual({ applied: 1, failed: 0, waiting: 0 });
    expect(shopifyIncoming(order.id)).toEqual([10, 4]);

    await act(order.id, {
      action: "confirm_lines",
      lines: [
        { lineId: order.lines[0]!.id, confirmed: 7 },
        { lineId: order.lines[1]!.id, confirmed: 4 },
      ],
    });
    await drainEffects(database.db, SHOP, gateway);
    expect(shopifyIncoming(order.id)).toEqual([7, 4]);

    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 3, rejected: 1, cancelled: 0, reason: "damaged" }] });
    await drainEffects(database.db, SHOP, gateway);
    expect(shopifyIncoming(order.id)).toEqual([6, 4]); // the rejected unit leaves incoming; received waits for sync

    await act(order.id, { action: "cancel" });
    await drainEffects(database.db, SHOP, gateway);
    expect(shopifyIncoming(order.id)).toEqual([0, 0]);

    await act(order.id, { action: "reopen" });
    await drainEffects(database.db, SHOP, gateway);
    expect(shopifyIncoming(order.id)).toEqual([6, 4]);
    const history = standin.store.shop(SHOP).history.filter((group) => group.referenceDocumentUri === purchaseOrderDocumentUri(order.id));
    expect(history.map((group) => group.idempotencyKey)).toEqual(
      (await database.db.shopifyEffect.findMany({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "asc" } })).map((e) => e.id),
    );
  });

  it("applies an effect once when the worker died after Shopify applied it", async () => {
    const order = await newOrder([5, 0 + 2]);
    await act(order.id, { action: "send", via: "manual" });
    const [effect] = await database.db.shopifyEffect.findMany({ where: { purchaseOrderId: order.id } });
    // The crashed run: sent to Shopify, never marked applied.
    await gateway.adjustIncoming({ idempotencyKey: effect!.id, ...JSON.parse(effect!.payload) });
    expect(shopifyIncoming(order.id)).toEqual([5, 2]);
    expect(await drainEffects(database.db, SHOP, gateway)).toMatchObject({ applied: 1 });
    expect(shopifyIncoming(order.id)).toEqual([5, 2]);
  });

  it("rides out throttling and keeps effects in order through an outage", async () => {
    const order = await newOrder([3, 1]);
    await act(order.id, { action: "send", via: "manual" });
    await act(order.id, { action: "confirm_lines", lines: [{ lineId: order.lines[0]!.id, confirmed: 2 }] });
    standin.store.injectFault({ kind: "server_error", count: 8, status: 503 });
    expect(await drainEffects(database.db, SHOP, standinGateway(standin, SHOP, "token", { maxAttempts: 2 }))).toEqual({
      applied: 0,
      failed: 0,
      waiting: 2,
    });
    standin.store.clearFaults();
    expect(shopifyIncoming(order.id)).toEqual([0, 0]);
    standin.store.injectFault({ kind: "throttled", count: 1 });
    expect(await drainEffects(database.db, SHOP, gateway)).toEqual({ applied: 2, failed: 0, waiting: 0 });
    expect(shopifyIncoming(order.id)).toEqual([2, 1]);
  });

  it("reports the effects each action staged", async () => {
    const order = await newOrder([1, 1]);
    const sent = await act(order.id, { action: "send", via: "manual" });
    expect(sent.stagedEffects).toHaveLength(1);
    const paused = await act(order.id, { action: "pause" });
    expect(paused.stagedEffects).toEqual([]); // a paused order still holds its incoming
    expect((await listOrderEffects(database.db, SHOP, order.id)).map((effect) => effect.id)).toEqual(sent.stagedEffects);
    await drainEffects(database.db, SHOP, gateway);
  });

  it("marks an effect Shopify refuses as failed, with Shopify's message, and goes on", async () => {
    const order = await newOrder([2, 2]);
    await act(order.id, { action: "send", via: "manual" });
    const [effect] = await database.db.shopifyEffect.findMany({ where: { purchaseOrderId: order.id } });
    const payload = JSON.parse(effect!.payload);
    payload.changes[0].delta = -999; // would take the order's incoming below zero
    await database.db.shopifyEffect.update({ where: { id: effect!.id }, data: { payload: JSON.stringify(payload) } });
    const drained = await drainEffects(database.db, SHOP, gateway);
    const failed = await database.db.shopifyEffect.findUniqueOrThrow({ where: { id: effect!.id } });
    expect({ drained, failed }).toMatchObject({ drained: { applied: 0, failed: 1, waiting: 0 }, failed: { status: "failed", attempts: 1 } });
    expect(failed.lastError).toMatch(/INVALID_QUANTITY_TOO_LOW|below/i);

    // Retrying queues the same effect (same idempotency key) again; only failed ones, only this shop's.
    await expect(retryEffect(database.db, "other.myshopify.com", effect!.id)).rejects.toBeInstanceOf(ValidationError);
    await retryEffect(database.db, SHOP, effect!.id);
    expect((await database.db.shopifyEffect.findUniqueOrThrow({ where: { id: effect!.id } })).status).toBe("staged");
    await expect(retryEffect(database.db, SHOP, effect!.id)).rejects.toBeInstanceOf(ValidationError);
  });
});
