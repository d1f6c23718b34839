import type { PrismaClient } from "@prisma/client";

import { createShopifyGateway, type ShopifyGateway } from "~/services/shopify/gateway.server";
import {
  offlineAccessToken,
  offlineTokenSource,
  ReinstallNeededError,
  ShopNotConnectedError,
  type OfflineTokenConfig,
} from "~/services/shopify/offline-token.server";
import { adminApiFetch } from "~/services/shopify/transport.server";
import { ADMIN_API_VERSION_STRING } from "~/services/shopify/version";

/** What a process needs to act for shops with their offline tokens: the app's client credentials, and the stand-in's origin in the demo. */
export interface OfflineAccess {
  clientId: string;
  clientSecret: string;
  /** Set only by the local demo and tests. */
  adminApiOrigin?: string;
}

export function offlineTokenConfig(access: OfflineAccess): OfflineTokenConfig {
  return { clientId: access.clientId, clientSecret: access.clientSecret, fetchApi: adminApiFetch(access.adminApiOrigin) };
}

/**
 * A shop's gateway on its offline token (renewed as it expires, app/services/shopify/offline-token.server.ts),
 * for work done outside a merchant's request. Throws ShopNotConnectedError / ReinstallNeededError
 * when the shop has no usable token, before any call to Shopify.
 */
export async function requireOfflineGateway(db: PrismaClient, shopDomain: string, access: OfflineAccess): Promise<ShopifyGateway> {
  const config = offlineTokenConfig(access);
  // Fails now rather than on the first call: callers tell "not connected" from Shopify's own errors.
  await offlineAccessToken(db, shopDomain, config);
  return createShopifyGateway({
    shopDomain,
    accessToken: offlineTokenSource(db, shopDomain, config),
    apiVersion: ADMIN_API_VERSION_STRING,
    fetchApi: config.fetchApi,
  });
}

/** The worker's gateway: null (skip the shop, its effects stay pending) when the shop has no usable token. */
export async function offlineGateway(db: PrismaClient, shopDomain: string, access: OfflineAccess): Promise<ShopifyGateway | null> {
  try {
    return await requireOfflineGateway(db, shopDomain, access);
  } catch (error) {
    if (error instanceof ShopNotConnectedError || error instanceof ReinstallNeededError) return null;
    throw error;
  }
}
