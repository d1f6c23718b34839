import { randomUUID } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Address } from "~/domain/address";
import { REDACTED_ADDRESS } from "~/domain/customer-data";
import { shopFilesPrefix } from "~/services/attached-files.server";
import type { CustomerDataExport } from "~/services/compliance.server";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { sessionToken } from "../support/session-token";
import { installShop } from "../support/shopify";
import { deliveredStatus, signedWebhook } from "../support/webhooks";

/** The mandatory compliance topics, as signed deliveries to the route, on a real SQLite file. */
const SHOP = "privacy-shop.myshopify.com";
const NEIGHBOUR = "privacy-neighbour.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;
const ADA = { email: "ada@example.com", phone: "+16135550101" };
const ADA_NOW = { name: "Ada Lovelace", line1: "12 St James's Sq", city: "London", countryCode: "GB", phone: "(613) 555-0101" };
const ADA_BEFORE = { ...ADA_NOW, line1: "1 Old Rd", company: "ADA@example.com", phone: null };
const GRACE = { name: "Grace Hopper", line1: "7 Harbour Rd", city: "Halifax", countryCode: "CA", phone: "+1 902 555 0199" };

let database: TestDatabase;
let compliance: typeof import("~/routes/webhooks.compliance");
let fields: typeof import("~/services/purchase-order-fields.server");

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  compliance = await import("~/routes/webhooks.compliance");
  fields = await import("~/services/purchase-order-fields.server");
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

async function deliver(shop: string, topic: string, payload: unknown, eventId = randomUUID()) {
  const args = signedWebhook("/webhooks/compliance", topic, payload, { shop, eventId });
  const webhookId = args.request.headers.get("X-Shopify-Webhook-Id")!;
  expect(await deliveredStatus(database.db, () => compliance.action(args))).toBe(200);
  return database.db.webhookDelivery.findFirst({ where: { shopDomain: shop, webhookId } });
}

/** A drop-ship order whose shipping address was set to each of `addresses` in turn (audited each time). */
async function dropShipOrder(shop: string, supplierId: string, addresses: Array<Record<string, unknown>>) {
  const order = await createOrder(database.db, shop, supplierId, [1]);
  for (const shippingAddress of addresses) {
    await fields.setAddresses({ db: database.db }, shop, merchant, order.id, { shippingAddress, dropShip: true });
  }
  return order;
}

async function shippingAddress(orderId: string): Promise<Address> {
  const order = await database.db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId } });
  expect(order.dropShip).toBe(true);
  return JSON.parse(order.shippingAddress!) as Address;
}

/** Everything the shop keeps as text that could hold a customer's data. */
async function storedText(shop: string): Promise<string> {
  const [orders, entries, deliveries] = await Promise.all([
    database.db.purchaseOrder.findMany({ where: { shop: { domain: shop } }, select: { billingAddress: true, shippingAddress: true } }),
    database.db.auditEntry.findMany({ where: { shop: { domain: shop } }, select: { changes: true } }),
    database.db.webhookDelivery.findMany({ where: { shopDomain: shop }, select: { payload: true } }),
  ]);
  return JSON.stringify([orders, entries, deliveries]);
}

