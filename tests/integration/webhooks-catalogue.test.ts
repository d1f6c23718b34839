import { randomUUID } from "node:crypto";

import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CATALOGUE_TOPICS } from "~/webhooks/topics";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";
import { deliveredStatus, shopifyPayload, signedWebhook } from "../support/webhooks";

const SHOP = "catalogue-webhooks.myshopify.com";
const LOCATION = "gid://shopify/Location/1";

/** Each topic's route, by the path shopify.app.toml delivers it to. */
const TOPICS = CATALOGUE_TOPICS;
type Topic = (typeof TOPICS)[number];

let database: TestDatabase;
let supplierId: string;
const routes = {} as Record<Topic, { action: (args: ActionFunctionArgs) => Promise<Response> }>;

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  for (const topic of TOPICS) routes[topic] = await import(`~/routes/webhooks.${topic.replace("/", ".")}.tsx`);
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

/** Posts a signed delivery of `topic` to its route; the HTTP status and the delivery's row. */
async function deliver(topic: Topic, payload: unknown, options: { eventId?: string; secret?: string; shop?: string; triggeredAt?: Date } = {}) {
  const eventId = options.eventId ?? randomUUID();
  const args = signedWebhook(`/webhooks/${topic}`, topic, payload, { shop: SHOP, ...options, eventId });
  const status = await deliveredStatus(database.db, () => routes[topic].action(args));
  const row = await database.db.webhookDelivery.findUnique({
    where: { shopDomain_eventId: { shopDomain: options.shop ?? SHOP, eventId } },
  });
  return { status, row };
}

/** An order of the shop whose lines are of the given Shopify variants (numeric REST ids). */
async function orderOf(lines: Array<{ product: number; variant: number; item: number }>, order: { status?: string; locationId?: string } = {}) {
  const created = await createOrder(
    database.db,
    SHOP,
    supplierId,
    lines.map(() => 4),
  );
  await database.db.purchaseOrder.update({
    where: { id: created.id },
    data: { status: order.status ?? "sent", locationId: order.locationId ?? LOCATION },
  });
  for (const [position, line] of lines.entries()) {
    await database.db.purchaseOrderLine.updateMany({
      where: { purchaseOrderId: created.id, position },
      data: {
        productId: `gid://shopify/Product/${line.product}`,
        variantId: `gid://shopify/ProductVariant/${line.variant}`,
        inventoryItemId: `gid://shopify/InventoryItem/${line.item}`,
      },
    });
  }
  return created.id;
}

function linesOf(purchaseOrderId: string) {
  return database.db.purchaseOrderLine.findMany({ where: { purchaseOrderId }, orderBy: { position: "asc" } });
}

const at = (iso: string) => `${iso}-04:00`;

