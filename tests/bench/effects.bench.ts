import { afterAll, beforeAll, describe, test } from "vitest";

import { drainEffects } from "~/jobs/effects-worker.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { LARGE_ORDER_LINES, largeDraftOrder } from "../support/large-order";
import { adminApiCallsDuring, standinGateway } from "../support/shopify";

/**
 * Shopify effects of a 250-line order, end to end over HTTP to the stand-in: the Admin API
 * calls one Send costs (reported, and asserted in tests/integration/send-call-count.test.ts),
 * and how long staging plus applying a full incoming roll-back and re-push takes.
 */
const SHOP = "bench-effects.myshopify.com";
const actor = { type: "system", id: "bench" } as const;

describe(`Shopify effects of a ${LARGE_ORDER_LINES}-line order`, () => {
  let standin: StandinServer;
  let database: TestDatabase;
  let gateway: ShopifyGateway;
  let orderId = "";
  let sendCalls: Record<string, number> = {};

  beforeAll(async () => {
    standin = await startStandin({ seedDemoShop: false });
    database = await createTestDatabase();
    // Pacing waits are real time; the stand-in's bucket refills per its own clock, so no waits are skipped.
    gateway = standinGateway(standin, SHOP, "token");
    const { order } = await largeDraftOrder(database.db, standin, gateway, SHOP);
    orderId = order.id;
    sendCalls = await adminApiCallsDuring(standin, SHOP, async () => {
      await performAction({ db: database.db }, SHOP, actor, orderId, { action: "send", via: "manual" });
      await drainEffects(database.db, SHOP, gateway);
    });
    console.info(`Admin API calls for Send on a ${LARGE_ORDER_LINES}-line order: ${JSON.stringify(sendCalls)}`);
  });
  afterAll(async () => {
    await database.cleanup();
    await standin.close();
  });

  // A round trip takes seconds: a few iterations measure it without stretching `npm run bench`.
  test("cancel and reopen (incoming rolled back and re-pushed, tags removed and re-applied), applied", { timeout: 120_000 }, async ({ bench }) => {
    await bench(`cancel + reopen + drain (Send costs ${Object.values(sendCalls).reduce((a, b) => a + b, 0)} calls)`, async () => {
      await performAction({ db: database.db }, SHOP, actor, orderId, { action: "cancel" });
      await performAction({ db: database.db }, SHOP, actor, orderId, { action: "reopen" });
      await drainEffects(database.db, SHOP, gateway);
    }).run({ iterations: 5, time: 0, warmupIterations: 1 });
  });
});
