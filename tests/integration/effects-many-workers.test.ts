import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { stageEffects } from "~/services/effects.server";
import { offlineSessionId } from "~/services/shops.server";

import { startStandin, type StandinServer } from "../standin";
import { seededRandom } from "../standin/seeded-random";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startWorkerProcess, stopAll } from "../support/processes";
import { standinShop } from "../support/shopify";

/**
 * Many workers (docs/decisions/020-many-processes.md): three `npm run worker` processes on one
 * database drain 1 000 effects of five shops, and one of them is killed (SIGKILL) mid-batch while
 * it holds a shop's lease with a call to Shopify in flight. Shopify ends exactly right: every
 * quantity, tag and metafield as planned, no inventory change applied twice (one adjustment group
 * per effect, by its idempotency key), each shop's changes in the order staged, and the killed
 * worker's shop taken over by another worker once its (short) lease expired. Runs on whichever
 * database createTestDatabase() gives (SQLite, or PostgreSQL with INBOUND_TEST_DATABASE).
 */
const SHOPS = ["kill-a", "kill-b", "kill-c", "kill-d", "kill-e"].map((name) => `${name}.myshopify.com`);
const EFFECTS_PER_SHOP = 200;
const LEASE_MS = 1500;
const ORDER_URI = purchaseOrderDocumentUri("order-many-workers");
const random = seededRandom(20);

interface ShopUnderTest {
  domain: string;
  shopId: string;
  productId: string;
  locationId: string;
  items: string[];
  effects: PlannedEffect[];
  ids: string[];
}

let standin: StandinServer;
let database: TestDatabase;
const shops: ShopUnderTest[] = [];

/**
 * A shop's 200 effects, in an order that matters: incoming and on-hand deltas on two items, tags
 * added and some removed again right after (a removal applied before its add would leave the tag),
 * and one metafield set over and over (the last value staged must be the one Shopify keeps).
 */
function plannedEffects(productId: string, items: string[], locationId: string): PlannedEffect[] {
  return Array.from({ length: EFFECTS_PER_SHOP }, (_, index): PlannedEffect => {
    const change = { inventoryItemId: items[index % 2]!, locationId, delta: index + 1 };
    switch (index % 5) {
      case 0:
        return { kind: "adjust_incoming", payload: { referenceDocumentUri: ORDER_URI, changes: [change] } };
      case 1:
        return { kind: "adjust_on_hand", payload: { referenceDocumentUri: ORDER_URI, changes: [change] } };
      case 2:
        return { kind: "add_tags", payload: { items: [{ id: productId, tags: [`t${index}`] }] } };
      case 3:
        return { kind: "remove_tags", payload: { items: [{ id: productId, tags: [index % 10 === 3 ? `t${index - 1}` : "never-added"] }] } };
      default:
        return {
          kind: "set_metafields",
          payload: {
            metafields: [{ ownerId: productId, namespace: "inbound", key: "sequence", type: "single_line_text_field", value: String(index) }],
          },
        };
    }
  });
}

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
  for (const domain of SHOPS) {
    const shop = await standinShop(standin, database.db, domain, [
      {
        title: "Lantern",
        vendor: "Acme",
        variants: [
          { sku: `${domain}-S`, price: "20" },
          { sku: `${domain}-L`, price: "30" },
        ],
      },
    ]);
    await database.db.session.create({ data: { id: offlineSessionId(domain), shop: domain, state: "", accessToken: shop.accessToken } });
    const product = shop.products[0]!;
    const items = product.variants.map((variant) => variant.inventoryItemId);
    const effects = plannedEffects(product.productId, items, shop.locationId);
    const ids = await database.db.$transaction((tx) => stageEffects(tx, shop.shopId, null, effects));
    shops.push({ domain, shopId: shop.shopId, productId: product.productId, locationId: shop.locationId, items, effects, ids });
  }
}, 120_000);
afterAll(async () => {
  stopAll();
  await database.cleanup();
  await standin.close();
});

const applied = () => database.db.shopifyEffect.count({ where: { status: "applied" } });
const pidOf = (workerId: string) => Number(workerId.split("/")[1]);

