import type { PrismaClient } from "@prisma/client";
import { expect } from "vitest";

import { purchaseOrderDocumentUri } from "~/domain/effects";
import type { LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { drainEffects } from "~/jobs/effects-worker.server";
import type { Actor } from "~/services/actor";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { createDraftPurchaseOrder } from "~/services/purchase-orders.server";
import type { GatewayOptions, ShopifyGateway } from "~/services/shopify/gateway.server";

import { startStandin, type StandinServer } from "../standin";
import type { NewProduct } from "../standin/store";

import { createTestDatabase, type TestDatabase } from "./database";
import { standinGateway, standinShop } from "./shopify";

/**
 * A shop with real variants in its own stand-in, installed in its own test database, for tests
 * that run orders through the real pipeline (effects staged, the worker applying them over
 * HTTP) and read back what Shopify then holds. Start it in beforeAll, close it in afterAll.
 */
export interface EffectsShop {
  domain: string;
  standin: StandinServer;
  database: TestDatabase;
  db: PrismaClient;
  gateway: ShopifyGateway;
  supplierId: string;
  locationId: string;
  /** By index, as created; a test may add more. */
  products: Array<{ productId: string; variants: Array<{ variantId: string; inventoryItemId: string }> }>;
  close(): Promise<void>;
}

export async function startEffectsShop(domain: string, products: NewProduct[], gatewayOptions: Partial<GatewayOptions> = {}): Promise<EffectsShop> {
  const standin = await startStandin({ seedDemoShop: false });
  const database = await createTestDatabase();
  const shop = await standinShop(standin, database.db, domain, products);
  return {
    domain,
    standin,
    database,
    db: database.db,
    gateway: standinGateway(standin, domain, shop.accessToken, gatewayOptions),
    supplierId: shop.supplierId,
    locationId: shop.locationId,
    products: shop.products,
    async close() {
      await database.cleanup();
      await standin.close();
    },
  };
}

/** Applies the effects staged so far; none may fail. */
export async function applyEffects(shop: EffectsShop) {
  const drained = await drainEffects(shop.db, shop.domain, shop.gateway);
  expect(drained.failed, "no effect may fail").toBe(0);
}

/** Performs a lifecycle action, then applies the effects it staged. */
export async function actAndApply(shop: EffectsShop, actor: Actor, orderId: string, command: LifecycleCommand) {
  const result = await performAction(lifecycleDeps(shop.db, shop.gateway), shop.domain, actor, orderId, command);
  await applyEffects(shop);
  return result;
}

/** A sent order for the given variants (product index, variant index, quantity), its effects applied. */
export async function sentOrder(shop: EffectsShop, actor: Actor, lines: Array<[number, number, number]>, unitCost = "4.00") {
  const draft = await createDraftPurchaseOrder({ db: shop.db, gateway: shop.gateway }, shop.domain, actor, {
    supplierId: shop.supplierId,
    locationId: shop.locationId,
    note: "",
    lines: lines.map(([product, variant, quantity]) => ({
      variantId: shop.products[product]!.variants[variant]!.variantId,
      quantity: String(quantity),
      unitCost,
    })),
  });
  await actAndApply(shop, actor, draft.id, { action: "send", via: "manual" });
  return loadOrderState(shop.db, shop.domain, draft.id);
}

/** A variant's inventory level at the shop's location, as the stand-in holds it. */
export function inventoryLevel(shop: EffectsShop, product: number, variant: number) {
  const item = shop.products[product]!.variants[variant]!.inventoryItemId;
  const found = [...shop.standin.store.shop(shop.domain).levels.values()].find(
    (entry) => entry.itemId === item && entry.locationId === shop.locationId,
  );
  if (!found) throw new Error("no level");
  return found;
}

/** Incoming this order holds in Shopify for a variant (Shopify keeps incoming per ledger document). */
export function incomingHeld(shop: EffectsShop, orderId: string, product: number, variant: number) {
  return inventoryLevel(shop, product, variant).incomingByLedger.get(purchaseOrderDocumentUri(orderId)) ?? 0;
}
