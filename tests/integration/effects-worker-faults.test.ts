import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { DEFAULT_SETTINGS } from "~/domain/settings";
import { drainEffects, MAX_COST_SYNC_ATTEMPTS } from "~/jobs/effects-worker.server";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import { saveSettings } from "~/services/settings.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import type { FaultSpec } from "../standin";
import { startEffectsShop, type EffectsShop } from "../support/effects-shop";

/**
 * A whole order lifecycle while Shopify misbehaves: throttling, 500/502/503, answers slower
 * than the timeout, connections dropped before Shopify applied a mutation and after it did.
 * Every action's effects are drained with faults queued; Shopify (the stand-in) ends with
 * exactly the quantities and tags the lifecycle calls for: nothing lost, nothing doubled.
 */
const SHOP = "faults.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
const TAG = DEFAULT_SETTINGS.tagRules[0]!.tag;
/** Answers slower than this count as lost (the gateway retries them); the stand-in still applies them later. Far above a normal answer on a loaded machine. */
const TIMEOUT_MS = 3_000;
let shop: EffectsShop;
let db: PrismaClient;
let gateway: ShopifyGateway;

beforeAll(async () => {
  shop = await startEffectsShop(
    SHOP,
    ["Lantern", "Kettle"].map((title, index) => ({
      title,
      vendor: "Acme",
      variants: [
        { sku: `P${index}-S`, price: "20", unitCost: "1.00" },
        { sku: `P${index}-L`, price: "30", unitCost: "1.00" },
      ],
    })),
    { timeoutMs: TIMEOUT_MS },
  );
  ({ db, gateway } = shop);
  await saveSettings(db, SHOP, actor, { ...DEFAULT_SETTINGS, autoSyncOnReceive: true });
});
afterAll(() => shop.close());

/** The worker's clock: moved past every backoff when the queue is held, so a test needs no real waiting. */
let clock = Date.now();

/** Queues the faults, then drains until the shop's queue is empty (each held queue resumes after its backoff). */
async function drainThrough(faults: FaultSpec[]) {
  for (const fault of faults) shop.standin.store.injectFault(fault);
  for (let round = 0; round < 10; round += 1) {
    const drained = await drainEffects(db, SHOP, gateway, { now: () => new Date(clock) });
    expect(drained.failed, "no effect may fail").toBe(0);
    if (drained.waiting === 0) {
      shop.standin.store.clearFaults();
      return;
    }
    clock += 10 * 60_000;
  }
  throw new Error("effects still waiting after 10 rounds");
}

const act = (orderId: string, command: LifecycleCommand) => performAction(lifecycleDeps(db, gateway), SHOP, actor, orderId, command);

const variants = () => shop.products.flatMap((product) => product.variants);

/** A draft of the shop's supplier for these variants and quantities, at 4.00 each. */
const draftOf = (lines: Array<[variantId: string, quantity: number]>) =>
  createDraftPurchaseOrder({ db, gateway }, SHOP, actor, {
    supplierId: shop.supplierId,
    locationId: shop.locationId,
    note: "",
    lines: lines.map(([variantId, quantity]) => ({ variantId, quantity: String(quantity), unitCost: "4.00" })),
  });
function level(inventoryItemId: string) {
  return [...shop.standin.store.shop(SHOP).levels.values()].find((l) => l.itemId === inventoryItemId && l.locationId === shop.locationId)!;
}
function shopify(orderId: string) {
  return {
    incoming: variants().map((variant) => level(variant.inventoryItemId).incomingByLedger.get(purchaseOrderDocumentUri(orderId)) ?? 0),
    available: variants().map((variant) => level(variant.inventoryItemId).stored.available),
    tagged: shop.products.map((product) => shop.standin.store.shop(SHOP).products.get(product.productId)!.tags.includes(TAG)),
  };
}

