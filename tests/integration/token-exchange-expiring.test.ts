import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { startStandin, type StandinServer } from "../standin";
import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { sessionToken } from "../support/session-token";
import { fetchReachingStandin } from "../support/standin-fetch";
import { installShop } from "../support/shopify";

/**
 * The production auth path with expiring offline tokens turned on: token exchange asks Shopify
 * for an expiring token, the session storage keeps its refresh token and expiry, and afterAuth
 * clears a shop's "reinstall needed" mark. Shopify is the stand-in: the token endpoint answers
 * what an install hands the app (`store.tokens.issue`), the Admin API is reached by rewriting
 * the origin, as in the demo.
 */
const SHOP = "exchange.myshopify.com";
let standin: StandinServer;
let database: TestDatabase;
const tokenRequests: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  standin = await startStandin({ seedDemoShop: false });
  standin.store.addShop({ domain: SHOP, accessToken: "shpat_old" });
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  // The app's own calls (afterAuth reads the shop through the gateway) go to the stand-in.
  vi.stubGlobal("fetch", fetchReachingStandin(standin.origin));
  await import("~/shopify.server");
  // The library's token exchange: recorded, and answered as Shopify answers an install.
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.pathname !== "/admin/oauth/access_token") throw new Error(`unexpected library request to ${url.href}`);
    tokenRequests.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
    return Response.json(standin.store.tokens.issue(SHOP));
  });
  const { shop } = await installShop(database.db, { domain: SHOP });
  await database.db.shop.update({ where: { id: shop.id }, data: { reinstallNeededAt: new Date(), reinstallNeededReason: "revoked" } });
});
afterAll(async () => {
  vi.unstubAllGlobals();
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
  await standin.close();
});

describe("token exchange with expiring offline tokens", () => {
  it("asks for an expiring token, stores its refresh token and expiry, and clears the reinstall mark", async () => {
    const index = await import("~/routes/app.purchase-orders._index");
    const request = new Request("https://inbound.example.com/app/purchase-orders", { headers: { Authorization: `Bearer ${sessionToken(SHOP)}` } });
    const startedAt = Date.now();

    const response = await index.loader({ request, params: {}, context: {} });

    expect(response.status).toBe(200);
    expect(tokenRequests).toEqual([
      expect.objectContaining({
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        expiring: "1",
      }),
    ]);
    const session = await database.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThanOrEqual(startedAt + 3_590_000);
    expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(startedAt + 89 * 86_400_000);
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ reinstallNeededAt: null, reinstallNeededReason: null });
  });
});
