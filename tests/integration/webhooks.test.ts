import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop } from "../support/shopify";
import { deliveredStatus, signedWebhook } from "../support/webhooks";

const SHOP = "webhook-shop.myshopify.com";
let database: TestDatabase;
let compliance: typeof import("~/routes/webhooks.compliance");
let uninstalled: typeof import("~/routes/webhooks.app.uninstalled");
const filesDir = mkdtempSync(path.join(tmpdir(), "inbound-webhook-files-"));

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  process.env.INBOUND_FILES_DIR = filesDir;
  compliance = await import("~/routes/webhooks.compliance");
  uninstalled = await import("~/routes/webhooks.app.uninstalled");
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
  rmSync(filesDir, { recursive: true, force: true });
});

function delivery(path: string, topic: string, payload: unknown, options: { secret?: string } = {}) {
  return signedWebhook(path, topic, payload, { shop: SHOP, ...options });
}

describe("webhooks", () => {
  it("answers 401 to a compliance delivery with a bad HMAC and records nothing", async () => {
    const args = delivery("/webhooks/compliance", "customers/redact", { shop_domain: SHOP }, { secret: "wrong" });
    expect(await deliveredStatus(database.db, () => compliance.action(args))).toBe(401);
    expect(await database.db.webhookDelivery.count()).toBe(0);
  });

  it("app/uninstalled removes the shop's sessions and marks it uninstalled, keeping its data (its kept locations are read afresh once back)", async () => {
    await installShop(database.db, { domain: SHOP }, ["Acme"]);
    await database.db.shop.update({ where: { domain: SHOP }, data: { locationsReadAt: new Date("2026-03-01T00:00:00Z") } });
    await database.db.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_x" },
    });
    expect(
      await deliveredStatus(database.db, () =>
        uninstalled.action(delivery("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, myshopify_domain: SHOP })),
      ),
    ).toBe(200);
    expect(await database.db.session.count({ where: { shop: SHOP } })).toBe(0);
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP }, include: { suppliers: true } });
    expect(shop.uninstalledAt).not.toBeNull();
    expect(shop.suppliers).toHaveLength(1);
    expect(shop.locationsReadAt).toBeNull();
  });

  it("app/uninstalled again (a replay under a new event id) keeps the time the shop left (issue #14)", async () => {
    const left = (await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt;
    expect(left).not.toBeNull();
    expect(
      await deliveredStatus(database.db, () =>
        uninstalled.action(delivery("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, myshopify_domain: SHOP })),
      ),
    ).toBe(200);
    expect((await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } })).uninstalledAt).toEqual(left);
  });

  it("shop/redact erases the shop's rows and its delivery files (every table: compliance.test.ts)", async () => {
    const shop = await database.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    const { default: fileStorage } = await import("~/services/storage/default-storage.server");
    const { shopFilesPrefix } = await import("~/services/delivery-files.server");
    const fileKey = `${shopFilesPrefix(shop.id)}/delivery-1/note`;
    await fileStorage.put(fileKey, Buffer.from("%PDF-1.4"));
    const args = delivery("/webhooks/compliance", "shop/redact", { shop_domain: SHOP });
    expect(await deliveredStatus(database.db, () => compliance.action(args))).toBe(200);
    expect(await database.db.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await fileStorage.get(fileKey), "the shop's delivery files are erased too").toBeNull();
    expect(await database.db.supplier.count()).toBe(0);
    expect(await database.db.webhookDelivery.count({ where: { shopDomain: SHOP } })).toBe(0);
  });

  it("customers/data_request about a customer Inbound holds nothing of is acknowledged and recorded", async () => {
    const args = delivery("/webhooks/compliance", "customers/data_request", { shop_domain: SHOP, customer: { id: 1 } });
    expect(await deliveredStatus(database.db, () => compliance.action(args))).toBe(200);
    expect(await database.db.webhookDelivery.count({ where: { topic: "CUSTOMERS_DATA_REQUEST" } })).toBe(1);
  });
});