describe("three worker processes, one killed mid-batch", () => {
  it(
    `apply ${SHOPS.length * EFFECTS_PER_SHOP} effects of ${SHOPS.length} shops exactly once and in order; the killed worker's shop is taken over when its lease expires`,
    { timeout: 600_000 },
    async () => {
      // Calls answer slowly for a while, so a worker is mid-call most of the time when it is killed.
      standin.store.injectFault({ kind: "slow", count: 400, delayMs: 40 });
      const workers = [0, 1, 2].map(() =>
        startWorkerProcess({ databaseUrl: database.url, shopDomain: SHOPS[0]!, adminApiOrigin: standin.origin, leaseMs: LEASE_MS }),
      );

      // Once some effects are applied, one shop's next call hangs (Shopify received it, applied
      // nothing and never answers), and the worker making it is killed with it in flight: chosen
      // by its unfinished attempt, not by timing, so the call is in flight whatever the load.
      await expect.poll(applied, { timeout: 300_000, interval: 50 }).toBeGreaterThanOrEqual(100);
      const pending = await database.db.shopifyEffect.groupBy({ by: ["shopId"], where: { status: { not: "applied" } }, _count: true });
      const busy = shops.filter((shop) => pending.some((group) => group.shopId === shop.shopId && group._count > 1));
      const target = busy[Math.floor(random() * busy.length)]!;
      standin.store.clearFaults();
      standin.store.injectFault({ kind: "hang", shop: target.domain });
      await expect.poll(() => standin.store.requests.some((request) => request.fault === "hang"), { timeout: 300_000, interval: 20 }).toBe(true);
      // The hanging call's attempt is the shop's oldest unfinished one (once its lease expires,
      // another worker may already be retrying the effect beside it).
      const hanging = await database.db.shopifyEffectAttempt.findFirstOrThrow({
        where: { finishedAt: null, effect: { shopId: target.shopId } },
        orderBy: { startedAt: "asc" },
      });
      const victim = { worker: workers.find((worker) => worker.child.pid === pidOf(hanging.workerId))!, shopId: target.shopId };
      victim.worker.child.kill("SIGKILL");
      expect((await victim.worker.exited).signal).toBe("SIGKILL");
      const killedAt = Date.now();
      const appliedAtKill = await applied();
      console.info(
        `killed worker pid ${victim.worker.child.pid} holding ${shops.find((shop) => shop.shopId === victim.shopId)!.domain} after ${appliedAtKill} effects applied`,
      );
      expect(appliedAtKill).toBeLessThan(SHOPS.length * EFFECTS_PER_SHOP);

      await expect.poll(applied, { timeout: 480_000, interval: 250 }).toBe(SHOPS.length * EFFECTS_PER_SHOP);
      const survivors = workers.filter((worker) => worker !== victim.worker);
      for (const worker of survivors) worker.child.kill("SIGTERM");
      expect((await Promise.all(survivors.map((worker) => worker.exited))).map((exit) => exit.code)).toEqual([0, 0]);

      expect(await database.db.shopifyEffect.count({ where: { status: { not: "applied" } } })).toBe(0);
      for (const shop of shops) {
        const state = standin.store.shop(shop.domain);
        const level = (item: number) =>
          [...state.levels.values()].find((entry) => entry.itemId === shop.items[item] && entry.locationId === shop.locationId)!;
        const sum = (kind: PlannedEffect["kind"], item: number) =>
          shop.effects.reduce((total, effect, index) => (effect.kind === kind && index % 2 === item ? total + index + 1 : total), 0);
        // Quantities exact.
        expect(
          [0, 1].map((item) => level(item).incomingByLedger.get(ORDER_URI) ?? 0),
          shop.domain,
        ).toEqual([sum("adjust_incoming", 0), sum("adjust_incoming", 1)]);
        expect(
          [0, 1].map((item) => level(item).stored.available),
          shop.domain,
        ).toEqual([sum("adjust_on_hand", 0), sum("adjust_on_hand", 1)]);
        // Nothing applied twice, and in the order staged: one adjustment group per inventory effect, by its key.
        const inventoryIds = shop.ids.filter((_, index) => index % 5 < 2);
        expect(
          state.history.map((group) => group.idempotencyKey),
          shop.domain,
        ).toEqual(inventoryIds);
        // Tags: each removal came after its add (else the tag would remain).
        const expectedTags = shop.effects.flatMap((_, index) => (index % 5 === 2 && index % 10 !== 2 ? [`t${index}`] : []));
        expect([...state.products.get(shop.productId)!.tags].sort(), shop.domain).toEqual(expectedTags.sort());
        // The metafield holds the last value staged.
        const metafields = [...state.metafields.values()].filter((metafield) => metafield.ownerId === shop.productId && metafield.key === "sequence");
        expect(
          metafields.map((metafield) => metafield.value),
          shop.domain,
        ).toEqual([String(EFFECTS_PER_SHOP - 1)]);
        expect(await database.db.shop.findUniqueOrThrow({ where: { id: shop.shopId } }), shop.domain).toMatchObject({ effectsLeaseOwner: null });
      }

      // The effect in flight at the kill (its attempt by the killed worker never finished) was
      // finished by another worker, no sooner than the lease allowed.
      const unfinished = (await database.db.shopifyEffectAttempt.findMany({ where: { finishedAt: null } })).filter(
        (attempt) => pidOf(attempt.workerId) === victim.worker.child.pid,
      );
      expect(unfinished, "the worker was killed with a call in flight").toHaveLength(1);
      const attempts = await database.db.shopifyEffectAttempt.findMany({
        where: { effectId: unfinished[0]!.effectId },
        orderBy: { startedAt: "asc" },
      });
      expect(attempts.map((attempt) => attempt.outcome)).toEqual([null, "applied"]);
      expect(pidOf(attempts[0]!.workerId)).toBe(victim.worker.child.pid);
      expect(pidOf(attempts[1]!.workerId)).not.toBe(victim.worker.child.pid);
      expect(survivors.map((worker) => worker.child.pid)).toContain(pidOf(attempts[1]!.workerId));
      console.info(
        `the killed worker's shop was taken over ${attempts[1]!.startedAt.getTime() - attempts[0]!.startedAt.getTime()} ms after its last claim (lease ${LEASE_MS} ms); all applied ${Date.now() - killedAt} ms after the kill`,
      );
      expect(attempts[1]!.startedAt.getTime() - attempts[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(LEASE_MS - 50);
    },
  );
});