describe("catalogue, inventory and location webhooks", () => {
  it("answers 401 to a forged delivery on every topic and records nothing", async () => {
    for (const topic of TOPICS) {
      const { status, row } = await deliver(topic, { id: 1 }, { secret: "not-the-app-secret" });
      expect(status, topic).toBe(401);
      expect(row, topic).toBeNull();
    }
    expect(await database.db.webhookDelivery.count()).toBe(0);
  });

  it("products/update refreshes titles and SKUs on open orders' lines; a variant left out of the payload is left alone", async () => {
    const open = await orderOf([
      { product: 10, variant: 11, item: 111 },
      { product: 10, variant: 12, item: 112 },
    ]);
    const completed = await orderOf([{ product: 10, variant: 12, item: 112 }], { status: "completed" });
    const { status, row } = await deliver("products/update", {
      id: 10,
      admin_graphql_api_id: "gid://shopify/Product/10",
      title: "Linen shirt",
      updated_at: at("2026-03-01T10:00:00"),
      variants: [{ id: 11, product_id: 10, title: "Blue / L", sku: "LS-BL", inventory_item_id: 111 }],
    });
    expect(status).toBe(200);
    expect(row).toMatchObject({ topic: "PRODUCTS_UPDATE", result: "handled", summary: "1 line refreshed" });
    const [kept, gone] = await linesOf(open);
    expect(kept).toMatchObject({
      productTitle: "Linen shirt",
      variantTitle: "Blue / L",
      sku: "LS-BL",
      variantDeletedAt: null,
    });
    // Shopify may leave variants out of this payload: deletions come as their own topics.
    expect(gone).toMatchObject({ productTitle: "Product 2", sku: "SKU-2", variantDeletedAt: null });
    const [closedLine] = await linesOf(completed);
    expect(closedLine, "a completed order keeps what it recorded").toMatchObject({
      productTitle: "Product 1",
      variantDeletedAt: null,
    });
  });

  it("applies a delivery once however often Shopify retries it, counting the duplicates", async () => {
    const order = await orderOf([{ product: 30, variant: 31, item: 131 }]);
    const eventId = randomUUID();
    const payload = {
      id: 30,
      title: "Wool socks",
      updated_at: at("2026-03-01T10:00:00"),
      variants: [{ id: 31, title: "Grey", sku: "WS-G" }],
    };
    const first = await deliver("products/update", payload, { eventId });
    const retry = await deliver("products/update", payload, { eventId });
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(await database.db.webhookDelivery.count({ where: { eventId } })).toBe(1);
    expect(retry.row).toMatchObject({ result: "handled", summary: "1 line refreshed", duplicates: 1 });
    expect((await linesOf(order))[0]).toMatchObject({ productTitle: "Wool socks", sku: "WS-G" });
  });

  it("ignores an update older than (or as old as) one already applied: stale, nothing overwritten", async () => {
    const order = await orderOf([{ product: 40, variant: 41, item: 141 }]);
    const update = (title: string, updatedAt: string) => ({
      id: 40,
      title,
      updated_at: at(updatedAt),
      variants: [{ id: 41, title: "Default Title", sku: `SKU-${title}` }],
    });
    expect((await deliver("products/update", update("Newer", "2026-03-02T09:00:00"))).row).toMatchObject({
      result: "handled",
    });
    const older = await deliver("products/update", update("Older", "2026-03-01T09:00:00"));
    const sameTime = await deliver("products/update", update("Same", "2026-03-02T09:00:00"));
    expect(older.status).toBe(200);
    expect(older.row!.result).toBe("stale");
    expect(older.row!.summary).toContain("gid://shopify/Product/40");
    expect(sameTime.row!.result).toBe("stale");
    expect((await linesOf(order))[0]).toMatchObject({ productTitle: "Newer", sku: "SKU-Newer" });
  });

  it("products/delete flags every open line of the product; an update from before the delete arriving late is stale", async () => {
    const order = await orderOf([
      { product: 50, variant: 51, item: 151 },
      { product: 59, variant: 591, item: 159 },
    ]);
    const { row } = await deliver("products/delete", { id: 50 }, { triggeredAt: new Date("2026-03-05T12:00:00Z") });
    expect(row).toMatchObject({ result: "handled", summary: "1 line flagged" });
    const [deleted, other] = await linesOf(order);
    expect(deleted!.variantDeletedAt).toEqual(new Date("2026-03-05T12:00:00Z"));
    expect(other!.variantDeletedAt).toBeNull();
    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: order, action: "variant_deleted_in_shopify" } });
    expect(audit.actorType).toBe("webhook");
    expect(JSON.parse(audit.changes!).lines).toEqual([expect.objectContaining({ lineId: deleted!.id })]);
    const late = await deliver("products/update", {
      id: 50,
      title: "Renamed before the delete",
      updated_at: "2026-03-05T11:00:00Z",
      variants: [{ id: 51, title: "Default Title", sku: null }],
    });
    expect(late.row!.result).toBe("stale");
    expect((await linesOf(order))[0]!.productTitle).toBe("Product 1");
  });

  it("inventory_items/update refreshes the SKU; inventory_items/delete flags the line", async () => {
    const order = await orderOf([{ product: 60, variant: 61, item: 161 }]);
    const updated = await deliver("inventory_items/update", {
      id: 161,
      admin_graphql_api_id: "gid://shopify/InventoryItem/161",
      sku: "NEW-161",
      tracked: true,
      updated_at: at("2026-03-01T10:00:00"),
    });
    expect(updated.row).toMatchObject({ result: "handled", summary: "1 line refreshed" });
    expect((await linesOf(order))[0]!.sku).toBe("NEW-161");
    const deleted = await deliver("inventory_items/delete", { id: 161, country_code_of_origin: null });
    expect(deleted.row).toMatchObject({ result: "handled", summary: "1 line flagged" });
    expect((await linesOf(order))[0]!.variantDeletedAt).not.toBeNull();
  });

  it("inventory_levels/update schedules one debounced drift check per item and location", async () => {
    await orderOf([{ product: 70, variant: 71, item: 171 }]);
    const level = { inventory_item_id: 171, location_id: 1, available: 5, updated_at: at("2026-03-01T10:00:00") };
    const first = await deliver("inventory_levels/update", level);
    expect(first.row!.summary).toMatch(/^Drift check due at /);
    const { dueAt: firstDue } = await database.db.driftCheck.findFirstOrThrow();
    const secondSent = Date.now();
    await deliver("inventory_levels/update", { ...level, available: 3, updated_at: at("2026-03-01T10:00:05") });
    const checks = await database.db.driftCheck.findMany();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ inventoryItemId: "gid://shopify/InventoryItem/171", locationId: LOCATION });
    expect(checks[0]!.dueAt.getTime()).toBeGreaterThanOrEqual(secondSent + 60_000);
    expect(checks[0]!.dueAt.getTime()).toBeGreaterThanOrEqual(firstDue.getTime());
  });

  it("inventory_levels/update for an item no order holds schedules nothing", async () => {
    const before = await database.db.driftCheck.count();
    const { row } = await deliver("inventory_levels/update", {
      inventory_item_id: 999,
      location_id: 1,
      available: 1,
      updated_at: at("2026-03-01T10:00:00"),
    });
    expect(row).toMatchObject({ result: "handled", summary: "No purchase order holds this item: no drift check" });
    expect(await database.db.driftCheck.count()).toBe(before);
  });

  it("locations/update flags the open orders receiving at a deactivated location and clears them when it is active again", async () => {
    const elsewhere = "gid://shopify/Location/80";
    const open = await orderOf([{ product: 81, variant: 82, item: 183 }], { locationId: elsewhere });
    const completed = await orderOf([{ product: 81, variant: 82, item: 183 }], {
      locationId: elsewhere,
      status: "completed",
    });
    const location = (active: boolean, updatedAt: string) => ({
      id: 80,
      name: "Annex",
      active,
      updated_at: at(updatedAt),
    });
    const deactivated = await deliver("locations/update", location(false, "2026-03-01T10:00:00"));
    expect(deactivated.row).toMatchObject({ result: "handled", summary: "Inactive: 1 order flagged" });
    const flagged = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: open } });
    expect(flagged.locationLostAt).not.toBeNull();
    expect((await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: completed } })).locationLostAt).toBeNull();

    // Kept among the shop's locations as it now is: what screens offer and name, without asking Shopify.
    const kept = () => database.db.shopLocation.findMany({ where: { locationId: elsewhere }, select: { name: true, isActive: true } });
    expect(await kept()).toEqual([{ name: "Annex", isActive: false }]);

    const reactivated = await deliver("locations/update", { ...location(true, "2026-03-02T10:00:00"), name: "Annex East" });
    expect(reactivated.row).toMatchObject({ result: "handled", summary: "Active: 1 order restored" });
    expect(await kept()).toEqual([{ name: "Annex East", isActive: true }]);
    // An older delivery arriving late changes nothing.
    await deliver("locations/update", { ...location(false, "2026-03-01T12:00:00"), name: "Annex old" });
    expect(await kept()).toEqual([{ name: "Annex East", isActive: true }]);
    expect((await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: open } })).locationLostAt).toBeNull();
    const actions = await database.db.auditEntry.findMany({
      where: { purchaseOrderId: open },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((entry) => entry.action)).toEqual(["location_lost_in_shopify", "location_restored_in_shopify"]);
  });

  it("locations/create keeps a new location; locations/delete removes it and flags the open orders receiving there", async () => {
    const created = await deliver("locations/create", { id: 90, name: "Pop-up", active: true, updated_at: at("2026-03-01T09:00:00") });
    expect(created.row).toMatchObject({ result: "handled" });
    const kept = () =>
      database.db.shopLocation.findMany({ where: { locationId: "gid://shopify/Location/90" }, select: { name: true, isActive: true } });
    expect(await kept()).toEqual([{ name: "Pop-up", isActive: true }]);
    const order = await orderOf([{ product: 91, variant: 92, item: 193 }], { locationId: "gid://shopify/Location/90" });
    const { row } = await deliver("locations/delete", { id: 90 });
    expect(row).toMatchObject({ result: "handled", summary: "1 order flagged" });
    expect((await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: order } })).locationLostAt).not.toBeNull();
    expect(await kept()).toEqual([]);
    // A fulfillment service's location is none a shop receives at: not kept.
    await deliver("locations/create", { id: 89, name: "3PL", active: true, legacy: true, updated_at: at("2026-03-01T09:00:00") });
    expect(await database.db.shopLocation.count({ where: { locationId: "gid://shopify/Location/89" } })).toBe(0);
  });

  it("records a payload it cannot read as invalid, naming the missing field, and changes nothing", async () => {
    const order = await orderOf([{ product: 95, variant: 96, item: 197 }]);
    const { status, row } = await deliver("products/update", {
      id: 95,
      title: "No timestamp",
      variants: [{ id: 96, title: "X" }],
    });
    expect(status).toBe(200);
    expect(row).toMatchObject({ result: "invalid" });
    expect(row!.summary).toContain("updated_at");
    expect((await linesOf(order))[0]!.productTitle).toBe("Product 1");
  });
});

