import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { GuardrailError } from "~/domain/errors";
import { purchaseOrderDocumentUri } from "~/domain/effects";
import { LIFECYCLE, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { DEFAULT_SETTINGS, type ShopSettingsValues } from "~/domain/settings";
import { drainEffects } from "~/jobs/effects-worker.server";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { loadOrderState, performAction, previewAction } from "~/services/purchase-order-lifecycle.server";
import { retryEffect } from "~/services/effects.server";
import { saveSettings } from "~/services/settings.server";
import { moveLinesBetween } from "~/services/split-merge.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import {
  actAndApply,
  applyEffects,
  incomingHeld,
  inventoryLevel,
  sentOrder as sentOrderIn,
  startEffectsShop,
  type EffectsShop,
} from "../support/effects-shop";

/**
 * The table of Shopify effects, one test per row, through the real pipeline: the action
 * stages effects in its transaction, the worker applies them over HTTP, and the stand-in's
 * quantities, tags, metafields and unit costs are what a merchant would then see in Shopify.
 */
const SHOP = "effects.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
const TAG = DEFAULT_SETTINGS.tagRules[0]!.tag;
let shop: EffectsShop;
let db: PrismaClient;
let gateway: ShopifyGateway;

beforeAll(async () => {
  shop = await startEffectsShop(
    SHOP,
    ["Lantern", "Kettle", "Tent"].map((title, index) => ({
      title,
      vendor: "Acme",
      variants: [
        { sku: `P${index}-S`, price: "20", unitCost: "1.00" },
        { sku: `P${index}-L`, price: "30", unitCost: "1.00" },
      ],
    })),
  );
  ({ db, gateway } = shop);
});
afterAll(() => shop.close());
beforeEach(async () => {
  await settings({});
});

/** A product no other test's orders hold (tags and metafields depend on every open order). */
function freshProduct(): number {
  shop.products.push(
    shop.standin.store.addProduct(SHOP, {
      title: `Fresh ${shop.products.length}`,
      vendor: "Acme",
      variants: [
        { sku: `F${shop.products.length}-S`, price: "20", unitCost: "1.00" },
        { sku: `F${shop.products.length}-L`, price: "30", unitCost: "1.00" },
      ],
    }),
  );
  return shop.products.length - 1;
}

async function settings(changes: Partial<ShopSettingsValues>) {
  await saveSettings(db, SHOP, actor, { ...DEFAULT_SETTINGS, ...changes });
}

const sentOrder = (lines: Array<[number, number, number]>, unitCost?: string) => sentOrderIn(shop, actor, lines, unitCost);
const act = (orderId: string, command: LifecycleCommand) => actAndApply(shop, actor, orderId, command);
const incoming = (orderId: string, product: number, variant: number) => incomingHeld(shop, orderId, product, variant);
const available = (product: number, variant: number) => inventoryLevel(shop, product, variant).stored.available;
const tags = (product: number) => shop.standin.store.shop(SHOP).products.get(shop.products[product]!.productId)!.tags;

