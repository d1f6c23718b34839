import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import { GuardrailError } from "~/domain/errors";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { drainEffects } from "~/jobs/effects-worker.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import {
  fixReconciliation,
  latestReconciliation,
  runDueDriftChecks,
  runDueReconciliations,
  runReconciliation,
} from "~/services/reconciliation.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { incomingTotal } from "../standin/store";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrderOfVariants } from "../support/orders";
import { installShop, standinGateway, standinShop } from "../support/shopify";

/**
 * Incoming reconciliation over real HTTP against the stand-in and a real SQLite file: orders
 * are sent and drained by the worker, drift is planted in the stand-in, then found and fixed.
 */
const SHOP = "reconcile.myshopify.com";
const NEIGHBOUR = "reconcile-neighbour.myshopify.com";
const actor = { type: "merchant", id: "staff-1" } as const;
let standin: StandinServer;
let database: TestDatabase;
let gateway: ShopifyGateway;
let accessToken: string;
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
        { sku: "LAN-M", price: "25", unitCost: "10" },
        { sku: "LAN-L", price: "30", unitCost: "12" },
      ],
    },
  ]);
  ({ gateway, accessToken, supplierId, locationId } = shop);
  items = shop.products[0]!.variants;
  await installShop(database.db, { domain: NEIGHBOUR }, ["Elsewhere"]);
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

/** A draft whose lines order the given quantities of the given items (by index), at the warehouse. */
async function newOrder(lines: Array<[item: number, quantity: number]>) {
  const variants = lines.map(([item, quantity]) => ({ ...items[item]!, quantity }));
  const order = await createOrderOfVariants(database.db, SHOP, supplierId, locationId, variants);
  return loadOrderState(database.db, SHOP, order.id);
}

const act = (orderId: string, command: LifecycleCommand) => performAction({ db: database.db }, SHOP, actor, orderId, command);
const drain = () => drainEffects(database.db, SHOP, gateway);

function level(item: number) {
  return [...standin.store.shop(SHOP).levels.values()].find((l) => l.itemId === items[item]!.inventoryItemId && l.locationId === locationId)!;
}
/** Shopify's total incoming per item (by index). */
const shopifyIncoming = () => items.map((_, index) => incomingTotal(level(index)));
const plant = (item: number, document: string, quantity: number) =>
  standin.store.setQuantity(SHOP, {
    inventoryItemId: items[item]!.inventoryItemId,
    locationId,
    name: "incoming",
    quantity,
    ledgerDocumentUri: document,
  });

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuardrailError);
  return (error as GuardrailError).rule;
}

