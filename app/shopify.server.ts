import "@shopify/shopify-app-remix/adapters/node";
import {
  ApiVersion,
  AppDistribution,
  shopifyApp,
} from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";

import prisma from "./db.server";
import { env } from "./env.server";
import { refuseCrossSiteWrite } from "./http/forms.server";
import type { Actor } from "./services/actor";
import { offlineSessionId, recordInstalledShop } from "./services/shops.server";
import { adminApiFetch } from "./services/shopify/transport.server";
import { ADMIN_API_VERSION_STRING } from "./services/shopify/version";
import { createShopifyGateway, type ShopifyGateway } from "./services/shopify/gateway.server";

export const ADMIN_API_VERSION = ApiVersion.October26 satisfies `${typeof ADMIN_API_VERSION_STRING}`;

const sessionStorage = new PrismaSessionStorage(prisma);

const shopify = shopifyApp({
  apiKey: env.shopify.apiKey,
  apiSecretKey: env.shopify.apiSecret,
  apiVersion: ADMIN_API_VERSION,
  scopes: env.shopify.scopes,
  appUrl: env.shopify.appUrl,
  authPathPrefix: "/auth",
  sessionStorage,
  distribution: AppDistribution.AppStore,
  // Embedded auth by token exchange, with Shopify-managed install from shopify.app.toml.
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    // After OAuth / token exchange: make sure the shop exists in Inbound's database.
    afterAuth: async ({ session }) => {
      if (!session.accessToken) return;
      await recordInstalledShop(prisma, await gatewayContext(session.shop, session.accessToken).gateway.shop());
    },
  },
  ...(env.shopify.customShopDomains.length > 0
    ? { customShopDomains: env.shopify.customShopDomains }
    : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;

/** What every embedded screen needs: which shop is asking, and a way to talk to its Admin API. */
export interface AdminContext {
  shopDomain: string;
  gateway: ShopifyGateway;
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
    const session = await sessionStorage.loadSession(offlineSessionId(env.demo.shopDomain));
    if (!session?.accessToken) {
      throw new Response("The demo shop is not installed; start the app with `npm run demo`.", {
        status: 503,
      });
    }
    return { ...gatewayContext(session.shop, session.accessToken), actor: { type: "merchant", id: "demo-staff" } };
  }
  const { session, sessionToken } = await authenticate.admin(request);
  if (!session.accessToken) throw new Response("Missing Shopify access token", { status: 401 });
  return {
    ...gatewayContext(session.shop, session.accessToken),
    actor: { type: "merchant", id: sessionToken.sub ? `user/${sessionToken.sub}` : session.shop },
  };
}

function gatewayContext(shopDomain: string, accessToken: string) {
  return {
    shopDomain,
    gateway: createShopifyGateway({
      shopDomain,
      accessToken,
      apiVersion: ADMIN_API_VERSION,
      fetchApi: adminApiFetch(env.demo?.adminApiOrigin),
    }),
  };
}
