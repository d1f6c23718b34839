import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { ValidationError } from "~/domain/errors";
import { drainEffects, runEffectsWorker, type DrainOptions } from "~/jobs/effects-worker.server";
import { retryEffect, stageEffects } from "~/services/effects.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop, standinGateway, standinShop } from "../support/shopify";

/**
 * The effects worker over real HTTP to the stand-in and a real SQLite file: each kind reaches
 * Shopify through its own call, in the order staged, exactly once, with an attempt history;
 * one worker per shop at a time; transient failures back off and hold the queue; refusals and
 * malformed rows fail with a message and let the queue go on.
 */
const SHOP = "worker.myshopify.com";
const ORDER_URI = purchaseOrderDocumentUri("order-1");
let standin: StandinServer;
let database: TestDatabase;
let gateway: ShopifyGateway;
let accessToken: string;
let shopId: string;
let locationId: string;
let productId: string;
let items: Array<{ variantId: string; inventoryItemId: string }>;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  const shop = await standinShop(standin, database.db, SHOP, [
    {
      title: "Lantern",
      vendor: "Acme",
      variants: [
        { sku: "LAN-S", price: "20" },
        { sku: "LAN-L", price: "30" },
      ],
    },
  ]);
  ({ gateway, accessToken, shopId, locationId } = shop);
  ({ productId, variants: items } = shop.products[0]!);
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});
beforeEach(async () => {
  // Each test starts from an empty queue and a fresh Shopify for the shop.
  await database.db.shopifyEffect.deleteMany({});
  await database.db.shop.update({ where: { id: shopId }, data: { effectsLeaseOwner: null, effectsLeaseUntil: null } });
  standin.store.clearFaults();
  for (const level of standin.store.shop(SHOP).levels.values()) {
    level.incomingByLedger.clear();
    level.stored.available = 0;
  }
  standin.store.shop(SHOP).history.length = 0;
  standin.store.shop(SHOP).products.get(productId)!.tags = [];
  standin.store.shop(SHOP).metafields.clear();
});

const incoming = (item: number, delta: number): PlannedEffect => ({
  kind: "adjust_incoming",
  payload: { referenceDocumentUri: ORDER_URI, changes: [{ inventoryItemId: items[item]!.inventoryItemId, locationId, delta }] },
});
const onHand = (item: number, delta: number): PlannedEffect => ({
  kind: "adjust_on_hand",
  payload: { referenceDocumentUri: ORDER_URI, changes: [{ inventoryItemId: items[item]!.inventoryItemId, locationId, delta }] },
});

function stage(effects: PlannedEffect[]): Promise<string[]> {
  return database.db.$transaction((tx) => stageEffects(tx, shopId, null, effects));
}

/** A row as a bug, a hand edit or an older version of the app could have left it. */
async function stageRaw(kind: string, payload: string): Promise<string> {
  return (await database.db.shopifyEffect.create({ data: { shopId, kind, payload }, select: { id: true } })).id;
}

function level(item: number) {
  const found = [...standin.store.shop(SHOP).levels.values()].find(
    (candidate) => candidate.itemId === items[item]!.inventoryItemId && candidate.locationId === locationId,
  );
  if (!found) throw new Error("no level");
  return found;
}
const shopifyIncoming = () => items.map((_, item) => level(item).incomingByLedger.get(ORDER_URI) ?? 0);
const shopifyAvailable = () => items.map((_, item) => level(item).stored.available);
/** Idempotency keys of the inventory changes Shopify recorded, in the order it applied them. */
const appliedKeys = () =>
  standin.store
    .shop(SHOP)
    .history.filter((group) => group.referenceDocumentUri === ORDER_URI)
    .map((group) => group.idempotencyKey);
const requestCount = () => standin.store.requests.filter((request) => request.shop === SHOP).length;
const effect = (id: string) =>
  database.db.shopifyEffect.findUniqueOrThrow({ where: { id }, include: { attemptLog: { orderBy: { startedAt: "asc" } } } });

