import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { now } from "~/clock.server";
import { createPrismaClient } from "~/db-client.server";
import { MIGRATIONS_TABLE } from "~/migrations.server";
import { checkReadiness, DEFAULT_MAX_QUEUE_LAG_SECONDS } from "~/services/health.server";

import { useProductionLikeEnvironment } from "../support/app-env";
import { fixClock } from "../support/clock";
import type { Json } from "../support/json";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startRouteServer, type RouteModule, type RouteServer } from "../support/route-server";
import { installShop } from "../support/shopify";

/**
 * /healthz and /readyz over real HTTP, as a load balancer asks them: no authentication, nothing
 * about any shop in the answer, 503 naming what is not ready.
 */
const SHOP = "health-check-shop.myshopify.com";
let database: TestDatabase;
let server: RouteServer;

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  fixClock(new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000));
  const routes: Record<string, () => Promise<RouteModule>> = {
    "/healthz": () => import("~/routes/healthz"),
    "/readyz": () => import("~/routes/readyz"),
  };
  server = await startRouteServer(async (url) => (routes[url.pathname] ? { module: await routes[url.pathname]!() } : null));
  await installShop(database.db, { domain: SHOP });
});
afterAll(async () => {
  await server.close();
  await database.cleanup();
});

async function get(path: string) {
  const response = await fetch(`${server.origin}${path}`);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as Record<string, Json> };
}

describe("health checks", () => {
  it("/healthz answers 200 without touching the database", async () => {
    const started = performance.now();
    const { status, body } = await get("/healthz");
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok" });
    console.info(`/healthz answered in ${(performance.now() - started).toFixed(1)} ms`);
  });

  it("/readyz answers 200 with the details when the database answers, migrations are current and nothing waits", async () => {
    const { status, body, text } = await get("/readyz");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "ready",
      ready: true,
      database: { ok: true },
      migrations: { ok: true, pending: [] },
      effectQueue: { ok: true, queued: 0, oldestAgeSeconds: null },
      webhookQueue: { ok: true, queued: 0, oldestAgeSeconds: null },
    });
    expect(body.migrations.applied).toBe(body.migrations.expected);
    expect(text).not.toContain("health-check-shop");
  });

  it("an effect queued longer than the bound makes it 503, naming the effect queue and its age; nothing about the shop", async () => {
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const lag = DEFAULT_MAX_QUEUE_LAG_SECONDS + 60;
    const effect = await database.db.shopifyEffect.create({
      data: { shopId: shop.id, kind: "add_tags", payload: "{}", createdAt: new Date(now().getTime() - lag * 1000) },
    });
    try {
      const { status, body, text } = await get("/readyz");
      expect(status).toBe(503);
      expect(body).toMatchObject({ status: "not ready", ready: false, database: { ok: true }, migrations: { ok: true } });
      expect(body.effectQueue).toMatchObject({ ok: false, queued: 1, oldestAgeSeconds: lag });
      expect(body.effectQueue.problem).toContain(`${lag} s`);
      expect(text).not.toContain("health-check-shop");
      expect(text).not.toContain(shop.id);
    } finally {
      await database.db.shopifyEffect.delete({ where: { id: effect.id } });
    }
    expect((await get("/readyz")).status).toBe(200);
  });

  it("a webhook delivery queued longer than the bound makes it 503, naming the webhook queue", async () => {
    const delivery = await database.db.webhookDelivery.create({
      data: {
        shopDomain: SHOP,
        topic: "PRODUCTS_UPDATE",
        eventId: "lagging",
        webhookId: "lagging",
        payload: "{}",
        result: "queued",
        receivedAt: new Date(now().getTime() - (DEFAULT_MAX_QUEUE_LAG_SECONDS + 1) * 1000),
      },
    });
    try {
      const { status, body } = await get("/readyz");
      expect(status).toBe(503);
      expect(body.webhookQueue).toMatchObject({ ok: false, queued: 1 });
      expect(body.webhookQueue.problem).toContain("webhook delivery");
    } finally {
      await database.db.webhookDelivery.delete({ where: { id: delivery.id } });
    }
  });

  it("a migration not applied makes it 503, naming the migration and npm run setup", async () => {
    const [last] = await database.db.$queryRawUnsafe<Array<{ name: string; checksum: string; appliedAt: string }>>(
      `SELECT "name", "checksum", "appliedAt" FROM "${MIGRATIONS_TABLE}" ORDER BY "name" DESC LIMIT 1`,
    );
    await database.db.$executeRawUnsafe(`DELETE FROM "${MIGRATIONS_TABLE}" WHERE "name" = '${last!.name}'`);
    try {
      const { status, body } = await get("/readyz");
      expect(status).toBe(503);
      expect(body.migrations).toMatchObject({ ok: false, pending: [last!.name] });
      expect(body.migrations.problem).toContain("npm run setup");
    } finally {
      await database.db.$executeRawUnsafe(
        `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES ('${last!.name}', '${last!.checksum}', '${last!.appliedAt}')`,
      );
    }
  });

  it("a database that does not answer is not ready, saying so without its address", async () => {
    const unreachable = createPrismaClient("file:/nonexistent-inbound-directory/inbound.db");
    try {
      const readiness = await checkReadiness(unreachable, { databaseUrl: database.url, now: now() });
      expect(readiness.ready).toBe(false);
      expect(readiness.database.ok).toBe(false);
      expect(readiness.database.problem).toMatch(/^the database did not answer/);
      expect(JSON.stringify(readiness)).not.toContain("nonexistent-inbound-directory");
    } finally {
      await unreachable.$disconnect();
    }
  });
});