describe("text Inbound would store", () => {
  it("records a title or SKU with a control character or a lone surrogate as invalid, storing nothing cut (issue #14)", async () => {
    const order = await orderOf([{ product: 81, variant: 82, item: 183 }]);
    const before = await linesOf(order);
    const product = (title: string, sku: string) => ({
      id: 81,
      title,
      updated_at: new Date().toISOString(),
      variants: [{ id: 82, title: "Default", sku }],
    });
    for (const [topic, payload] of [
      ["products/update", product("Lantern\u0000 XL", "LAN-1")],
      ["products/update", product("Lantern", "LAN-\ud800")],
      ["inventory_items/update", { id: 183, sku: "\u001b[31mLAN", updated_at: new Date().toISOString() }],
    ] as const) {
      const { status, row } = await deliver(topic, payload);
      expect(status, JSON.stringify(payload)).toBe(200);
      expect(row, JSON.stringify(payload)).toMatchObject({
        result: "invalid",
        summary: expect.stringMatching(/control characters|lone UTF-16 surrogate/),
      });
    }
    expect(await linesOf(order)).toEqual(before);
  });
});

describe("a shop that does not have Inbound installed", () => {
  it("changes nothing of a shop that uninstalled Inbound or never installed it: no object version, flag or drift check (issue #14)", async () => {
    const gone = "uninstalled-catalogue.myshopify.com";
    const never = "never-installed-catalogue.myshopify.com";
    const objects = {
      product: 501,
      variant: 502,
      inventoryItem: 503,
      location: 504,
      customer: { id: 1, email: "ada@example.com", phone: "+16135550101" },
    };
    const { suppliers } = await installShop(database.db, { domain: gone }, ["Acme"]);
    const order = await createOrder(database.db, gone, suppliers[0]!.id, [3]);
    await database.db.purchaseOrder.update({ where: { id: order.id }, data: { status: "sent", locationId: "gid://shopify/Location/504" } });
    await database.db.purchaseOrderLine.updateMany({
      where: { purchaseOrderId: order.id },
      data: {
        productId: "gid://shopify/Product/501",
        variantId: "gid://shopify/ProductVariant/502",
        inventoryItemId: "gid://shopify/InventoryItem/503",
      },
    });
    await database.db.shop.update({ where: { domain: gone }, data: { uninstalledAt: new Date() } });
    const linesBefore = await linesOf(order.id);

    for (const shop of [gone, never]) {
      for (const topic of TOPICS) {
        const { status, row } = await deliver(topic, shopifyPayload(topic, shop, objects), { shop });
        expect(status, `${topic} for ${shop}`).toBe(200);
        expect(row, `${topic} for ${shop}`).toMatchObject({ result: "handled", summary: "Inbound is not installed in this shop: nothing changed" });
      }
      expect(await database.db.shopifyObjectVersion.count({ where: { shopDomain: shop } }), shop).toBe(0);
    }
    expect(await linesOf(order.id)).toEqual(linesBefore);
    expect(await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ locationLostAt: null });
    expect(await database.db.driftCheck.count({ where: { shop: { domain: gone } } })).toBe(0);
  });
});

