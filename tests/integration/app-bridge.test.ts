import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * Outside demo mode App Bridge is Shopify's (from its CDN, with the app's API key), and the demo's
 * stand-in (its script, its picker's data route, its test page) cannot be reached: each answers 404
 * before anything else is read. The demo side is driven by tests/e2e/15-app-bridge.spec.ts.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

async function statusOf(run: () => unknown): Promise<number> {
  try {
    const response = await run();
    return response instanceof Response ? response.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("App Bridge outside demo mode", () => {
  it("is loaded from Shopify's CDN with the app's API key on the app's screens, and not on the login page", async () => {
    const { loader } = await import("~/root");
    const load = async (path: string) =>
      (await loader({ request: new Request(`https://inbound.example.com${path}`), params: {}, context: {} })).json();
    for (const path of ["/app", "/app/purchase-orders/12", "/app/settings"]) {
      expect((await load(path)).appBridge).toEqual({ apiKey: "test-api-key", src: "https://cdn.shopify.com/shopifycloud/app-bridge.js" });
    }
    expect((await load("/auth/login")).appBridge).toBeNull();
    expect((await load("/application")).appBridge).toBeNull();
  });

  it("has no stand-in: its script, its picker's search and its test page are not found", async () => {
    const script = await import("~/routes/app-bridge-standin[.js]");
    const picker = await import("~/routes/app.standin.resource-picker");
    const harness = await import("~/routes/app.standin.harness");
    expect(await statusOf(() => script.loader())).toBe(404);
    // No session needed to learn that: nothing is read before the refusal.
    const request = new Request("https://inbound.example.com/app/standin/resource-picker?query=x");
    expect(await statusOf(() => picker.loader({ request, params: {}, context: {} }))).toBe(404);
    expect(await statusOf(() => harness.loader())).toBe(404);
  });
});
