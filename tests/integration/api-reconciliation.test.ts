import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import { DEFAULT_SETTINGS } from "~/domain/settings";
import { drainEffects } from "~/jobs/effects-worker.server";
import { saveSettings } from "~/services/settings.server";

import { incomingTotal } from "../standin/store";
import { startApiFixture, type ApiFixture } from "../support/api";
import { createOrderOfVariants } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * Incoming reconciliation through the REST API, over real HTTP against the stand-in: an order's
 * incoming reaches Shopify through the worker, drift is planted in the stand-in, and the API's
 * run reports it and its fix stages the correction.
 */
const SHOP = "api-reconcile.myshopify.com";
const OTHER_SHOP = "api-reconcile-other.myshopify.com";
const merchant = { type: "merchant", id: "merchant-1" } as const;

let f: ApiFixture;

beforeAll(async () => {
  f = await startApiFixture(SHOP, [
    {
      title: "Lamp",
      vendor: "Acme",
      variants: [
        { sku: "LAMP-1", price: "30", unitCost: "12" },
        { sku: "LAMP-2", price: "35", unitCost: "14" },
      ],
    },
  ]);
  await installShop(f.db, { domain: OTHER_SHOP }, ["Other"]);
});

afterAll(async () => f.close());
beforeEach(async () => f.refill());

const item = (index: number) => f.products[0]!.variants[index]!;
const drain = () => drainEffects(f.db, SHOP, f.gateway);
const shopifyIncoming = (index: number) =>
  incomingTotal(
    [...f.standin.store.shop(SHOP).levels.values()].find(
      (level) => level.itemId === item(index).inventoryItemId && level.locationId === f.locationId,
    )!,
  );

describe("incoming reconciliation", () => {
  let orderId: string;

  it("has no run before the first, then a clean run when Shopify agrees", async () => {
    expect((await f.reader.call("get_incoming_reconciliation")).body).toEqual({ run: null });

    orderId = (
      await createOrderOfVariants(f.db, SHOP, f.supplierId, f.locationId, [
        { ...item(0), quantity: 8 },
        { ...item(1), quantity: 3 },
      ])
    ).id;
    expect((await f.writer.call("mark_purchase_order_sent", { params: { id: orderId }, body: {} })).status).toBe(200);
    await drain();
    expect([shopifyIncoming(0), shopifyIncoming(1)]).toEqual([8, 3]);

    const run = await f.writer.call("reconcile_incoming", { body: {} });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ trigger: "manual", status: "clean", rows: [], error: null });
    expect(await f.db.incomingReconciliation.findUniqueOrThrow({ where: { id: run.body.id } })).toMatchObject({ status: "clean" });

    const nothing = await f.writer.call("fix_incoming_reconciliation", { params: { run_id: run.body.id }, body: {} });
    expect(nothing.status).toBe(409);
    expect(nothing.error).toMatchObject({ rule: "reconciliation_nothing_to_fix", allowed_actions: ["run"] });
  });

  it("reports drift planted in Shopify, fixes it on the order's document, and refuses a second fix", async () => {
    // Someone lowered the order's incoming in Shopify directly: 8 → 5.
    f.standin.store.setQuantity(SHOP, {
      inventoryItemId: item(0).inventoryItemId,
      locationId: f.locationId,
      name: "incoming",
      quantity: 5,
      ledgerDocumentUri: purchaseOrderDocumentUri(orderId),
    });
    expect(shopifyIncoming(0)).toBe(5);

    const run = await f.writer.call("reconcile_incoming", { body: {} });
    expect(run.status).toBe(200);
    expect(run.body.status).toBe("drift");
    const order = await f.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
    expect(run.body.rows).toEqual([
      {
        inventory_item_id: item(0).inventoryItemId,
        location_id: f.locationId,
        sku: "SKU-1",
        title: expect.any(String),
        expected: 8,
        shopify: 5,
        drift: -3,
        kind: "fixable",
        not_ours: 0,
        documents: [
          // in_shopify: what its applied effects put there (Shopify cannot say whose the missing 3 were).
          { purchase_order_id: orderId, order_name: `PO-${String(order.number).padStart(4, "0")}`, expected: 8, in_shopify: 8, correction: 3 },
        ],
      },
    ]);
    const latest = await f.reader.call("get_incoming_reconciliation");
    expect(latest.body.run).toEqual(run.body);

    expect((await f.reader.call("fix_incoming_reconciliation", { params: { run_id: run.body.id }, body: {} })).status).toBe(403);
    const fixed = await f.writer.call("fix_incoming_reconciliation", { params: { run_id: run.body.id }, body: {} });
    expect(fixed.status).toBe(200);
    expect(fixed.body.run).toMatchObject({ id: run.body.id, status: "fixed", fixed_at: expect.any(String) });
    expect(fixed.body.side_effects.staged).toHaveLength(1);
    const effect = await f.db.shopifyEffect.findUniqueOrThrow({ where: { id: fixed.body.side_effects.staged[0].id } });
    expect(effect).toMatchObject({ kind: "adjust_incoming", status: "staged", purchaseOrderId: orderId });
    expect(JSON.parse(effect.payload)).toMatchObject({ changes: [{ inventoryItemId: item(0).inventoryItemId, locationId: f.locationId, delta: 3 }] });
    const audit = await f.db.auditEntry.findFirstOrThrow({ where: { action: "reconcile_incoming" } });
    expect(audit).toMatchObject({ actorType: "api_key" });

    const again = await f.writer.call("fix_incoming_reconciliation", { params: { run_id: run.body.id }, body: {} });
    expect(again.status).toBe(409);
    expect(again.error).toMatchObject({ rule: "reconciliation_already_fixed", allowed_actions: ["run"] });
    expect(await f.db.shopifyEffect.count({ where: { kind: "adjust_incoming", purchaseOrderId: orderId, status: "staged" } })).toBe(1);

    // Once the worker applied the correction, Shopify agrees again.
    await drain();
    expect(shopifyIncoming(0)).toBe(8);
    expect((await f.writer.call("reconcile_incoming", { body: {} })).body.status).toBe("clean");
  });

  it("refuses the read key, unknown fields, another shop's run id, and a shop with incoming tracking off", async () => {
    const runs = await f.db.incomingReconciliation.count();
    expect((await f.reader.call("reconcile_incoming", { body: {} })).status).toBe(403);
    const unknown = await f.writer.call("reconcile_incoming", { body: { only: "LAMP-1" } });
    expect(unknown.status).toBe(422);
    expect(unknown.error!.field).toBe("only");
    expect(await f.db.incomingReconciliation.count()).toBe(runs);

    const otherShop = await f.db.shop.findUniqueOrThrow({ where: { domain: OTHER_SHOP } });
    const foreign = await f.db.incomingReconciliation.create({
      data: { shopId: otherShop.id, trigger: "manual", status: "drift", startedAt: new Date(), finishedAt: new Date() },
    });
    const notFound = await f.writer.call("fix_incoming_reconciliation", { params: { run_id: foreign.id }, body: {} });
    expect(notFound.status).toBe(404);
    expect(await f.db.incomingReconciliation.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "drift", fixedAt: null });

    await saveSettings(f.db, SHOP, merchant, { ...DEFAULT_SETTINGS, incomingTracking: false });
    const off = await f.writer.call("reconcile_incoming", { body: {} });
    expect(off.status).toBe(409);
    expect(off.error).toMatchObject({ rule: "incoming_tracking_off", allowed_actions: ["settings"] });
    expect(await f.db.incomingReconciliation.count()).toBe(runs + 1);
  });
});
