import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { PrismaClient } from "@prisma/client";

import { WEBHOOK_TOPICS } from "~/webhooks/topics";

import { useProductionLikeEnvironment } from "../../support/app-env";
import { createTestDatabase } from "../../support/database";
import { createOrder } from "../../support/orders";
import { startRouteServer, type RouteModule } from "../../support/route-server";
import { installShop } from "../../support/shopify";
import { webhookRoute, type ShopObjects } from "../../support/webhooks";

import { storedState } from "./state";

/**
 * The webhook attack's world: the app's webhook routes over real HTTP (tests/support/route-server.ts)
 * in a production-like environment, so every delivery is verified with the test API secret, and
 * two installed shops in one SQLite file. The shop under attack and its neighbour each have an
 * offline session, a supplier, an open order at their location whose lines are of their product
 * (what catalogue and location webhooks change), a drop-ship address of their customer (what
 * compliance requests read and erase) and a supplier email (what email status notices change).
 * A third domain, the stranger, was never installed.
 *
 * `reset()` erases everything and installs both shops again: each case starts from the same world,
 * so a failing case replays on its own.
 */
export const SHOP = "webhook-attack.myshopify.com";
export const NEIGHBOUR = "webhook-attack-neighbour.myshopify.com";
export const STRANGER = "webhook-attack-stranger.myshopify.com";
export const EMAIL_STATUS_SECRET = "webhook-attack-email-status-secret";

export const OBJECTS: Record<string, ShopObjects> = {
  [SHOP]: { product: 101, variant: 1011, inventoryItem: 1012, location: 11, customer: { id: 501, email: "ada@example.com", phone: "+16135550101" } },
  [NEIGHBOUR]: {
    product: 201,
    variant: 2011,
    inventoryItem: 2012,
    location: 21,
    customer: { id: 601, email: "grace@example.com", phone: "+19025550199" },
  },
  [STRANGER]: {
    product: 301,
    variant: 3011,
    inventoryItem: 3012,
    location: 31,
    customer: { id: 701, email: "alan@example.com", phone: "+441632960001" },
  },
};

/** The Message-ID of a shop's supplier email (what a status notice names). */
export const messageIdOf = (domain: string) => `<po-1.attack@${domain}>`;

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

async function seedShop(db: PrismaClient, domain: string) {
  const objects = OBJECTS[domain]!;
  const { shop, suppliers } = await installShop(db, { domain }, ["Acme"]);
  await db.session.create({
    data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: `shpat_${domain}`, scope: "read_products,write_products" },
  });
  const order = await createOrder(db, domain, suppliers[0]!.id, [4, 2]);
  const customer = objects.customer;
  await db.purchaseOrder.update({
    where: { id: order.id },
    data: {
      status: "sent",
      locationId: gid("Location", objects.location),
      dropShip: true,
      shippingAddress: JSON.stringify({
        name: "Customer",
        company: customer.email,
        line1: "12 St James's Sq",
        line2: null,
        city: "London",
        region: null,
        postalCode: null,
        countryCode: "GB",
        phone: customer.phone,
      }),
    },
  });
  // The first line is of the shop's product; the second of another product of the same shop.
  await db.purchaseOrderLine.updateMany({
    where: { purchaseOrderId: order.id, position: 0 },
    data: {
      productId: gid("Product", objects.product),
      variantId: gid("ProductVariant", objects.variant),
      inventoryItemId: gid("InventoryItem", objects.inventoryItem),
    },
  });
  await db.supplierEmail.create({
    data: {
      shopId: shop.id,
      purchaseOrderId: order.id,
      recipients: "[]",
      subject: "PO-1",
      body: "Hello",
      messageId: messageIdOf(domain),
      status: "sent",
    },
  });
}

export async function startWebhookWorld() {
  const database = await createTestDatabase();
  const filesDirectory = mkdtempSync(path.join(tmpdir(), "inbound-webhook-attack-files-"));
  useProductionLikeEnvironment(database.url);
  process.env.INBOUND_EMAIL_STATUS_SECRET = EMAIL_STATUS_SECRET;
  // shop/redact erases the shop's files: keep them out of the repository.
  process.env.INBOUND_FILES_DIR = filesDirectory;
  const { eraseShopData } = await import("~/services/shops.server");

  const routes = new Map<string, RouteModule>();
  for (const topic of WEBHOOK_TOPICS) {
    const route = webhookRoute(topic);
    routes.set(route.path, await route.module());
  }
  routes.set("/webhooks/email-status", await import("~/routes/webhooks.email-status"));
  const server = await startRouteServer((url) => {
    const module = routes.get(url.pathname);
    return module ? { module } : null;
  });
  const { db } = database;

  async function reset() {
    await db.$transaction(async (tx) => {
      for (const domain of [SHOP, NEIGHBOUR, STRANGER]) await eraseShopData(tx, domain);
      // Anything recorded under a domain no shop has (a malformed header, say).
      await tx.webhookDelivery.deleteMany({});
      await tx.shopifyObjectVersion.deleteMany({});
    });
    for (const domain of [SHOP, NEIGHBOUR]) await seedShop(db, domain);
  }

  /**
   * What a webhook could change of the neighbour, as one fingerprint: its shop row, session,
   * orders and lines, audit entries, drift checks, supplier emails and object versions.
   */
  async function neighbourPrint(): Promise<string> {
    const shop = await db.shop.findUnique({ where: { domain: NEIGHBOUR } });
    const parts = await Promise.all([
      db.session.findMany({ where: { shop: NEIGHBOUR }, omit: { expires: true } }),
      db.purchaseOrder.findMany({ where: { shopId: shop?.id ?? "" }, include: { lines: true }, orderBy: { number: "asc" } }),
      db.auditEntry.findMany({ where: { shopId: shop?.id ?? "" }, orderBy: { id: "asc" } }),
      db.driftCheck.findMany({ where: { shopId: shop?.id ?? "" }, orderBy: { id: "asc" } }),
      db.supplierEmail.findMany({ where: { shopId: shop?.id ?? "" }, orderBy: { id: "asc" } }),
      db.shopifyObjectVersion.findMany({ where: { shopDomain: NEIGHBOUR }, orderBy: { id: "asc" } }),
    ]);
    return createHash("sha256")
      .update(JSON.stringify([shop, ...parts], (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value)))
      .digest("hex");
  }

  /** Marks a shop uninstalled, as app/uninstalled leaves it (no session, the time it left). */
  async function uninstall(domain: string) {
    await db.session.deleteMany({ where: { shop: domain } });
    await db.shop.update({ where: { domain }, data: { uninstalledAt: new Date() } });
  }

  return {
    db,
    origin: server.origin,
    reset,
    uninstall,
    neighbourPrint,
    /** Stored state of both shops (see storedState); `ignore` leaves out what a case may record. */
    state: (ignore?: Parameters<typeof storedState>[1]) => storedState(db, ignore),
    /** The recorded delivery of an event (by the shop header and event id it came with). */
    delivery: (shopDomain: string, eventId: string) => db.webhookDelivery.findUnique({ where: { shopDomain_eventId: { shopDomain, eventId } } }),
    async close() {
      await server.close();
      const { default: prisma } = await import("~/db.server");
      await prisma.$disconnect();
      await database.cleanup();
      rmSync(filesDirectory, { recursive: true, force: true });
    },
  };
}

export type WebhookWorld = Awaited<ReturnType<typeof startWebhookWorld>>;