describe("the effects worker", () => {
  it("applies every kind through its own Shopify call, in the order staged, with one attempt each", async () => {
    const ids = await stage([
      onHand(0, 4),
      incoming(0, 6),
      { kind: "add_tags", payload: { items: [{ id: productId, tags: ["on-purchase-order", "inbound"] }] } },
      {
        kind: "set_metafields",
        payload: { metafields: [{ ownerId: productId, namespace: "inbound", key: "on_order", type: "boolean", value: "true" }] },
      },
      { kind: "remove_tags", payload: { items: [{ id: productId, tags: ["inbound"] }] } },
    ]);
    ids.push(...(await stage([incoming(1, 2), incoming(0, -1)])));
    const before = standin.store.requests.length;

    expect(await drainEffects(database.db, SHOP, gateway, { workerId: "worker-a" })).toEqual({ applied: 7, failed: 0, waiting: 0 });
    expect(standin.store.requests.slice(before).map((request) => request.operationName)).toEqual([
      "InboundAdjustQuantities",
      "InboundAdjustQuantities",
      "InboundTagsAdd",
      "InboundMetafieldsSet",
      "InboundTagsRemove",
      "InboundAdjustQuantities",
      "InboundAdjustQuantities",
    ]);
    expect({ incoming: shopifyIncoming(), available: shopifyAvailable() }).toEqual({ incoming: [5, 2], available: [4, 0] });
    expect(standin.store.shop(SHOP).products.get(productId)!.tags).toEqual(["on-purchase-order"]);
    expect([...standin.store.shop(SHOP).metafields.values()].map((m) => [m.ownerId, `${m.namespace}.${m.key}`, m.value])).toEqual([
      [productId, "inbound.on_order", "true"],
    ]);
    const inventoryIds = [ids[0], ids[1], ids[5], ids[6]];
    expect(appliedKeys()).toEqual(inventoryIds);

    for (const id of ids) {
      const row = await effect(id);
      expect(row).toMatchObject({ status: "applied", attempts: 1, lastError: null });
      expect(row.attemptLog).toEqual([
        expect.objectContaining({ workerId: "worker-a", outcome: "applied", error: null, finishedAt: expect.any(Date) }),
      ]);
      expect(row.attemptLog[0]!.finishedAt!.getTime()).toBeGreaterThanOrEqual(row.attemptLog[0]!.startedAt.getTime());
    }
    expect(await database.db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ effectsLeaseOwner: null, effectsLeaseUntil: null });
  });

  it("on a transient failure, backs off with the effect staged and holds the shop's later effects until notBefore", async () => {
    const [first, second] = await stage([incoming(0, 3), incoming(1, 1)]);
    const impatient = standinGateway(standin, SHOP, accessToken, { maxAttempts: 1 });
    const t0 = new Date("2030-01-01T00:00:00Z");
    const at = (date: Date): DrainOptions => ({ now: () => date, random: () => 0.5 });

    standin.store.injectFault({ kind: "server_error", count: 1, status: 503 });
    expect(await drainEffects(database.db, SHOP, impatient, at(t0))).toEqual({ applied: 0, failed: 0, waiting: 2 });
    const backingOff = await effect(first!);
    expect(backingOff).toMatchObject({ status: "staged", attempts: 1, lastError: "InboundAdjustQuantities: HTTP 503" });
    // First retry: one second, plus half of the jitter's range at random() = 0.5.
    expect(backingOff.notBefore).toEqual(new Date(t0.getTime() + 1_250));
    expect(backingOff.attemptLog).toEqual([expect.objectContaining({ outcome: "retry", error: "InboundAdjustQuantities: HTTP 503" })]);
    expect(await effect(second!)).toMatchObject({ status: "staged", attempts: 0 });

    const requests = requestCount();
    expect(await drainEffects(database.db, SHOP, impatient, at(new Date(t0.getTime() + 1_000)))).toEqual({ applied: 0, failed: 0, waiting: 2 });
    expect(requestCount()).toBe(requests); // nothing sent before notBefore, not even the later effect

    standin.store.injectFault({ kind: "throttled", count: 1 });
    const t1 = new Date(t0.getTime() + 1_250);
    expect(await drainEffects(database.db, SHOP, impatient, at(t1))).toEqual({ applied: 0, failed: 0, waiting: 2 });
    // The second failure in a row waits twice as long.
    expect((await effect(first!)).notBefore).toEqual(new Date(t1.getTime() + 2_500));

    expect(await drainEffects(database.db, SHOP, impatient, at(new Date(t1.getTime() + 2_500)))).toEqual({ applied: 2, failed: 0, waiting: 0 });
    expect(shopifyIncoming()).toEqual([3, 1]);
    expect(appliedKeys()).toEqual([first, second]);
    expect((await effect(first!)).attemptLog.map((attempt) => attempt.outcome)).toEqual(["retry", "retry", "applied"]);
  });

  it("marks an effect Shopify refuses as failed with Shopify's message, goes on with the next, and retries it only on request", async () => {
    const [refused, next] = await stage([incoming(0, -999), incoming(1, 2)]);
    expect(await drainEffects(database.db, SHOP, gateway)).toEqual({ applied: 1, failed: 1, waiting: 0 });
    const failed = await effect(refused!);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.lastError).toMatch(/INVALID_QUANTITY_TOO_LOW/);
    expect(failed.attemptLog).toEqual([expect.objectContaining({ outcome: "failed", error: failed.lastError })]);
    expect(await effect(next!)).toMatchObject({ status: "applied" });
    expect(shopifyIncoming()).toEqual([0, 2]);

    // Retrying queues the same effect (same idempotency key) again; only failed ones, only this shop's.
    await expect(retryEffect(database.db, "other.myshopify.com", refused!)).rejects.toBeInstanceOf(ValidationError);
    await retryEffect(database.db, SHOP, refused!);
    expect((await effect(refused!)).status).toBe("staged");
    await expect(retryEffect(database.db, SHOP, refused!)).rejects.toBeInstanceOf(ValidationError);
  });

  it("fails a malformed effect with a message naming what is wrong, without calling Shopify, and goes on", async () => {
    const notJson = await stageRaw("adjust_incoming", "{changes: [");
    const badChange = await stageRaw(
      "adjust_on_hand",
      JSON.stringify({ referenceDocumentUri: ORDER_URI, changes: [{ inventoryItemId: items[0]!.inventoryItemId, locationId, delta: "4" }] }),
    );
    const badTags = await stageRaw("add_tags", JSON.stringify({ items: [{ id: "Lantern", tags: ["x"] }] }));
    // Well formed as a gid, but a location where an inventory item belongs: Shopify would refuse the whole call.
    const wrongResource = await stageRaw(
      "adjust_incoming",
      JSON.stringify({ referenceDocumentUri: ORDER_URI, changes: [{ inventoryItemId: locationId, locationId, delta: 1 }] }),
    );
    const unknownKind = await stageRaw("update_everything", "{}");
    const [valid] = await stage([incoming(0, 1)]);
    const requests = requestCount();

    expect(await drainEffects(database.db, SHOP, gateway)).toEqual({ applied: 1, failed: 5, waiting: 0 });
    expect(requestCount()).toBe(requests + 1);
    const lastErrors = await Promise.all([notJson, badChange, badTags, wrongResource, unknownKind].map(async (id) => (await effect(id)).lastError));
    expect(lastErrors).toEqual([
      "Malformed adjust_incoming payload: not JSON",
      "Malformed adjust_on_hand payload: changes.0.delta: Invalid input: expected number, received string",
      "Malformed add_tags payload: items.0.id: expected a Shopify Product id",
      "Malformed adjust_incoming payload: changes.0.inventoryItemId: expected a Shopify InventoryItem id",
      'Unknown effect kind "update_everything"',
    ]);
    expect(await effect(valid!)).toMatchObject({ status: "applied" });
  });

  it.each([
    ["after Shopify applied it", true],
    ["before it reached Shopify", false],
  ])("sends an effect left 'sent' by a worker that died %s again, once the lease expired, and Shopify applies it once", async (_, reached) => {
    const [inFlight, behind] = await stage([incoming(0, 5), incoming(1, 2)]);
    const startedAt = new Date();
    // The dead worker's state: its lease, its claim and open attempt, maybe Shopify's change.
    await database.db.shop.update({
      where: { id: shopId },
      data: { effectsLeaseOwner: "dead-worker", effectsLeaseUntil: new Date(startedAt.getTime() + 60_000) },
    });
    await database.db.shopifyEffect.update({ where: { id: inFlight }, data: { status: "sent", attempts: 1 } });
    await database.db.shopifyEffectAttempt.create({ data: { effectId: inFlight!, workerId: "dead-worker", startedAt } });
    const row = await effect(inFlight!);
    if (reached) await gateway.adjustIncoming({ idempotencyKey: inFlight!, ...JSON.parse(row.payload) });

    // While the lease holds, nobody else touches the shop.
    expect(await drainEffects(database.db, SHOP, gateway, { workerId: "worker-b" })).toEqual({ applied: 0, failed: 0, waiting: 2 });
    const later = new Date(startedAt.getTime() + 60_001);
    expect(await drainEffects(database.db, SHOP, gateway, { workerId: "worker-b", now: () => later })).toEqual({
      applied: 2,
      failed: 0,
      waiting: 0,
    });

    expect(shopifyIncoming()).toEqual([5, 2]);
    // Shopify replayed the first answer for the repeated key: one change per effect in its history.
    expect(appliedKeys()).toEqual([inFlight, behind]);
    expect((await effect(inFlight!)).attemptLog).toEqual([
      expect.objectContaining({ workerId: "dead-worker", outcome: null, finishedAt: null }),
      expect.objectContaining({ workerId: "worker-b", outcome: "applied" }),
    ]);
    expect(await effect(inFlight!)).toMatchObject({ status: "applied", attempts: 2 });
  });

  it("lets one worker at a time drain a shop: racing drainers never both send", async () => {
    const ids = await stage([1, 2, 3, 4, 5, 6].map((delta) => incoming(delta % 2, delta)));
    // The first call is slow, so the racers overlap while the lease holder is mid-batch.
    standin.store.injectFault({ kind: "slow", count: 1, delayMs: 300 });
    const results = await Promise.all(["racer-1", "racer-2", "racer-3"].map((workerId) => drainEffects(database.db, SHOP, gateway, { workerId })));

    expect(results.map((result) => result.applied).sort()).toEqual([0, 0, 6]);
    expect(shopifyIncoming()).toEqual([2 + 4 + 6, 1 + 3 + 5]);
    expect(appliedKeys()).toEqual(ids);
    const attempts = await database.db.shopifyEffectAttempt.findMany({ where: { effectId: { in: ids } } });
    expect(attempts).toHaveLength(6);
    expect(new Set(attempts.map((attempt) => attempt.workerId)).size).toBe(1);
  });

  it("runs until stopped, draining every shop with a session and skipping one without", async () => {
    const other = "worker-other.myshopify.com";
    const otherShop = await standinShop(standin, database.db, other, [{ title: "Kettle", vendor: "Acme", variants: [{ sku: "KET", price: "9" }] }]);
    const otherItem = otherShop.products[0]!.variants[0]!;
    const orphan = "worker-orphan.myshopify.com";
    const orphanShopId = (await installShop(database.db, { domain: orphan })).shop.id;

    await stage([incoming(0, 2), incoming(1, 3)]);
    await database.db.$transaction((tx) =>
      stageEffects(tx, otherShop.shopId, null, [
        {
          kind: "adjust_incoming",
          payload: {
            referenceDocumentUri: ORDER_URI,
            changes: [{ inventoryItemId: otherItem.inventoryItemId, locationId: otherShop.locationId, delta: 7 }],
          },
        },
      ]),
    );
    const [orphaned] = await database.db.$transaction((tx) => stageEffects(tx, orphanShopId, null, [incoming(0, 1)]));

    const gateways = new Map([
      [SHOP, gateway],
      [other, otherShop.gateway],
    ]);
    const stop = new AbortController();
    const errors: unknown[] = [];
    const worker = runEffectsWorker({
      db: database.db,
      gatewayFor: async (shopDomain) => gateways.get(shopDomain) ?? null,
      intervalMs: 10,
      reconcileEveryMs: 3_600_000,
      signal: stop.signal,
      onError: (_, error) => errors.push(error),
    });
    await expect.poll(async () => database.db.shopifyEffect.count({ where: { status: "applied" } }), { timeout: 90_000 }).toBe(3);
    stop.abort();
    await worker;

    expect(errors).toEqual([]);
    expect(shopifyIncoming()).toEqual([2, 3]);
    // The scheduled reconciliation ran once for each shop with a session (detection only).
    const runs = await database.db.incomingReconciliation.findMany({ select: { trigger: true, shop: { select: { domain: true } } } });
    expect(
      runs
        .filter((run) => run.trigger === "scheduled")
        .map((run) => run.shop.domain)
        .sort(),
    ).toEqual([...gateways.keys()].sort());
    const otherLevel = [...standin.store.shop(other).levels.values()].find((candidate) => candidate.itemId === otherItem.inventoryItemId);
    expect(otherLevel?.incomingByLedger.get(ORDER_URI)).toBe(7);
    expect(await effect(orphaned!)).toMatchObject({ status: "staged", attempts: 0 });
    expect(await database.db.shop.count({ where: { effectsLeaseOwner: { not: null } } })).toBe(0);
  });
});
