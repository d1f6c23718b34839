import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { describeError } from "~/api/errors.server";
import { purchaseOrderDocumentUri, type PlannedEffect } from "~/domain/effects";
import { drainEffects, shopsWithDueEffects } from "~/jobs/effects-worker.server";
import { offlineGateway, offlineTokenConfig, requireOfflineGateway, type OfflineAccess } from "~/jobs/offline-gateway.server";
import { stageEffects } from "~/services/effects.server";
import { clearReinstallNeeded, offlineAccessToken, ReinstallNeededError, type OfflineTokenConfig } from "~/services/shopify/offline-token.server";
import { offlineSessionId } from "~/services/shops.server";

import type { StandinServer } from "../standin";
import type { TestDatabase } from "../support/database";
import { HOUR, storeOfflineGrant, useTokenFixture } from "../support/offline-tokens";
import { startOfflineTokenCall, stopAll } from "../support/processes";
import { standinShop } from "../support/shopify";

/** The offline token service and the worker with expiring tokens (the fixture: ../support/offline-tokens.ts). */
const tokens = useTokenFixture();
let standin: StandinServer;
let database: TestDatabase;
let access: OfflineAccess;

beforeAll(() => {
  ({ standin, database } = tokens);
  access = { clientId: "test-client", clientSecret: "test-secret", adminApiOrigin: standin.origin };
});
afterAll(() => stopAll());

/** A shop installed with an expiring offline token, stored as Shopify's session storage stores it. */
async function installWithExpiringToken(domain: string) {
  const shop = await standinShop(standin, database.db, domain, [
    { title: "Lantern", vendor: "Acme", variants: [{ sku: `LAN-${domain}`, price: "20" }] },
  ]);
  const grant = standin.store.tokens.issue(domain);
  await storeOfflineGrant(database, domain, grant, tokens.clock.ms);
  return { ...shop, grant };
}

const storedSession = (domain: string) => database.db.session.findUniqueOrThrow({ where: { id: offlineSessionId(domain) } });
const refreshRequests = () => standin.store.requests.filter((request) => request.path === "/admin/oauth/access_token").length;
const refusedGraphqlRequests = () =>
  standin.store.requests.filter((request) => request.path.endsWith("/graphql.json") && request.status === 401).length;