describe("customer compliance requests", () => {
  let orders: { ada: string; grace: string; neighbourAda: string };

  beforeAll(async () => {
    const { suppliers } = await installShop(database.db, { domain: SHOP }, ["Acme"]);
    const neighbour = await installShop(database.db, { domain: NEIGHBOUR }, ["Elsewhere"]);
    orders = {
      ada: (await dropShipOrder(SHOP, suppliers[0]!.id, [ADA_BEFORE, ADA_NOW])).id,
      grace: (await dropShipOrder(SHOP, suppliers[0]!.id, [GRACE])).id,
      neighbourAda: (await dropShipOrder(NEIGHBOUR, neighbour.suppliers[0]!.id, [ADA_NOW])).id,
    };
  });

  it("customers/data_request exports the customer's addresses, current and earlier, and no one else's", async () => {
    const delivery = await deliver(SHOP, "customers/data_request", {
      shop_id: 1,
      shop_domain: SHOP,
      orders_requested: [299938],
      customer: { id: 191167, ...ADA },
      data_request: { id: 9999 },
    });
    expect(delivery).toMatchObject({ result: "handled", summary: expect.stringMatching(/customer 191167 on 1 purchase order \(PO-0001\)/) });
    const entry = await database.db.auditEntry.findFirstOrThrow({
      where: { action: "customer_data_request", actorType: "webhook", actorId: delivery!.webhookId },
    });
    const exported = JSON.parse(entry.changes!) as CustomerDataExport;
    expect(exported).toEqual({
      dataRequestId: "9999",
      customer: { id: "191167", ...ADA },
      purchaseOrders: [{ purchaseOrder: "PO-0001", addresses: [expect.objectContaining(ADA_NOW), expect.objectContaining({ line1: "1 Old Rd" })] }],
    });
    expect(entry.changes).not.toContain("Grace");
  });

  it("customers/data_request for a customer Inbound knows nothing of exports nothing", async () => {
    const delivery = await deliver(SHOP, "customers/data_request", {
      shop_domain: SHOP,
      customer: { id: 5, email: "nobody@example.com", phone: null },
      data_request: { id: 10000 },
    });
    expect(delivery?.summary).toBe("No data held for customer 5: the export is empty");
  });

  it("customers/redact erases the customer's addresses everywhere in the shop, and only theirs", async () => {
    const delivery = await deliver(SHOP, "customers/redact", {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 191167, ...ADA },
      orders_to_redact: [299938],
    });
    expect(delivery).toMatchObject({
      result: "handled",
      summary: expect.stringMatching(/^Erased customer 191167: addresses redacted on 1 purchase order \(PO-0001\)/),
    });

    expect(await shippingAddress(orders.ada), "the order keeps an (empty) address: it stays drop-ship").toEqual(REDACTED_ADDRESS);
    expect(await shippingAddress(orders.grace)).toMatchObject(GRACE);
    expect(await shippingAddress(orders.neighbourAda), "another shop's data is not this request's").toMatchObject(ADA_NOW);
    const text = await storedText(SHOP);
    for (const trace of ["Lovelace", "St James", "Old Rd", "555-0101", "6135550101", ADA.email]) {
      expect(text.toLowerCase(), `no trace of "${trace}" is left`).not.toContain(trace.toLowerCase());
    }
    expect(text).toContain("Grace Hopper");

    const history = await database.db.auditEntry.findFirstOrThrow({ where: { purchaseOrderId: orders.ada, action: "customer_redact" } });
    expect(history).toMatchObject({ actorType: "webhook", actorId: delivery!.webhookId });
    expect(JSON.parse(history.changes!)).toEqual({ redacted: ["shippingAddress"] });
  });

  it("after customers/redact, a data request finds nothing of the customer", async () => {
    const delivery = await deliver(SHOP, "customers/data_request", {
      shop_domain: SHOP,
      customer: { id: 191167, ...ADA },
      data_request: { id: 10001 },
    });
    expect(delivery?.summary).toBe("No data held for customer 191167: the export is empty");
  });

  it("records a payload it cannot read as invalid, changing nothing", async () => {
    const delivery = await deliver(SHOP, "customers/redact", { shop_domain: SHOP });
    expect(delivery).toMatchObject({ result: "invalid", summary: expect.stringMatching(/customer/) });
    expect(await shippingAddress(orders.grace)).toMatchObject(GRACE);
  });

  it("lists the shop's deliveries in the webhook log, each data request with its export to download", async () => {
    await database.db.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_x", scope: process.env.SCOPES! },
    });
    await deliver(NEIGHBOUR, "customers/data_request", { shop_domain: NEIGHBOUR, customer: { id: 1, ...ADA }, data_request: { id: 1 } });
    const request = (path: string) =>
      new Request(`https://inbound.example.com${path}`, { headers: { Authorization: `Bearer ${sessionToken(SHOP)}` } });
    const log = await import("~/routes/app.settings_.webhooks");
    const response = await log.loader({ request: request("/app/settings/webhooks"), params: {}, context: {} });
    const { deliveries } = (await response.json()) as { deliveries: Array<{ id: string; topic: string; result: string; hasExport: boolean }> };
    expect(deliveries.map(({ topic, result, hasExport }) => [topic, result, hasExport])).toEqual([
      ["CUSTOMERS_REDACT", "invalid", false],
      ["CUSTOMERS_DATA_REQUEST", "handled", true],
      ["CUSTOMERS_REDACT", "handled", false],
      ["CUSTOMERS_DATA_REQUEST", "handled", true],
      ["CUSTOMERS_DATA_REQUEST", "handled", true],
    ]);

    const download = await import("~/routes/app.settings_.webhooks.$deliveryId[.json]");
    const first = deliveries.at(-1)!;
    const file = await download.loader({
      request: request(`/app/settings/webhooks/${first.id}.json`),
      params: { deliveryId: first.id },
      context: {},
    });
    expect(file.headers.get("Content-Disposition")).toBe(`attachment; filename="customer-data-request-${first.id}.json"`);
    expect(await file.json(), "what it exported was erased with the customer").toMatchObject({
      customer: { id: "191167", email: null, phone: null },
      purchaseOrders: [{ purchaseOrder: "PO-0001", addresses: [REDACTED_ADDRESS, REDACTED_ADDRESS] }],
    });
    const redact = deliveries[2]!;
    await expect(
      download.loader({ request: request(`/app/settings/webhooks/${redact.id}.json`), params: { deliveryId: redact.id }, context: {} }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

// ---------------------------------------------------------------------------------------------
// shop/redact

/**
 * How each table's rows belong to a shop, as a filter finding them. Every model Prisma knows
 * must be here: a new table fails the test until it says how its rows belong to a shop (and
 * eraseShopData erases them).
 */
const SHOP_ROWS: Record<string, (db: PrismaClient, domain: string) => Promise<object>> = {
  Session: async (_db, domain) => ({ shop: domain }),
  Shop: async (_db, domain) => ({ domain }),
  Supplier: async (_db, domain) => ({ shop: { domain } }),
  CatalogueItem: async (_db, domain) => ({ supplier: { shop: { domain } } }),
  SupplierCredit: async (_db, domain) => ({ supplier: { shop: { domain } } }),
  CreditApplication: async (_db, domain) => ({ credit: { supplier: { shop: { domain } } } }),
  Payment: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  Shipment: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  PurchaseOrder: async (_db, domain) => ({ shop: { domain } }),
  PurchaseOrderLine: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  Booking: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  BookingLine: async (_db, domain) => ({ booking: { purchaseOrder: { shop: { domain } } } }),
  Delivery: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  DeliveryLine: async (_db, domain) => ({ delivery: { purchaseOrder: { shop: { domain } } } }),
  DeliveryFile: async (_db, domain) => ({ delivery: { purchaseOrder: { shop: { domain } } } }),
  DeliveryLineSplit: async (_db, domain) => ({ deliveryLine: { delivery: { purchaseOrder: { shop: { domain } } } } }),
  AuditEntry: async (_db, domain) => ({ shop: { domain } }),
  WebhookDelivery: async (_db, domain) => ({ shopDomain: domain }),
  ShopifyObjectVersion: async (_db, domain) => ({ shopDomain: domain }),
  DriftCheck: async (_db, domain) => ({ shop: { domain } }),
  ShopifyEffect: async (_db, domain) => ({ shop: { domain } }),
  ShopifyEffectAttempt: async (_db, domain) => ({ effect: { shop: { domain } } }),
  ShopSettings: async (_db, domain) => ({ shop: { domain } }),
  IncomingReconciliation: async (_db, domain) => ({ shop: { domain } }),
  ExportTemplate: async (_db, domain) => ({ shop: { domain } }),
  SavedView: async (_db, domain) => ({ shop: { domain } }),
  ShopLocation: async (_db, domain) => ({ shop: { domain } }),
  EmailTemplate: async (_db, domain) => ({ shop: { domain } }),
  EmailSettings: async (_db, domain) => ({ shop: { domain } }),
  SupplierEmail: async (_db, domain) => ({ shop: { domain } }),
  PurchaseOrderDocument: async (_db, domain) => ({ purchaseOrder: { shop: { domain } } }),
  ApiKey: async (_db, domain) => ({ shop: { domain } }),
  ApiCall: async (_db, domain) => ({ apiKey: { shop: { domain } } }),
  ApiIdempotencyKey: async (_db, domain) => ({ apiKey: { shop: { domain } } }),
  // Files kept in the database: keyed under the shop's files prefix.
  StoredFile: async (db, domain) => ({
    key: { startsWith: `${shopFilesPrefix((await db.shop.findUniqueOrThrow({ where: { domain }, select: { id: true } })).id)}/` },
  }),
  // No relation to its order: found through the shop's order ids.
  IncomingLedger: async (db, domain) => ({
    purchaseOrderId: { in: (await db.purchaseOrder.findMany({ where: { shop: { domain } }, select: { id: true } })).map((order) => order.id) },
  }),
};

interface CountingDelegate {
  count(args: { where: object }): Promise<number>;
}

function delegate(db: PrismaClient, model: string): CountingDelegate {
  return (db as unknown as Record<string, CountingDelegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
}

/** The shop's rows per table. Filters are taken before erasure (the ledger's go through the orders). */
async function rowsPerTable(db: PrismaClient, domain: string, filters?: Record<string, object>) {
  const counts: Record<string, number> = {};
  const used: Record<string, object> = {};
  for (const { name } of Prisma.dmmf.datamodel.models) {
    const rowsOf = SHOP_ROWS[name];
    if (!rowsOf) throw new Error(`How do ${name} rows belong to a shop? Say so in SHOP_ROWS, and erase them in eraseShopData.`);
    used[name] = filters?.[name] ?? (await rowsOf(db, domain));
    counts[name] = await delegate(db, name).count({ where: used[name] });
  }
  return { counts, filters: used };
}

/** One row (at least) in every table for the shop, as its life in Inbound leaves them. */
async function seedEveryTable(db: PrismaClient, domain: string) {
  const { shop, suppliers } = await installShop(db, { domain }, ["Acme"]);
  const supplierId = suppliers[0]!.id;
  const order = await createOrder(db, domain, supplierId, [5]);
  const line = await db.purchaseOrderLine.findFirstOrThrow({ where: { purchaseOrderId: order.id } });
  const now = new Date();
  await db.session.create({ data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "shpat_x" } });
  await db.shopSettings.create({ data: { shopId: shop.id } });
  await db.catalogueItem.create({ data: { supplierId, variantId: line.variantId!, unitCost: "2.50", currencyCode: "USD" } });
  await db.supplierCredit.create({
    data: {
      supplierId,
      amount: "10",
      currencyCode: "USD",
      source: "manual",
      applications: { create: { purchaseOrderId: order.id, amount: "1", appliedAt: now } },
    },
  });
  await db.payment.create({ data: { purchaseOrderId: order.id, amount: "5", currencyCode: "USD", paidAt: now, status: "completed" } });
  await db.shipment.create({ data: { purchaseOrderId: order.id, carrier: "UPS" } });
  await db.booking.create({
    data: {
      purchaseOrderId: order.id,
      kind: "receipt",
      bookedAt: now,
      actorType: "merchant",
      actorId: "staff-1",
      lines: { create: { lineId: line.id, received: 2, rejected: 0, cancelled: 0 } },
    },
  });
  await db.delivery.create({
    data: {
      purchaseOrderId: order.id,
      number: 1,
      lines: {
        create: {
          position: 0,
          lineId: line.id,
          productTitle: line.productTitle,
          quantityDelivered: 2,
          unitPrice: "2.50",
          splits: { create: { position: 0, intakeReason: 0, quantity: 2 } },
        },
      },
      files: { create: { fileName: "note.pdf", contentType: "application/pdf", size: 8, storageKey: `${domain}/note.pdf`, sha256: "0".repeat(64) } },
    },
  });
  await db.auditEntry.create({ data: { shopId: shop.id, purchaseOrderId: order.id, actorType: "merchant", actorId: "staff-1", action: "create" } });
  await db.webhookDelivery.create({
    data: { shopDomain: domain, topic: "PRODUCTS_UPDATE", eventId: randomUUID(), webhookId: randomUUID(), payload: "{}" },
  });
  await db.shopifyObjectVersion.create({ data: { shopDomain: domain, objectId: "gid://shopify/Product/1", updatedAt: now } });
  await db.driftCheck.create({ data: { shopId: shop.id, inventoryItemId: line.inventoryItemId!, locationId: order.locationId!, dueAt: now } });
  await db.shopifyEffect.create({
    data: {
      shopId: shop.id,
      purchaseOrderId: order.id,
      kind: "add_tags",
      payload: "{}",
      attemptLog: { create: { workerId: "worker-1", startedAt: now } },
    },
  });
  await db.incomingReconciliation.create({ data: { shopId: shop.id, trigger: "manual", status: "clean", startedAt: now } });
  await db.exportTemplate.create({ data: { shopId: shop.id, name: "Default", columns: "[]" } });
  await db.savedView.create({ data: { shopId: shop.id, name: "Open from Acme", query: "tab=open" } });
  await db.shopLocation.create({ data: { shopId: shop.id, locationId: "gid://shopify/Location/1", name: "Warehouse", isActive: true } });
  await db.emailTemplate.create({ data: { shopId: shop.id, name: "Default", subject: "PO {{po_number}}", body: "Hello" } });
  await db.emailSettings.create({
    data: { shopId: shop.id, senderName: "Shop", senderEmail: `orders@${domain}`, smtpHost: "127.0.0.1", smtpPort: 2525, smtpSecurity: "none" },
  });
  await db.supplierEmail.create({
    data: { shopId: shop.id, purchaseOrderId: order.id, recipients: "[]", subject: "PO", body: "Hello", messageId: `<${randomUUID()}@${domain}>` },
  });
  await db.apiKey.create({
    data: {
      shopId: shop.id,
      name: "ERP",
      scope: "read",
      prefix: "inb_test",
      secretHash: randomUUID(),
      calls: { create: { target: "GET /api/v1/purchase_orders", status: 200, durationMs: 3 } },
      idempotencyKeys: { create: { key: "retry-1", requestHash: "0".repeat(64), status: 201, responseBody: "{}" } },
    },
  });
  await db.purchaseOrderDocument.create({
    data: {
      purchaseOrderId: order.id,
      fileName: "invoice.pdf",
      contentType: "application/pdf",
      size: 8,
      storageKey: `${domain}/invoice.pdf`,
      sha256: "0".repeat(64),
    },
  });
  await db.incomingLedger.create({
    data: { purchaseOrderId: order.id, inventoryItemId: line.inventoryItemId!, locationId: order.locationId!, quantity: 5 },
  });
  await db.storedFile.create({
    data: { key: `${shopFilesPrefix(shop.id)}/deliveries/${randomUUID()}`, bytes: new Uint8Array([37, 80, 68, 70]), size: 4 },
  });
}

describe("shop/redact", () => {
  const ERASED = "erased-shop.myshopify.com";
  const KEPT = "kept-shop.myshopify.com";

  it("leaves no row of the shop in any table, and the neighbour's rows untouched", async () => {
    await seedEveryTable(database.db, ERASED);
    await seedEveryTable(database.db, KEPT);
    const before = await rowsPerTable(database.db, ERASED);
    const neighbourBefore = await rowsPerTable(database.db, KEPT);
    for (const [model, count] of Object.entries(before.counts)) {
      expect(count, `the test seeds a ${model} row for the shop, so its erasure is checked`).toBeGreaterThan(0);
    }

    const eventId = randomUUID();
    expect(await deliver(ERASED, "shop/redact", { shop_id: 2, shop_domain: ERASED }, eventId), "its own delivery goes too").toBeNull();

    const after = await rowsPerTable(database.db, ERASED, before.filters);
    expect(after.counts).toEqual(Object.fromEntries(Object.keys(before.counts).map((model) => [model, 0])));
    expect((await rowsPerTable(database.db, KEPT)).counts).toEqual(neighbourBefore.counts);

    // Shopify redelivers: there is nothing left to erase, and nothing is kept of it either.
    expect(await deliver(ERASED, "shop/redact", { shop_id: 2, shop_domain: ERASED }, eventId)).toBeNull();
    expect((await rowsPerTable(database.db, ERASED, before.filters)).counts).toEqual(after.counts);
  });
});
