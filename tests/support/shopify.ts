import type { PrismaClient } from "@prisma/client";
import { expect } from "vitest";

import { ShopifyApiError } from "~/services/shopify/errors";
import { createShopifyGateway, type GatewayOptions } from "~/services/shopify/gateway.server";
import { adminApiFetch } from "~/services/shopify/transport.server";
import { ADMIN_API_VERSION_STRING } from "~/services/shopify/version";
import { recordInstalledShop } from "~/services/shops.server";

import type { StandinServer } from "../standin";
import type { NewProduct } from "../standin/store";

/** The production gateway, talking real HTTP to the stand-in (only the origin differs). */
export function standinGateway(standin: StandinServer, shopDomain: string, accessToken: string, options: Partial<GatewayOptions> = {}) {
  return createShopifyGateway({
    shopDomain,
    accessToken,
    apiVersion: ADMIN_API_VERSION_STRING,
    fetchApi: adminApiFetch(standin.origin),
    sleep: async () => {},
    ...options,
  });
}

/** Installs a shop in the app database with the given suppliers, as after OAuth. */
export async function installShop(db: PrismaClient, shop: { domain: string; name?: string; currencyCode?: string }, supplierNames: string[] = []) {
  const record = await recordInstalledShop(db, {
    id: `gid://shopify/Shop/${shop.domain}`,
    domain: shop.domain,
    name: shop.name ?? shop.domain,
    currencyCode: shop.currencyCode ?? "USD",
  });
  const suppliers = [];
  for (const name of supplierNames) {
    suppliers.push(await db.supplier.create({ data: { shopId: record.id, name, vendor: name, currencyCode: record.currencyCode } }));
  }
  return { shop: record, suppliers };
}

/** A shop under test and a second one that must never be reached from it, one supplier each. */
export async function installShopAndNeighbour(db: PrismaClient, shop: string, neighbour: string) {
  const supplierId = (await installShop(db, { domain: shop }, ["Acme"])).suppliers[0]!.id;
  const otherSupplierId = (await installShop(db, { domain: neighbour }, ["Elsewhere"])).suppliers[0]!.id;
  return { supplierId, otherSupplierId };
}

/**
 * A shop in the stand-in with one location ("Warehouse") and the given products, the same shop
 * installed in the app database with the supplier Acme, and the production gateway to it.
 */
export async function standinShop(standin: StandinServer, db: PrismaClient, domain: string, products: NewProduct[]) {
  // The stand-in knows a shop by its token, so each shop gets its own.
  const accessToken = `token-${domain}`;
  standin.store.addShop({ domain, accessToken });
  const locationId = standin.store.addLocation(domain, { name: "Warehouse" });
  const created = products.map((product) => standin.store.addProduct(domain, product));
  const installed = await installShop(db, { domain }, ["Acme"]);
  return {
    accessToken,
    locationId,
    products: created,
    shopId: installed.shop.id,
    supplierId: installed.suppliers[0]!.id,
    gateway: standinGateway(standin, domain, accessToken),
  };
}

/** The ShopifyApiError a gateway call fails with (the test fails if it succeeds or throws anything else). */
export async function apiRejection(promise: Promise<unknown>): Promise<ShopifyApiError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ShopifyApiError);
  return error as ShopifyApiError;
}

/** The Admin API calls (by operation name) a shop's token made while `run` ran. */
export async function adminApiCallsDuring(standin: StandinServer, shopDomain: string, run: () => Promise<unknown>) {
  const before = standin.store.adminApiCalls(shopDomain);
  await run();
  const calls: Record<string, number> = {};
  for (const [name, count] of Object.entries(standin.store.adminApiCalls(shopDomain))) {
    const made = count - (before[name] ?? 0);
    if (made > 0) calls[name] = made;
  }
  return calls;
}
