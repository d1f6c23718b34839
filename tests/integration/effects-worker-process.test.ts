import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { stageEffects } from "~/services/effects.server";
import { offlineSessionId } from "~/services/shops.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startWorkerProcess, stopAll } from "../support/processes";
import { standinShop } from "../support/shopify";

/**
 * `npm run worker` as a real process: killed with SIGKILL mid-batch (a call to Shopify in
 * flight) and started again, Shopify ends exactly right: nothing lost, nothing applied twice.
 */
const SHOP = "killed.myshopify.com";
const ORDER_URI = purchaseOrderDocumentUri("order-killed");
const EFFECTS = 16;
let standin: StandinServer;
let database: TestDatabase;
let shopId: string;
let locationId: string;
let items: Array<{ inventoryItemId: string }>;

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
  ({ shopId, locationId } = shop);
  items = shop.products[0]!.variants;
  // The offline session the worker builds the shop's gateway from, as after OAuth.
  await database.db.session.create({ data: { id: offlineSessionId(SHOP), shop: SHOP, state: "", accessToken: shop.accessToken } });
});
afterAll(async () => {
  stopAll();
  await database.cleanup();
  await standin.close();
});

const startWorker = () => startWorkerProcess({ databaseUrl: database.url, shopDomain: SHOP, adminApiOrigin: standin.origin });

const applied = () => database.db.shopifyEffect.count({ where: { shopId, status: "applied" } });
const graphqlRequests = () => standin.store.requests.filter((request) => request.shop === SHOP);

function level(item: number) {
  return [...standin.store.shop(SHOP).levels.values()].find(
    (candidate) => candidate.itemId === items[item]!.inventoryItemId && candidate.locationId === locationId,
  )!;
}

describe("the standalone worker process", () => {
  it("killed mid-batch and restarted, leaves Shopify exactly right: nothing lost, nothing doubled", async () => {
    const effects: PlannedEffect[] = Array.from({ length: EFFECTS }, (_, index) => ({
      kind: index % 4 === 3 ? "adjust_on_hand" : "adjust_incoming",
      payload: {
        referenceDocumentUri: ORDER_URI,
        changes: [{ inventoryItemId: items[index % 2]!.inventoryItemId, locationId, delta: index + 1 }],
      },
    }));
    const ids = await database.db.$transaction((tx) => stageEffects(tx, shopId, null, effects));
    const expected = (kind: PlannedEffect["kind"], item: number) =>
      effects.reduce((sum, effect, index) => (effect.kind === kind && index % 2 === item ? sum + index + 1 : sum), 0);
    // Every call answers slowly, so the worker is mid-call most of the time.
    standin.store.injectFault({ kind: "slow", count: EFFECTS * 2, delayMs: 150 });

    const first = startWorker();
    // Kill it while a call is in flight, after some effects were applied: Shopify will still
    // apply that call, and its answer is lost with the process.
    await expect.poll(async () => (await applied()) >= 4 && graphqlRequests().at(-1)?.status === 0, { timeout: 90_000, interval: 10 }).toBe(true);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const appliedAtKill = await applied();
    expect(appliedAtKill).toBeLessThan(EFFECTS);
    const inFlight = await database.db.shopifyEffect.findFirstOrThrow({ where: { shopId, status: "sent" } });
    // The stand-in finishes the call the dead worker made (Shopify would apply it too).
    await expect.poll(() => graphqlRequests().every((request) => request.status !== 0), { timeout: 90_000 }).toBe(true);

    const second = startWorker();
    await expect.poll(applied, { timeout: 90_000, interval: 50 }).toBe(EFFECTS);
    second.child.kill("SIGTERM");
    expect((await second.exited).code, second.output()).toBe(0);

    expect(level(0).incomingByLedger.get(ORDER_URI)).toBe(expected("adjust_incoming", 0));
    expect(level(1).incomingByLedger.get(ORDER_URI)).toBe(expected("adjust_incoming", 1));
    expect([level(0).stored.available, level(1).stored.available]).toEqual([expected("adjust_on_hand", 0), expected("adjust_on_hand", 1)]);
    // One change per effect in Shopify's history, in the order staged.
    expect(standin.store.shop(SHOP).history.map((group) => group.idempotencyKey)).toEqual(ids);
    const attempts = await database.db.shopifyEffectAttempt.findMany({ where: { effectId: inFlight.id }, orderBy: { startedAt: "asc" } });
    expect(attempts.map((attempt) => attempt.outcome)).toEqual([null, "applied"]);
    expect(new Set(attempts.map((attempt) => attempt.workerId)).size).toBe(2);
    expect(await database.db.shopifyEffect.count({ where: { shopId, status: { not: "applied" } } })).toBe(0);
    expect(await database.db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ effectsLeaseOwner: null });
  });
});
