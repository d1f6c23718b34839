import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { drainEffects } from "~/jobs/effects-worker.server";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { purchaseOrderDocumentUri } from "~/domain/effects";
import { listOrderEffects } from "~/services/effects.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrderOfVariants } from "../support/orders";
import { standinShop } from "../support/shopify";

/**
 * Incoming stock in Shopify follows the lifecycle, through the outbox and the worker, over real
 * HTTP to the stand-in: staged with the change, applied once, never lost or doubled. The worker's
 * own guarantees (order, leases, retries, crashes) are tested in effects-worker*.test.ts.
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
  const shop = await standinShop(standin, database.db, SHOP, [
    {
      title: "Lantern",
      vendor: "Acme",
      variants: [
        { sku: "LAN-S", price: "20", unitCost: "8" },
        { sku: "LAN-L", price: "30", unitCost: "12" },
      ],
    },
  ]);
  ({ gateway, supplierId, locationId } = shop);
  items = shop.products[0]!.variants;
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

async function newOrder(quantities: number[]) {
  const lines = quantities.map((quantity, index) => ({ ...items[index]!, quantity }));
  const order = await createOrderOfVariants(database.db, SHOP, supplierId, locationId, lines);
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

    await act(order.id, {
      action: "receive",
      lines: [{ lineId: order.lines[0]!.id, received: 3, rejected: 1, cancelled: 0, reason: "damaged_returned" }],
    });
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

  it("reports the effects each action staged", async () => {
    const order = await newOrder([1, 1]);
    const sent = await act(order.id, { action: "send", via: "manual" });
    expect(sent.stagedEffects).toHaveLength(1);
    const paused = await act(order.id, { action: "pause" });
    expect(paused.stagedEffects).toEqual([]); // a paused order still holds its incoming
    expect((await listOrderEffects(database.db, SHOP, order.id)).map((effect) => effect.id)).toEqual(sent.stagedEffects);
    await drainEffects(database.db, SHOP, gateway);
  });
});
