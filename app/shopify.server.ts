import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { PrismaClient } from "@prisma/client";

import prisma from "./db.server";
import { env } from "./env.server";
import { refuseCrossSiteWrite } from "./http/forms.server";
import { offlineTokenConfig } from "./jobs/offline-gateway.server";
import type { Actor } from "./services/actor";
import { recordInstalledShop } from "./services/shops.server";
import {
  clearReinstallNeeded,
  offlineAccessToken,
  offlineTokenSource,
  ReinstallNeededError,
  ShopNotConnectedError,
} from "./services/shopify/offline-token.server";
import { ShopifyApiError } from "./services/shopify/errors";
import { ADMIN_API_VERSION_STRING } from "./services/shopify/version";
import { createShopifyGateway, type ShopifyGateway } from "./services/shopify/gateway.server";

export const ADMIN_API_VERSION = ApiVersion.October26 satisfies `${typeof ADMIN_API_VERSION_STRING}`;

/** Expiring offline tokens are renewed with the app's own client credentials (and, in the demo, at the stand-in). */
const tokenConfig = offlineTokenConfig({
  clientId: env.shopify.apiKey,
  clientSecret: env.shopify.apiSecret,
  ...(env.demo ? { adminApiOrigin: env.demo.adminApiOrigin } : {}),
});

/**
 * Shopify's session storage, with offline sessions renewed by Inbound's token service before the
 * library sees them. The library would otherwise refresh an expiring token itself and store the
 * new pair unconditionally, racing the worker's refresh (app/services/shopify/offline-token.server.ts
 * stores conditionally). A shop whose token cannot be renewed loads as having no offline
 * session: the merchant's next visit gets a new token by token exchange, and a webhook needs none.
 */
class RenewingSessionStorage extends PrismaSessionStorage<typeof prisma> {
  override async loadSession(id: string) {
    const session = await super.loadSession(id);
    if (!session || session.isOnline) return session;
    try {
      const accessToken = await offlineAccessToken(prisma, session.shop, tokenConfig);
      return accessToken === session.accessToken ? session : await super.loadSession(id);
    } catch (error) {
      if (error instanceof ReinstallNeededError || error instanceof ShopNotConnectedError || error instanceof ShopifyApiError) return undefined;
      throw error;
    }
  }
}

const sessionStorage = new RenewingSessionStorage(prisma);

const shopify = shopifyApp({
  apiKey: env.shopify.apiKey,
  apiSecretKey: env.shopify.apiSecret,
  apiVersion: ADMIN_API_VERSION,
  scopes: env.shopify.scopes,
  appUrl: env.shopify.appUrl,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  future: {
    // Embedded auth by token exchange, with Shopify-managed install from shopify.app.toml.
    unstable_newEmbeddedAuthStrategy: true,
    // Offline tokens that expire after an hour, with a refresh token (required from 2027-01-01;
    // docs/decisions/015-expiring-offline-tokens.md).
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // After OAuth / token exchange: make sure the shop exists in Inbound's database, and a shop
    // that needed reconnecting has its new token now.
    afterAuth: async ({ session }) => {
      if (!session.accessToken) return;
      const gateway = createShopifyGateway({
        shopDomain: session.shop,
        accessToken: session.accessToken,
        apiVersion: ADMIN_API_VERSION,
        fetchApi: tokenConfig.fetchApi,
      });
      await recordInstalledShop(prisma, await gateway.shop());
      await clearReinstallNeeded(prisma, session.shop);
    },
  },
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;

/**
 * What every embedded screen needs: which shop is asking, a way to talk to its Admin API, and the
 * database its services use. Routes pass `db` on to services and never query it themselves (the
 * lint's route boundary, docs/decisions/017-lint-and-format.md).
 */
export interface AdminContext {
  shopDomain: string;
  gateway: ShopifyGateway;
  db: PrismaClient;
  /** The staff member acting, for the audit log (Shopify's user id from the session token). */
  actor: Actor;
}

/**
 * The only way routes authenticate a merchant. In a real store this is Shopify's session-token
 * / OAuth flow (`authenticate.admin`), which throws the redirects and 401s Shopify expects. In
 * demo mode (never in production, see env.server.ts) the demo shop's stored offline session is
 * used instead, its Admin API calls go to the local stand-in, and changes sent from another
 * site are refused (403).
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  if (env.demo) {
    // No session token in the demo: another site's form post must not act as the merchant.
    refuseCrossSiteWrite(request, env.shopify.appUrl);
    const shopDomain = env.demo.shopDomain;
    try {
      await offlineAccessToken(prisma, shopDomain, tokenConfig);
    } catch (error) {
      if (error instanceof ShopNotConnectedError) {
        throw new Response("The demo shop is not installed; start the app with `npm run demo`.", { status: 503 });
      }
      if (error instanceof ReinstallNeededError) {
        throw new Response(`${error.message}. Restart the demo (\`npm run demo\`) to install the demo shop again.`, { status: 503 });
      }
      throw error;
    }
    return { shopDomain, gateway: offlineGatewayFor(shopDomain), db: prisma, actor: { type: "merchant", id: "demo-staff" } };
  }
  const { session, sessionToken } = await authenticate.admin(request);
  if (!session.accessToken) throw new Response("Missing Shopify access token", { status: 401 });
  return {
    shopDomain: session.shop,
    gateway: offlineGatewayFor(session.shop),
    db: prisma,
    actor: { type: "merchant", id: sessionToken.sub ? `user/${sessionToken.sub}` : session.shop },
  };
}

/** The shop's gateway on its offline token, renewed as it expires (the same token service as the worker's). */
function offlineGatewayFor(shopDomain: string): ShopifyGateway {
  return createShopifyGateway({
    shopDomain,
    accessToken: offlineTokenSource(prisma, shopDomain, tokenConfig),
    apiVersion: ADMIN_API_VERSION,
    fetchApi: tokenConfig.fetchApi,
  });
}
