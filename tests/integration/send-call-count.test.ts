import { afterAll, beforeAll, expect, it } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import { drainEffects } from "~/jobs/effects-worker.server";
import { MAX_ALIASED_MUTATIONS } from "~/services/shopify/documents";
import { performAction } from "~/services/purchase-order-lifecycle.server";

import { startStandin, type StandinServer } from "../standin";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { LARGE_ORDER_LINES, LARGE_ORDER_PRODUCTS, largeDraftOrder } from "../support/large-order";
import { adminApiCallsDuring, standinGateway } from "../support/shopify";

/**
 * Sending a 250-line order costs one inventory call for all its incoming plus batched tag
 * calls, never a call per line.
 */
const SHOP = "large.myshopify.com";
let standin: StandinServer;
let database: TestDatabase;

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.cleanup();
  await standin.close();
});

it(`Send on a ${LARGE_ORDER_LINES}-line order: one inventory call plus batched tag calls`, async () => {
  const gateway = standinGateway(standin, SHOP, "token");
  const { order, locationId } = await largeDraftOrder(database.db, standin, gateway, SHOP);
  const calls = await adminApiCallsDuring(standin, SHOP, async () => {
    await performAction({ db: database.db }, SHOP, { type: "merchant", id: "staff" }, order.id, { action: "send", via: "manual" });
    await drainEffects(database.db, SHOP, gateway);
  });
  expect(calls).toEqual({
    InboundAdjustQuantities: 1,
    InboundTagsAdd: Math.ceil(LARGE_ORDER_PRODUCTS / MAX_ALIASED_MUTATIONS),
  });
  const shop = standin.store.shop(SHOP);
  const incoming = [...shop.levels.values()]
    .filter((level) => level.locationId === locationId)
    .map((level) => level.incomingByLedger.get(purchaseOrderDocumentUri(order.id)) ?? 0);
  expect(incoming.filter((quantity) => quantity === 12)).toHaveLength(LARGE_ORDER_LINES);
  expect([...shop.products.values()].every((product) => product.tags.includes("on-purchase-order"))).toBe(true);
});