describe("a full lifecycle while Shopify fails in every way it can", () => {
  it("ends with Shopify's incoming, on hand and tags exactly right", async () => {
    const draft = await draftOf(variants().map((variant, index) => [variant.variantId, 10 - index * 2]));
    const order = await loadOrderState(db, SHOP, draft.id);
    const lineIds = order.lines.map((line) => line.id);
    const receiveAll = (quantities: number[]): LifecycleCommand => ({
      action: "receive",
      lines: lineIds.map((lineId, index) => ({ lineId, received: quantities[index]!, rejected: 0, cancelled: 0, reason: "accepted" })),
    });

    await act(order.id, { action: "send", via: "manual" });
    // The gateway's four tries per call are spent on throttling and 5xx: the worker backs off and sends again.
    await drainThrough([
      { kind: "throttled", count: 2 },
      { kind: "server_error", status: 500 },
      { kind: "server_error", status: 502 },
      { kind: "server_error", status: 503 },
    ]);
    expect(shopify(order.id)).toEqual({ incoming: [10, 8, 6, 4], available: [0, 0, 0, 0], tagged: [true, true] });

    await act(order.id, { action: "confirm_lines", lines: lineIds.map((lineId, index) => ({ lineId, confirmed: [9, 8, 5, 4][index]! })) });
    // Too slow: the gateway gives up on the answer and sends again; the slow call is applied later (a replay).
    await drainThrough([{ kind: "slow", count: 1, delayMs: TIMEOUT_MS * 3 }]);
    expect(shopify(order.id).incoming).toEqual([9, 8, 5, 4]);

    const received = await act(order.id, receiveAll([9, 8, 5, 4]));
    await drainThrough([{ kind: "drop" }, { kind: "drop_after_apply" }, { kind: "drop_after_apply", operationName: "InboundAdjustQuantities" }]);
    expect(shopify(order.id)).toEqual({ incoming: [0, 0, 0, 0], available: [9, 8, 5, 4], tagged: [true, true] });

    await act(order.id, { action: "unreceive", bookingId: received.order!.bookings.at(-1)!.id });
    // Applied, but no answer four times over: the effect goes back to the queue and its next send is a replay.
    await drainThrough([{ kind: "drop_after_apply", count: 4 }, { kind: "throttled" }]);
    expect(shopify(order.id)).toEqual({ incoming: [9, 8, 5, 4], available: [0, 0, 0, 0], tagged: [true, true] });

    await act(order.id, receiveAll([9, 8, 5, 4]));
    await drainThrough([{ kind: "server_error", status: 503, count: 5 }, { kind: "drop_after_apply" }]);
    expect(shopify(order.id)).toEqual({ incoming: [0, 0, 0, 0], available: [9, 8, 5, 4], tagged: [true, true] });

    await act(order.id, { action: "complete" });
    await drainThrough([
      { kind: "drop_after_apply", operationName: "InboundTagsRemove" },
      { kind: "server_error", status: 502, count: 4 },
    ]);
    expect(shopify(order.id)).toEqual({ incoming: [0, 0, 0, 0], available: [9, 8, 5, 4], tagged: [false, false] });

    // Every fault kind was met, and every effect was applied once: one inventory change per effect.
    const faults = new Set(shop.standin.store.requests.filter((request) => request.shop === SHOP).map((request) => request.fault));
    expect([...faults].filter(Boolean).sort()).toEqual(["drop", "drop_after_apply", "server_error", "slow", "throttled"]);
    const effects = await db.shopifyEffect.findMany({ where: { purchaseOrderId: order.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(effects.every((effect) => effect.status === "applied")).toBe(true);
    const inventoryEffectIds = effects.filter((effect) => effect.kind.startsWith("adjust_")).map((effect) => effect.id);
    const history = shop.standin.store.shop(SHOP).history.filter((group) => group.referenceDocumentUri === purchaseOrderDocumentUri(order.id));
    expect(history.map((group) => group.idempotencyKey)).toEqual(inventoryEffectIds);
    expect(await db.shopifyEffectAttempt.count({ where: { outcome: "retry" } })).toBeGreaterThanOrEqual(3);

    // The slow call the gateway gave up on is answered last, as a replay: still nothing doubled.
    await expect
      .poll(() => shop.standin.store.requests.every((request) => request.fault !== "slow" || request.status !== 0), { timeout: 90_000 })
      .toBe(true);
    expect(shopify(order.id)).toEqual({ incoming: [0, 0, 0, 0], available: [9, 8, 5, 4], tagged: [false, false] });
  });
});

describe("a completion whose unit costs Shopify cannot be reached for", () => {
  it("ends after its attempts as failed: the order leaves Completing where it was, and the history says why", async () => {
    const draft = await draftOf([[variants()[0]!.variantId, 2]]);
    await act(draft.id, { action: "send", via: "manual" });
    await drainThrough([]);
    await act(draft.id, { action: "quick_complete" });
    shop.standin.store.injectFault({ kind: "server_error", status: 503, count: 10_000, operationName: "InboundUpdateUnitCosts" });
    let failed = 0;
    for (let round = 0; round < MAX_COST_SYNC_ATTEMPTS + 2 && failed === 0; round += 1) {
      failed = (await drainEffects(db, SHOP, gateway, { now: () => new Date(clock) })).failed;
      clock += 10 * 60_000;
    }
    shop.standin.store.clearFaults();
    const effect = await db.shopifyEffect.findFirstOrThrow({ where: { purchaseOrderId: draft.id, kind: "update_unit_costs" } });
    expect([effect.status, effect.attempts]).toEqual(["failed", MAX_COST_SYNC_ATTEMPTS]);
    expect(await loadOrderState(db, SHOP, draft.id)).toMatchObject({ status: "sent", completing: null, bookings: [] });
    const last = await db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: draft.id }, orderBy: { createdAt: "desc" } });
    expect(last.action).toBe("complete_failed");
    expect(JSON.parse(last.changes ?? "{}").reason).toMatch(new RegExp(`could not be reached after ${MAX_COST_SYNC_ATTEMPTS} attempts`));
  });
});
