import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { offlineSessionId } from "~/services/shops.server";

import type { StandinServer } from "../standin";
import { TEST_API_SECRET, useDemoEnvironment } from "../support/app-env";
import type { TestDatabase } from "../support/database";
import { HOUR, storeOfflineGrant, useTokenFixture } from "../support/offline-tokens";
import { standinShop } from "../support/shopify";
import { deliveredStatus, responseStatus, shopifyPayload, signedWebhook, webhookRoute } from "../support/webhooks";

/**
 * The app's own paths with expiring offline tokens: Shopify's library loads offline sessions
 * (webhooks, the merchant's screens) through Inbound's token service, so an expired token is
 * renewed once, conditionally, and a refused one answers the webhook (no retries from Shopify)
 * and tells the merchant what to do instead of failing with a 500.
 */
const SHOP = "app-tokens.myshopify.com";
const tokens = useTokenFixture();
let standin: StandinServer;
let database: TestDatabase;

beforeAll(async () => {
  ({ standin, database } = tokens);
  useDemoEnvironment(SHOP, standin.origin, database.url, { SHOPIFY_API_SECRET: TEST_API_SECRET });
  await standinShop(standin, database.db, SHOP, []);
});
afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
});

async function installExpiringToken() {
  const grant = standin.store.tokens.issue(SHOP);
  await storeOfflineGrant(database, SHOP, grant, tokens.clock.ms);
  await database.db.shop.update({ where: { domain: SHOP }, data: { reinstallNeededAt: null, reinstallNeededReason: null } });
  return grant;
}

const refreshRequests = () => standin.store.requests.filter((request) => request.path === "/admin/oauth/access_token").length;

async function productUpdate() {
  const { path, module } = webhookRoute("products/update");
  const route = await module();
  return deliveredStatus(database.db, () =>
    route.action(signedWebhook(path, "products/update", shopifyPayload("products/update", SHOP), { shop: SHOP }) as never),
  );
}

describe("the app's own paths with expiring offline tokens", () => {
  it("a webhook for a shop whose token expired is answered without touching the token: the delivery needs none", async () => {
    const grant = await installExpiringToken();
    tokens.clock.ms += HOUR + 1;
    const before = refreshRequests();

    expect(await productUpdate()).toBe(200);

    expect(refreshRequests() - before).toBe(0);
    const session = await database.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(SHOP) } });
    expect(session.refreshToken).toBe(grant.refresh_token);
  });

  it("a webhook for a shop whose refresh token was revoked is still answered 200 and handled", async () => {
    await installExpiringToken();
    standin.store.tokens.revoke(SHOP);
    tokens.clock.ms += HOUR + 1;

    expect(await productUpdate()).toBe(200);
    expect(await database.db.webhookDelivery.count({ where: { shopDomain: SHOP, result: "queued" } })).toBe(0);
  });

  it("the merchant's screens renew an expired token, and say what to do when Shopify refused it", async () => {
    const index = await import("~/routes/app.purchase-orders._index");
    const load = () =>
      responseStatus(() => index.loader({ request: new Request("http://localhost:3000/app/purchase-orders"), params: {}, context: {} }));
    await installExpiringToken();
    tokens.clock.ms += HOUR + 1;
    const before = refreshRequests();
    expect(await load()).toBe(200);
    expect(refreshRequests() - before).toBe(1);

    standin.store.tokens.revoke(SHOP);
    tokens.clock.ms += HOUR + 1;
    const refusal = await index
      .loader({ request: new Request("http://localhost:3000/app/purchase-orders"), params: {}, context: {} })
      .catch((thrown: unknown) => thrown);
    expect(refusal).toBeInstanceOf(Response);
    expect((refusal as Response).status).toBe(503);
    expect(await (refusal as Response).text()).toMatch(/needs Inbound reopened or reinstalled: Shopify refused to renew/);
  });
});
