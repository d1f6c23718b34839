import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { sessionToken } from "../support/session-token";
import { installShop } from "../support/shopify";

/**
 * The production auth path: embedded screens authenticate with Shopify's session token, and a
 * request without one never sees any shop's data — in particular never the demo shop's.
 */
const SHOP = "auth-shop.myshopify.com";
let database: TestDatabase;
let index: typeof import("~/routes/app.purchase-orders._index");

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  index = await import("~/routes/app.purchase-orders._index");
  const { shop, suppliers } = await installShop(database.db, { domain: SHOP }, ["Acme"]);
  await database.db.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_real", scope: process.env.SCOPES! },
  });
  await database.db.purchaseOrder.create({
    data: { shopId: shop.id, number: 1, status: "draft", supplierId: suppliers[0]!.id, currencyCode: "USD" },
  });
  // Another shop's order and the demo shop's must never leak into SHOP's screens.
  const other = await installShop(database.db, { domain: "inbound-demo.myshopify.com" }, ["Other"]);
  await database.db.purchaseOrder.create({
    data: { shopId: other.shop.id, number: 1, status: "draft", supplierId: other.suppliers[0]!.id, currencyCode: "USD" },
  });
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

async function outcome(request: Request) {
  try {
    const response = await index.loader({ request, params: {}, context: {} });
    return { status: response.status, body: (await response.json()) as { page: { orders: Array<{ name: string }> } } };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location") };
    throw thrown;
  }
}

describe("authenticating embedded screens", () => {
  it("sends a request without Shopify credentials to log in, showing no data", async () => {
    const result = await outcome(new Request("https://inbound.example.com/app/purchase-orders"));
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/\/auth\/login/);
  });

  it("refuses a session token signed with the wrong secret", async () => {
    const result = await outcome(
      new Request("https://inbound.example.com/app/purchase-orders", {
        headers: { Authorization: `Bearer ${sessionToken(SHOP, "not-the-secret")}` },
      }),
    );
    expect(result.status).toBe(401);
    expect(result).not.toHaveProperty("body");
  });

  it("shows a shop with a valid session token only its own orders", async () => {
    const result = await outcome(
      new Request("https://inbound.example.com/app/purchase-orders", {
        headers: { Authorization: `Bearer ${sessionToken(SHOP)}` },
      }),
    );
    expect(result.status).toBe(200);
    expect(result.body?.page.orders.map((order) => order.name)).toEqual(["PO-0001"]);
    const { default: prisma } = await import("~/db.server");
    expect(await prisma.purchaseOrder.count()).toBe(2);
  });
});