describe("Shopify effects of each lifecycle action", () => {
  it("Sent: incoming += ordered per variant at the order's location, and the product tag is applied", async () => {
    const order = await sentOrder([
      [0, 0, 10],
      [0, 1, 4],
    ]);
    expect([incoming(order.id, 0, 0), incoming(order.id, 0, 1)]).toEqual([10, 4]);
    expect(tags(0)).toContain(TAG);
  });

  it("Sent with incoming tracking off pushes no incoming", async () => {
    await settings({ incomingTracking: false });
    const order = await sentOrder([[1, 0, 6]]);
    expect(incoming(order.id, 1, 0)).toBe(0);
  });

  it("Lines confirmed: incoming reconciled to confirmed − received − cancelled − rejected", async () => {
    const order = await sentOrder([
      [0, 0, 10],
      [0, 1, 4],
    ]);
    await act(order.id, {
      action: "confirm_lines",
      lines: [
        { lineId: order.lines[0]!.id, confirmed: 7 },
        { lineId: order.lines[1]!.id, confirmed: 4 },
      ],
    });
    expect([incoming(order.id, 0, 0), incoming(order.id, 0, 1)]).toEqual([7, 4]);
    await act(order.id, {
      action: "receive",
      lines: [{ lineId: order.lines[0]!.id, received: 0, rejected: 2, cancelled: 1, reason: "damaged_returned" }],
    });
    expect(incoming(order.id, 0, 0)).toBe(4);
  });

  it("Receive (manual): on hand untouched and incoming kept until Sync to Shopify pushes and reconciles", async () => {
    const before = available(1, 1);
    const order = await sentOrder([[1, 1, 8]]);
    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 5, rejected: 0, cancelled: 0, reason: "accepted" }] });
    expect(available(1, 1)).toBe(before);
    expect(incoming(order.id, 1, 1)).toBe(8);

    await act(order.id, { action: "sync_to_shopify" });
    expect(available(1, 1)).toBe(before + 5);
    expect(incoming(order.id, 1, 1)).toBe(3);
  });

  it("Receive with auto-sync on receiving: on hand pushed and incoming reconciled at once", async () => {
    await settings({ autoSyncOnReceive: true });
    const before = available(2, 0);
    const order = await sentOrder([[2, 0, 8]]);
    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 5, rejected: 0, cancelled: 0, reason: "accepted" }] });
    expect(available(2, 0)).toBe(before + 5);
    expect(incoming(order.id, 2, 0)).toBe(3);
  });

  it("Quick complete: confirmed quantities received, on hand pushed, incoming released, completed", async () => {
    const before = available(2, 1);
    const order = await sentOrder([[2, 1, 9]]);
    await act(order.id, { action: "confirm_lines", lines: [{ lineId: order.lines[0]!.id, confirmed: 6 }] });
    const result = await act(order.id, { action: "quick_complete" });
    // Asked, the order waits for its unit costs in Shopify; the worker then completes it.
    expect([result.audit.action, result.order?.status, result.order?.completing?.command]).toEqual([
      "complete_requested",
      "confirmed",
      { action: "quick_complete" },
    ]);
    expect(await loadOrderState(db, SHOP, order.id)).toMatchObject({ status: "completed", completing: null });
    expect(available(2, 1)).toBe(before + 6);
    expect(incoming(order.id, 2, 1)).toBe(0);
  });

  it("Un-receive of a synced receipt: compensating on-hand change, incoming restored", async () => {
    await settings({ autoSyncOnReceive: true });
    const before = available(0, 0);
    const order = await sentOrder([[0, 0, 10]]);
    const receipt = await act(order.id, {
      action: "receive",
      lines: [{ lineId: order.lines[0]!.id, received: 4, rejected: 0, cancelled: 0, reason: "accepted" }],
    });
    expect([available(0, 0), incoming(order.id, 0, 0)]).toEqual([before + 4, 6]);
    await act(order.id, { action: "unreceive", bookingId: receipt.order!.bookings.at(-1)!.id });
    expect([available(0, 0), incoming(order.id, 0, 0)]).toEqual([before, 10]);
  });

  it("Cancel: the order's pending incoming rolled back to zero", async () => {
    const order = await sentOrder([
      [1, 0, 5],
      [1, 1, 3],
    ]);
    await act(order.id, { action: "cancel" });
    expect([incoming(order.id, 1, 0), incoming(order.id, 1, 1)]).toEqual([0, 0]);
  });

  it("Close deliveries: what is still pending is released and its incoming rolled back", async () => {
    const order = await sentOrder([
      [1, 0, 5],
      [1, 1, 3],
    ]);
    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 2, rejected: 0, cancelled: 0, reason: "accepted" }] });
    const closed = await act(order.id, { action: "close_deliveries" });
    expect(closed.order?.status).toBe("received");
    // The 2 received stay incoming until synced; the 3 + 3 never coming are released.
    expect([incoming(order.id, 1, 0), incoming(order.id, 1, 1)]).toEqual([2, 0]);
  });

  it("Reopen from Completed: incoming re-pushed for the outstanding pending units", async () => {
    const order = await sentOrder([[2, 0, 10]]);
    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 6, rejected: 0, cancelled: 0, reason: "accepted" }] });
    await act(order.id, { action: "complete", closeRemainder: true });
    expect(incoming(order.id, 2, 0)).toBe(0);
    await act(order.id, { action: "reopen" });
    expect(incoming(order.id, 2, 0)).toBe(4);
  });

  it("Split / merge lines between orders: incoming recalculated for both", async () => {
    const source = await sentOrder([
      [0, 1, 5],
      [1, 0, 7],
    ]);
    const target = await sentOrder([[2, 1, 2]]);
    await moveLinesBetween(db, SHOP, actor, source.id, target.id, [{ lineId: source.lines[1]!.id, quantity: 7 }]);
    await drainEffects(db, SHOP, gateway);
    expect([incoming(source.id, 0, 1), incoming(source.id, 1, 0)]).toEqual([5, 0]);
    expect([incoming(target.id, 1, 0), incoming(target.id, 2, 1)]).toEqual([7, 2]);
  });

  it("Complete: unit cost written to each variant's inventory item first, converted with the order's exchange rate", async () => {
    const order = await sentOrder([[1, 1, 2]], "10.00");
    await db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR", exchangeRate: "1.25" } });
    await act(order.id, { action: "quick_complete" });
    expect((await loadOrderState(db, SHOP, order.id)).status).toBe("completed");
    expect(shop.standin.store.shop(SHOP).inventoryItems.get(shop.products[1]!.variants[1]!.inventoryItemId)!.unitCost).toBe("12.50");
  });

  it("Complete whose unit costs change while Shopify is told them: told again, then completed with the costs as they are", async () => {
    const order = await sentOrder([[1, 0, 2]], "10.00");
    await db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR", exchangeRate: "1.25" } });
    const asked = await performAction(lifecycleDeps(db, gateway), SHOP, actor, order.id, { action: "quick_complete" });
    expect(asked.audit.action).toBe("complete_requested");
    await db.purchaseOrder.update({ where: { id: order.id }, data: { exchangeRate: "1.5" } });
    await applyEffects(shop);
    const unitCosts = await db.shopifyEffect.findMany({
      where: { purchaseOrderId: order.id, kind: "update_unit_costs" },
      orderBy: { createdAt: "asc" },
    });
    expect(unitCosts.map((effect) => [effect.status, JSON.parse(effect.payload).writes[0].cost])).toEqual([
      ["applied", "12.50"],
      ["applied", "15.00"],
    ]);
    expect(await loadOrderState(db, SHOP, order.id)).toMatchObject({ status: "completed", completing: null });
    expect(shop.standin.store.shop(SHOP).inventoryItems.get(shop.products[1]!.variants[0]!.inventoryItemId)!.unitCost).toBe("15.00");
  });

  it("Complete whose unit costs Shopify refuses: the order is back where it was, the history says why, and it can be asked again", async () => {
    const order = await sentOrder([[2, 0, 1]], "3.00");
    const item = shop.products[2]!.variants[0]!.inventoryItemId;
    const stored = shop.standin.store.shop(SHOP).inventoryItems.get(item)!;
    shop.standin.store.shop(SHOP).inventoryItems.delete(item);
    await performAction(lifecycleDeps(db, gateway), SHOP, actor, order.id, { action: "quick_complete" });
    const drained = await drainEffects(db, SHOP, gateway);
    expect(drained.failed).toBe(1);
    const after = await loadOrderState(db, SHOP, order.id);
    expect(after).toMatchObject({ status: "sent", completing: null, bookings: [] });
    const failed = await db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "desc" } });
    expect(failed).toMatchObject({ action: "complete_failed", actorType: "system", fromStatus: "sent", toStatus: "sent" });
    expect(JSON.parse(failed.changes ?? "{}").reason).toMatch(/^Shopify refused the unit costs: /);
    shop.standin.store.shop(SHOP).inventoryItems.set(item, stored);
    // The failed cost sync is not retried from the Shopify card: Complete is asked again.
    const firstSync = await db.shopifyEffect.findFirstOrThrow({ where: { purchaseOrderId: order.id, kind: "update_unit_costs" } });
    await expect(retryEffect(db, SHOP, firstSync.id, order.id)).rejects.toMatchObject({
      fieldErrors: { effectId: expect.stringMatching(/ask Complete again/) },
    });
    await performAction(lifecycleDeps(db, gateway), SHOP, actor, order.id, { action: "quick_complete" });
    // Were the old one sent again anyway, its answer settles nothing: only the request's own effect does.
    await db.shopifyEffect.update({ where: { id: firstSync.id }, data: { status: "staged" } });
    await applyEffects(shop);
    expect((await loadOrderState(db, SHOP, order.id)).status).toBe("completed");
    const audit = await db.auditEntry.findMany({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(audit.map((entry) => entry.action).slice(-4)).toEqual(["complete_requested", "complete_failed", "complete_requested", "quick_complete"]);
  });

  it("Complete of a foreign-currency order without an exchange rate is refused with the fix named, and nothing is half-done", async () => {
    const order = await sentOrder([[0, 1, 3]], "9.00");
    await db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR", exchangeRate: null } });
    const costBefore = shop.standin.store.shop(SHOP).inventoryItems.get(shop.products[0]!.variants[1]!.inventoryItemId)!.unitCost;
    const effectsBefore = await db.shopifyEffect.count();
    const error = await performAction(lifecycleDeps(db, gateway), SHOP, actor, order.id, { action: "quick_complete" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GuardrailError);
    expect((error as GuardrailError).rule).toBe("exchange_rate_required");
    expect((error as GuardrailError).message).toMatch(/set the order's exchange rate \(EUR → USD\)/);
    // Its guidance is what the order allows where it is (Sent), not what a completed order would:
    // it was "reopen, …" once, which a sent order cannot do.
    expect((error as GuardrailError).status).toBe("sent");
    expect([...(error as GuardrailError).allowed].sort()).toEqual(
      Object.entries(LIFECYCLE)
        .filter(([, move]) => move.from.includes("sent"))
        .map(([action]) => action)
        .sort(),
    );
    const after = await loadOrderState(db, SHOP, order.id);
    expect([after.status, after.version, after.bookings.length]).toEqual([order.status, order.version, 0]);
    expect(await db.shopifyEffect.count()).toBe(effectsBefore);
    expect(shop.standin.store.shop(SHOP).inventoryItems.get(shop.products[0]!.variants[1]!.inventoryItemId)!.unitCost).toBe(costBefore);
  });

  it("Preview of quick complete: what it books and tells Shopify, as the action then does, and nothing saved, staged or sent before", async () => {
    const order = await sentOrder([
      [2, 0, 3],
      [2, 1, 2],
    ]);
    const before = {
      order: await loadOrderState(db, SHOP, order.id),
      effects: await db.shopifyEffect.count(),
      calls: { ...shop.standin.store.adminApiCalls(SHOP) },
    };
    const preview = await previewAction(lifecycleDeps(db, gateway), SHOP, order.id, { action: "quick_complete" });
    expect(preview).toMatchObject({ statusFrom: "sent", statusTo: "completed", email: null });
    expect(preview.booked.map(({ sku, received }) => ({ sku, received }))).toEqual([
      { sku: "P2-S", received: 3 },
      { sku: "P2-L", received: 2 },
    ]);
    expect(preview.onHand.map(({ sku, locationId, delta }) => ({ sku, locationId, delta }))).toEqual([
      { sku: "P2-S", locationId: shop.locationId, delta: 3 },
      { sku: "P2-L", locationId: shop.locationId, delta: 2 },
    ]);
    expect(preview.incoming.map(({ sku, delta }) => ({ sku, delta }))).toEqual([
      { sku: "P2-S", delta: -3 },
      { sku: "P2-L", delta: -2 },
    ]);
    expect(await loadOrderState(db, SHOP, order.id)).toEqual(before.order);
    expect(await db.shopifyEffect.count()).toBe(before.effects);
    // Not even cost sync's write: the preview only checks that completing would be allowed.
    expect(shop.standin.store.adminApiCalls(SHOP)).toEqual(before.calls);

    const availableBefore = [available(2, 0), available(2, 1)];
    await act(order.id, { action: "quick_complete" });
    expect([available(2, 0) - availableBefore[0]!, available(2, 1) - availableBefore[1]!]).toEqual([3, 2]);
    expect([incoming(order.id, 2, 0), incoming(order.id, 2, 1)]).toEqual([0, 0]);
  });

  it("Preview of completing a foreign-currency order without an exchange rate meets the refusal the action would", async () => {
    const order = await sentOrder([[0, 0, 1]]);
    await db.purchaseOrder.update({ where: { id: order.id }, data: { currencyCode: "EUR", exchangeRate: null } });
    const refusal = await previewAction(lifecycleDeps(db, gateway), SHOP, order.id, { action: "quick_complete" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(GuardrailError);
    expect(refusal).toMatchObject({ rule: "exchange_rate_required", status: "sent" });
  });

  it("Custom lines never touch Shopify", async () => {
    const order = await sentOrder([[0, 0, 1]]);
    const calls = { ...shop.standin.store.adminApiCalls(SHOP) };
    await performAction(lifecycleDeps(db, gateway), SHOP, actor, order.id, {
      action: "add_line",
      line: {
        kind: "custom",
        variantId: null,
        inventoryItemId: null,
        productId: null,
        productTitle: "Freight",
        variantTitle: null,
        sku: null,
        vendor: null,
        notOrdered: false,
        ordered: 1,
        unitCost: "30",
      },
    });
    expect(await drainEffects(db, SHOP, gateway)).toEqual({ applied: 0, failed: 0, waiting: 0 });
    expect(shop.standin.store.adminApiCalls(SHOP)).toEqual(calls);
  });
});

describe("product tags", () => {
  it("protected removal: with two active orders holding a product, completing one keeps the tag; completing both removes it", async () => {
    const product = freshProduct();
    const first = await sentOrder([[product, 0, 2]]);
    const second = await sentOrder([[product, 1, 3]]);
    expect(tags(product)).toContain(TAG);
    await act(first.id, { action: "quick_complete" });
    expect(tags(product)).toContain(TAG);
    await act(second.id, { action: "quick_complete" });
    expect(tags(product)).not.toContain(TAG);
  });

  it("an 'always' rule removes the tag even while another order holds the product", async () => {
    await settings({ tagRules: [{ ...DEFAULT_SETTINGS.tagRules[0]!, tag: "inbound-always", removalPolicy: "always" }] });
    const product = freshProduct();
    const first = await sentOrder([[product, 0, 2]]);
    await sentOrder([[product, 1, 2]]);
    expect(tags(product)).toContain("inbound-always");
    await act(first.id, { action: "cancel" });
    expect(tags(product)).not.toContain("inbound-always");
  });
});

describe("write-back metafields", () => {
  it("a value rule writes the PO field on its trigger status; a boolean rule stays TRUE while another order holds the product", async () => {
    await settings({
      tagRules: [],
      writeBackRules: [
        { kind: "value", namespace: "inbound", key: "expected_po", owner: "variant", field: "number", triggerStatuses: ["sent"] },
        {
          kind: "boolean",
          namespace: "inbound",
          key: "on_order",
          owner: "product",
          trueStatuses: ["sent"],
          falseStatuses: ["completed", "cancelled"],
        },
      ],
    });
    const metafield = (ownerId: string, key: string) =>
      [...shop.standin.store.shop(SHOP).metafields.values()].find((m) => m.ownerId === ownerId && m.namespace === "inbound" && m.key === key)?.value;
    const product = freshProduct();
    const first = await sentOrder([[product, 0, 2]]);
    const second = await sentOrder([[product, 1, 2]]);
    expect(metafield(shop.products[product]!.variants[1]!.variantId, "expected_po")).toBe(`PO-${String(second.number).padStart(4, "0")}`);
    expect(metafield(shop.products[product]!.productId, "on_order")).toBe("true");
    await act(first.id, { action: "cancel" });
    expect(metafield(shop.products[product]!.productId, "on_order")).toBe("true");
    await act(second.id, { action: "cancel" });
    expect(metafield(shop.products[product]!.productId, "on_order")).toBe("false");
  });
});

describe("recovery", () => {
  it("Sync reset leaves Shopify untouched, and the next sync pushes the receipts again", async () => {
    await settings({ autoSyncOnReceive: true });
    const before = available(1, 0);
    const order = await sentOrder([[1, 0, 5]]);
    await act(order.id, { action: "receive", lines: [{ lineId: order.lines[0]!.id, received: 5, rejected: 0, cancelled: 0, reason: "accepted" }] });
    expect(available(1, 0)).toBe(before + 5);
    const reset = await act(order.id, { action: "reset_sync" });
    expect(reset.stagedEffects).toEqual([]);
    expect(available(1, 0)).toBe(before + 5);
    // As if the merchant had corrected on hand in Shopify by hand: the re-sync pushes again.
    shop.standin.store.setQuantity(SHOP, {
      inventoryItemId: shop.products[1]!.variants[0]!.inventoryItemId,
      locationId: shop.locationId,
      name: "available",
      quantity: before,
    });
    await act(order.id, { action: "sync_to_shopify" });
    expect(available(1, 0)).toBe(before + 5);
  });

  it("Incoming adjustment corrects a stuck incoming quantity on a cancelled order", async () => {
    const order = await sentOrder([[2, 1, 4]]);
    await act(order.id, { action: "cancel" });
    // A stuck quantity, as if a rollback had been lost: Shopify still shows 3 incoming for the order.
    shop.standin.store.setQuantity(SHOP, {
      inventoryItemId: shop.products[2]!.variants[1]!.inventoryItemId,
      locationId: shop.locationId,
      name: "incoming",
      quantity: 3,
      ledgerDocumentUri: purchaseOrderDocumentUri(order.id),
    });
    const result = await act(order.id, { action: "adjust_incoming", inventoryItemId: shop.products[2]!.variants[1]!.inventoryItemId, delta: -3 });
    expect(result.stagedEffects).toHaveLength(1);
    expect(incoming(order.id, 2, 1)).toBe(0);
    const audit = await db.auditEntry.findFirst({ where: { purchaseOrderId: order.id }, orderBy: { createdAt: "desc" } });
    expect(audit?.action).toBe("adjust_incoming");
  });
});