describe("app/uninstalled and reinstall", () => {
  it("pauses the shop's queue while uninstalled and resumes it, data intact, when the shop installs again", async () => {
    const domain = "comes-back.myshopify.com";
    const { shop, suppliers } = await installShop(database.db, { domain }, ["Acme"]);
    await database.db.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "shpat_x" },
    });
    await database.db.shopifyEffect.create({ data: { shopId: shop.id, kind: "add_tags", payload: "{}" } });
    const { shopsWithDueEffects } = await import("~/jobs/effects-worker.server");
    expect(await shopsWithDueEffects(database.db)).toContain(domain);

    const uninstalled = await import("~/routes/webhooks.app.uninstalled");
    const args = signedWebhook("/webhooks/app/uninstalled", "app/uninstalled", { id: 1, domain, myshopify_domain: domain }, { shop: domain });
    expect(await deliveredStatus(database.db, () => uninstalled.action(args))).toBe(200);
    expect(await database.db.session.count({ where: { shop: domain } })).toBe(0);
    expect(await shopsWithDueEffects(database.db), "the worker skips an uninstalled shop").not.toContain(domain);

    const { recordInstalledShop } = await import("~/services/shops.server");
    await recordInstalledShop(database.db, {
      id: `gid://shopify/Shop/${domain}`,
      domain,
      name: domain,
      currencyCode: "USD",
    });
    const again = await database.db.shop.findUniqueOrThrow({
      where: { domain },
      include: { suppliers: true, shopifyEffects: true },
    });
    expect(again).toMatchObject({ id: shop.id, uninstalledAt: null });
    expect(again.suppliers.map((supplier) => supplier.id)).toEqual([suppliers[0]!.id]);
    expect(again.shopifyEffects).toHaveLength(1);
    expect(await shopsWithDueEffects(database.db)).toContain(domain);
  });
});