async function postRefresh(refreshToken: string) {
  const response = await fetch(`${standin.origin}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: "test-client", client_secret: "test-secret", grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("expiring offline tokens", () => {
  it("refreshes a token that expires within the margin before the call, and stores the new pair", async () => {
    const { grant } = await installWithExpiringToken("near-expiry.myshopify.com");
    tokens.clock.ms += HOUR - 2 * 60_000; // two minutes left
    const before = { refreshes: refreshRequests(), refused: refusedGraphqlRequests() };

    const gateway = await requireOfflineGateway(database.db, "near-expiry.myshopify.com", access);
    expect((await gateway.shop()).domain).toBe("near-expiry.myshopify.com");

    expect(refreshRequests() - before.refreshes).toBe(1);
    expect(refusedGraphqlRequests() - before.refused).toBe(0);
    const session = await storedSession("near-expiry.myshopify.com");
    expect(session.accessToken).not.toBe(grant.access_token);
    expect(session.refreshToken).not.toBe(grant.refresh_token);
    expect(session.expires?.getTime()).toBe(tokens.clock.ms + HOUR);
    expect(session.refreshTokenExpires?.getTime()).toBe(tokens.clock.ms + 90 * 24 * HOUR);
    // The next call uses the stored token: no second refresh.
    await gateway.locations();
    expect(refreshRequests() - before.refreshes).toBe(1);
  });

  it("answers Shopify's 401 for an expired token with one refresh and sends the call again", async () => {
    await installWithExpiringToken("expired.myshopify.com");
    // Inbound believes the token is good for a day; Shopify ended it after the hour.
    await database.db.session.update({
      where: { id: offlineSessionId("expired.myshopify.com") },
      data: { expires: new Date(tokens.clock.ms + 24 * HOUR) },
    });
    tokens.clock.ms += HOUR + 1;
    const before = { refreshes: refreshRequests(), refused: refusedGraphqlRequests() };

    const gateway = await requireOfflineGateway(database.db, "expired.myshopify.com", access);
    expect((await gateway.shop()).domain).toBe("expired.myshopify.com");

    expect(refusedGraphqlRequests() - before.refused).toBe(1);
    expect(refreshRequests() - before.refreshes).toBe(1);
    expect(standin.store.tokens.shopFor((await storedSession("expired.myshopify.com")).accessToken)).toBe("expired.myshopify.com");
  });

  it("refreshes with the rotated refresh token each time; the replaced one is refused once its replacement was used", async () => {
    const { grant } = await installWithExpiringToken("rotated.myshopify.com");
    const gateway = await requireOfflineGateway(database.db, "rotated.myshopify.com", access);
    tokens.clock.ms += HOUR;
    await gateway.shop();
    const second = (await storedSession("rotated.myshopify.com")).refreshToken!;
    tokens.clock.ms += HOUR;
    await gateway.shop();
    const third = (await storedSession("rotated.myshopify.com")).refreshToken!;

    expect(new Set([grant.refresh_token, second, third]).size).toBe(3);
    expect(await postRefresh(grant.refresh_token)).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: "The refresh token has already been used." },
    });
    expect((await database.db.shop.findUniqueOrThrow({ where: { domain: "rotated.myshopify.com" } })).reinstallNeededAt).toBeNull();
  });

  it("the process that stores second keeps the first one's pair and drops its own", async () => {
    const { grant } = await installWithExpiringToken("late-store.myshopify.com");
    tokens.clock.ms += HOUR + 1;
    const plain = offlineTokenConfig(access);
    let winner: string | undefined;
    // The late process's refresh request reaches Shopify only after another process refreshed
    // the same refresh token and stored its pair.
    const late: OfflineTokenConfig = {
      ...plain,
      fetchApi: async (input, init) => {
        winner = await offlineAccessToken(database.db, "late-store.myshopify.com", plain);
        return plain.fetchApi(input, init);
      },
    };

    const token = await offlineAccessToken(database.db, "late-store.myshopify.com", late);

    expect(standin.store.tokens.refreshesGranted).toBeGreaterThanOrEqual(2);
    const session = await storedSession("late-store.myshopify.com");
    expect(token).toBe(winner);
    expect(session.accessToken).toBe(winner);
    expect(session.refreshToken).not.toBe(grant.refresh_token);
    expect(standin.store.tokens.shopFor(token)).toBe("late-store.myshopify.com");
  });

  it("two processes refreshing at once both succeed, and the shop keeps one working pair", async () => {
    const { grant } = await installWithExpiringToken("raced.myshopify.com");
    tokens.clock.ms += HOUR + 1;
    // Both refresh requests are received before either is answered: both read the old pair.
    standin.store.tokens.holdRefreshesUntil(2);
    const refreshesBefore = standin.store.tokens.refreshesGranted;
    const call = {
      databaseUrl: database.url,
      shopDomain: "raced.myshopify.com",
      adminApiOrigin: standin.origin,
      now: new Date(tokens.clock.ms).toISOString(),
    };
    const results = await Promise.all([startOfflineTokenCall(call).result(), startOfflineTokenCall(call).result()]);

    expect(results).toEqual([
      { ok: true, shopName: "raced" },
      { ok: true, shopName: "raced" },
    ]);
    // Shopify keeps a used refresh token until its replacement is used, so both were granted a
    // pair; only the first to store kept its own, the other used the stored one.
    expect(standin.store.tokens.refreshesGranted - refreshesBefore).toBe(2);
    const session = await storedSession("raced.myshopify.com");
    expect(session.refreshToken).not.toBe(grant.refresh_token);
    expect(standin.store.tokens.shopFor(session.accessToken)).toBe("raced.myshopify.com");
    // The stored refresh token is the live one: the next refresh (here, an hour on) works.
    tokens.clock.ms += HOUR + 1;
    await (await requireOfflineGateway(database.db, "raced.myshopify.com", access)).shop();
    expect((await database.db.shop.findUniqueOrThrow({ where: { domain: "raced.myshopify.com" } })).reinstallNeededAt).toBeNull();
  }, 120_000);

  it("a revoked token marks the shop reinstall needed: effects stay pending, no retries, the API says what to do", async () => {
    const domain = "revoked.myshopify.com";
    const { shopId, locationId, products } = await installWithExpiringToken(domain);
    const effects: PlannedEffect[] = [
      {
        kind: "adjust_incoming",
        payload: {
          referenceDocumentUri: purchaseOrderDocumentUri("order-revoked"),
          changes: [{ inventoryItemId: products[0]!.variants[0]!.inventoryItemId, locationId, delta: 5 }],
        },
      },
    ];
    await database.db.$transaction((tx) => stageEffects(tx, shopId, null, effects));
    standin.store.tokens.revoke(domain);
    tokens.clock.ms += HOUR + 1;
    const before = { refreshes: refreshRequests(), graphql: standin.store.requests.length };

    // Worker rounds, as runEffectsWorker makes them: the first one learns of the refusal.
    for (let round = 0; round < 5; round += 1) {
      expect(await shopsWithDueEffects(database.db)).toContain(domain);
      expect(await offlineGateway(database.db, domain, access)).toBeNull();
    }
    expect(refreshRequests() - before.refreshes).toBe(1);
    expect(standin.store.requests.length - before.graphql).toBe(1);
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain } });
    expect(shop.reinstallNeededAt?.getTime()).toBe(tokens.clock.ms);
    expect(shop.reinstallNeededReason).toMatch(/invalid_grant/);
    expect(await database.db.shopifyEffect.findMany({ where: { shopId }, select: { status: true, attempts: true } })).toEqual([
      { status: "staged", attempts: 0 },
    ]);

    // The REST/MCP API: a clear 409, not a 500.
    const refusal = await requireOfflineGateway(database.db, domain, access).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ReinstallNeededError);
    expect(describeError(refusal)).toMatchObject({
      status: 409,
      body: { code: "shop_reinstall_needed", message: expect.stringMatching(/Open Inbound from the Shopify admin/) },
    });

    // The merchant opens the app: token exchange stores a new pair and afterAuth clears the mark.
    await storeOfflineGrant(database, domain, standin.store.tokens.issue(domain), tokens.clock.ms);
    await clearReinstallNeeded(database.db, domain);
    const gateway = await offlineGateway(database.db, domain, access);
    expect(gateway).not.toBeNull();
    expect(await drainEffects(database.db, domain, gateway!)).toMatchObject({ applied: 1, failed: 0, waiting: 0 });
  });

  it("a refresh refused in the middle of a drain puts the effect back, pending, and the next rounds skip the shop", async () => {
    const domain = "revoked-mid-drain.myshopify.com";
    const { shopId, locationId, products } = await installWithExpiringToken(domain);
    const change = { inventoryItemId: products[0]!.variants[0]!.inventoryItemId, locationId, delta: 2 };
    const effect: PlannedEffect = {
      kind: "adjust_incoming",
      payload: { referenceDocumentUri: purchaseOrderDocumentUri("order-mid"), changes: [change] },
    };
    await database.db.$transaction((tx) => stageEffects(tx, shopId, null, [effect, effect]));
    // The worker took the shop while its token was good; then Shopify revoked it and the hour passed.
    const gateway = await offlineGateway(database.db, domain, access);
    standin.store.tokens.revoke(domain);
    tokens.clock.ms += HOUR + 1;

    expect(await drainEffects(database.db, domain, gateway!)).toMatchObject({ applied: 0, failed: 0, waiting: 2 });
    const queued = await database.db.shopifyEffect.findMany({
      where: { shopId },
      orderBy: { createdAt: "asc" },
      select: { status: true, lastError: true },
    });
    expect(queued.map((row) => row.status)).toEqual(["staged", "staged"]);
    expect(queued[0]!.lastError).toMatch(/needs Inbound reopened or reinstalled/);
    expect(await offlineGateway(database.db, domain, access)).toBeNull();
  });
});