describe("incoming reconciliation", () => {
  let open: Awaited<ReturnType<typeof newOrder>>;

  it("finds nothing when Shopify agrees with the orders, and then changes nothing", async () => {
    open = await newOrder([
      [0, 10],
      [1, 4],
    ]);
    await act(open.id, { action: "send", via: "manual" });
    await drain();
    expect(shopifyIncoming()).toEqual([10, 4, 0]);
    const history = standin.store.shop(SHOP).history.length;
    const effects = await database.db.shopifyEffect.count();

    const run = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(run).toMatchObject({ trigger: "manual", status: "clean", report: { rows: [] } });
    expect(await refusal(fixReconciliation(database.db, SHOP, actor, run.id))).toBe("reconciliation_nothing_to_fix");
    expect(standin.store.shop(SHOP).history.length).toBe(history);
    expect(await database.db.shopifyEffect.count()).toBe(effects);
    expect(await database.db.auditEntry.count({ where: { action: "reconcile_incoming" } })).toBe(0);
  });

  it("detects drift planted in Shopify, fixes it on the orders' documents, and is clean afterwards", async () => {
    // A cancelled order whose rollback Shopify refused: its document was lowered in Shopify
    // first, so taking all 6 off would go below zero. 2 stay stuck on it.
    const cancelled = await newOrder([[2, 6]]);
    await act(cancelled.id, { action: "send", via: "manual" });
    await drain();
    plant(2, purchaseOrderDocumentUri(cancelled.id), 2);
    await act(cancelled.id, { action: "cancel" });
    expect(await drain()).toMatchObject({ failed: 1 });
    const [rollback] = await database.db.shopifyEffect.findMany({ where: { purchaseOrderId: cancelled.id, status: "failed" } });
    // And the open order lost 3 of item 1 in Shopify (changed there directly).
    plant(1, purchaseOrderDocumentUri(open.id), 1);
    expect(shopifyIncoming()).toEqual([10, 1, 2]);

    const run = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(run.status).toBe("drift");
    expect(run.report.rows.map((row) => [row.inventoryItemId, row.expected, row.shopify, row.drift, row.kind])).toEqual(
      [
        [items[1]!.inventoryItemId, 4, 1, -3, "fixable"],
        [items[2]!.inventoryItemId, 0, 2, 2, "fixable"],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    const view = await latestReconciliation(database.db, SHOP);
    expect(view.run?.rows.find((row) => row.inventoryItemId === items[2]!.inventoryItemId)).toMatchObject({
      sku: "SKU-1",
      documents: [{ orderId: cancelled.id, orderName: `PO-${String(cancelled.number).padStart(4, "0")}`, expected: 0, inShopify: 6, correction: -2 }],
    });

    const fixed = await fixReconciliation(database.db, SHOP, actor, run.id);
    expect(fixed.run.status).toBe("fixed");
    expect(fixed.stagedEffects).toHaveLength(2);
    const staged = await database.db.shopifyEffect.findMany({ where: { id: { in: fixed.stagedEffects } } });
    expect(staged.map((effect) => [effect.purchaseOrderId, JSON.parse(effect.payload)]).sort()).toEqual(
      [
        [
          open.id,
          {
            referenceDocumentUri: purchaseOrderDocumentUri(open.id),
            changes: [{ inventoryItemId: items[1]!.inventoryItemId, locationId, delta: 3 }],
          },
        ],
        [
          cancelled.id,
          {
            referenceDocumentUri: purchaseOrderDocumentUri(cancelled.id),
            changes: [{ inventoryItemId: items[2]!.inventoryItemId, locationId, delta: -2 }],
          },
        ],
      ].sort(),
    );
    // The refused rollback must never be applied on top of the fix by a retry.
    expect(await database.db.shopifyEffect.findUniqueOrThrow({ where: { id: rollback!.id } })).toMatchObject({ status: "superseded" });
    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { action: "reconcile_incoming" } });
    expect(audit).toMatchObject({ purchaseOrderId: null, actorType: "merchant", actorId: "staff-1" });
    expect(JSON.parse(audit.changes!)).toMatchObject({
      reconciliationId: run.id,
      stagedEffects: fixed.stagedEffects,
      supersededEffects: [rollback!.id],
    });
    expect(await refusal(fixReconciliation(database.db, SHOP, actor, run.id))).toBe("reconciliation_already_fixed");

    expect(await drain()).toEqual({ applied: 2, failed: 0, waiting: 0 });
    expect(shopifyIncoming()).toEqual([10, 4, 0]);
    expect(level(2).incomingByLedger.get(purchaseOrderDocumentUri(cancelled.id)) ?? 0).toBe(0);
    expect(await runReconciliation(database.db, SHOP, gateway, "manual")).toMatchObject({ status: "clean", report: { rows: [] } });
  });

  it("reports incoming that is not ours without touching it", async () => {
    plant(0, "gid://other-app/Transfer/1", 5);
    const run = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(run.report.rows).toMatchObject([
      { inventoryItemId: items[0]!.inventoryItemId, expected: 10, shopify: 15, drift: 5, kind: "not_ours", notOurs: 5 },
    ]);
    expect(await refusal(fixReconciliation(database.db, SHOP, actor, run.id))).toBe("reconciliation_nothing_to_fix");
    plant(0, "gid://other-app/Transfer/1", 0);
  });

  it("refuses to fix a run whose findings may no longer hold", async () => {
    plant(0, purchaseOrderDocumentUri(open.id), 8);
    const older = await runReconciliation(database.db, SHOP, gateway, "manual");
    const newer = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(await refusal(fixReconciliation(database.db, SHOP, actor, older.id))).toBe("reconciliation_stale");

    await act(open.id, { action: "confirm_lines", lines: [{ lineId: open.lines[0]!.id, confirmed: 9 }] });
    expect(await refusal(fixReconciliation(database.db, SHOP, actor, newer.id))).toBe("reconciliation_stale");
    const pending = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(pending.report.rows).toMatchObject([{ inventoryItemId: items[0]!.inventoryItemId, kind: "pending" }]);
    expect(pending.status).toBe("clean");

    await drain();
    const settled = await runReconciliation(database.db, SHOP, gateway, "manual");
    expect(settled.report.rows).toMatchObject([{ expected: 9, shopify: 7, drift: -2, kind: "fixable" }]);
    await fixReconciliation(database.db, SHOP, actor, settled.id);
    await drain();
    expect(shopifyIncoming()).toEqual([9, 4, 0]);
  });

  it("runs on a schedule: a detection for each installed shop whose last run is older than the interval", async () => {
    const gatewayFor = async (domain: string) => (domain === SHOP ? gateway : null);
    expect(await runDueReconciliations(database.db, gatewayFor, new Date())).toEqual([]);
    const tomorrow = new Date(Date.now() + 25 * 60 * 60 * 1000);
    expect(await runDueReconciliations(database.db, gatewayFor, tomorrow)).toEqual([{ shopDomain: SHOP, status: "clean", error: null }]);
    expect((await latestReconciliation(database.db, SHOP)).run).toMatchObject({ trigger: "scheduled", status: "clean" });
    expect(await database.db.incomingReconciliation.count({ where: { shop: { domain: NEIGHBOUR } } })).toBe(0);
  });

  it("runs a due drift check for just the item and location it names, and leaves a later one for its time", async () => {
    const order = await newOrder([
      [1, 5],
      [2, 3],
    ]);
    await act(order.id, { action: "send", via: "manual" });
    await drain();
    // Drift on both items, e.g. changed outside Inbound; only item 1 was reported by inventory_levels/update.
    plant(1, purchaseOrderDocumentUri(order.id), 2);
    plant(2, purchaseOrderDocumentUri(order.id), 1);
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const now = new Date();
    await database.db.driftCheck.create({ data: { shopId: shop.id, inventoryItemId: items[1]!.inventoryItemId, locationId, dueAt: now } });
    const later = await database.db.driftCheck.create({
      data: { shopId: shop.id, inventoryItemId: items[2]!.inventoryItemId, locationId, dueAt: new Date(now.getTime() + 60_000) },
    });

    const gatewayFor = async (domain: string) => (domain === SHOP ? gateway : null);
    expect(await runDueDriftChecks(database.db, gatewayFor, now)).toEqual([{ shopDomain: SHOP, status: "drift", error: null }]);
    const { run } = await latestReconciliation(database.db, SHOP);
    expect(run).toMatchObject({ trigger: "webhook", status: "drift" });
    // Other orders of earlier tests hold item 1 too: the drift is what this test planted.
    expect(run!.rows).toMatchObject([{ inventoryItemId: items[1]!.inventoryItemId, drift: -3 }]);
    expect((await database.db.driftCheck.findMany()).map((check) => check.id)).toEqual([later.id]);

    // Put Shopify back for the tests that follow.
    plant(1, purchaseOrderDocumentUri(order.id), 5);
    plant(2, purchaseOrderDocumentUri(order.id), 3);
    await act(order.id, { action: "cancel" });
    await drain();
    await database.db.driftCheck.deleteMany();
  });

  it("records a run Shopify could not answer as failed", async () => {
    standin.store.injectFault({ kind: "server_error", count: 8, status: 503 });
    const run = await runReconciliation(database.db, SHOP, standinGateway(standin, SHOP, accessToken, { maxAttempts: 1 }), "manual");
    standin.store.clearFaults();
    expect(run).toMatchObject({ status: "failed", error: expect.stringMatching(/503/) });
  });
});
