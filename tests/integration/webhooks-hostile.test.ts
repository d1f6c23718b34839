import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { recordedTopic, WEBHOOK_TOPICS, type WebhookTopic } from "~/webhooks/topics";

import { useProductionLikeEnvironment } from "../support/app-env";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { installShop } from "../support/shopify";
import { deliveredStatus, shopifyPayload, signedWebhook, TOPICS_NAMING_A_SHOP, webhookRoute } from "../support/webhooks";

/**
 * Hostile deliveries to every webhook route (issue #14): a correctly signed body that is not
 * JSON, or is `null`, is recorded and answered deliberately (never a 500, which Shopify retries
 * eight times); a missing or empty signature is 401; and a signed payload naming another shop than
 * the (unsigned) X-Shopify-Shop-Domain header is refused and logged, changing nothing.
 */
const SHOP = "hostile-hooks.myshopify.com";
const EMAIL_STATUS_SECRET = "email-status-secret-for-tests";
const OTHER = "hostile-hooks-other.myshopify.com";

let database: TestDatabase;
let eventNumber = 0;
const nextEvent = () => `hostile-${(eventNumber += 1)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  useProductionLikeEnvironment(database.url);
  process.env.INBOUND_EMAIL_STATUS_SECRET = EMAIL_STATUS_SECRET;
});

afterAll(async () => {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
});

/** Both shops installed, with a session and a supplier each (what uninstall and redaction would remove). */
beforeEach(async () => {
  for (const domain of [SHOP, OTHER]) {
    if (await database.db.shop.findUnique({ where: { domain } })) {
      await database.db.shop.update({ where: { domain }, data: { uninstalledAt: null } });
    } else {
      await installShop(database.db, { domain }, ["Acme"]);
    }
    await database.db.session.upsert({
      where: { id: `offline_${domain}` },
      create: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "shpat_x" },
      update: {},
    });
  }
});

const deliveryOf = (eventId: string) => database.db.webhookDelivery.findFirst({ where: { eventId } });
async function intact(domain: string) {
  const shop = await database.db.shop.findUnique({ where: { domain }, include: { suppliers: true } });
  const sessions = await database.db.session.count({ where: { shop: domain } });
  return shop !== null && shop.uninstalledAt === null && shop.suppliers.length === 1 && sessions === 1;
}

describe("every webhook route", () => {
  it("records a correctly signed body that is not JSON as invalid and answers 200, not 500", async () => {
    for (const topic of WEBHOOK_TOPICS) {
      const { path, module } = webhookRoute(topic);
      const eventId = nextEvent();
      const args = signedWebhook(path, topic, undefined, { shop: SHOP, eventId, rawBody: "{not json" });
      expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), topic).toBe(200);
      expect(await deliveryOf(eventId), topic).toMatchObject({
        shopDomain: SHOP,
        topic: recordedTopic(topic),
        result: "invalid",
        summary: expect.stringMatching(/not JSON/),
      });
    }
    expect(await intact(SHOP)).toBe(true);
  });

  it("records a correctly signed `null` as invalid and answers 200 (app/scopes_update was a 500)", async () => {
    for (const topic of WEBHOOK_TOPICS) {
      const { path, module } = webhookRoute(topic);
      const eventId = nextEvent();
      const args = signedWebhook(path, topic, null, { shop: SHOP, eventId });
      expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), topic).toBe(200);
      expect(await deliveryOf(eventId), topic).toMatchObject({ result: "invalid", summary: expect.stringMatching(/^Payload not understood/) });
    }
    expect(await intact(SHOP)).toBe(true);
  });

  it("records a delivery whose (unsigned) X-Shopify-Triggered-At is no time, not a 500", async () => {
    for (const topic of WEBHOOK_TOPICS) {
      const { path, module } = webhookRoute(topic);
      const eventId = nextEvent();
      const args = signedWebhook(path, topic, { id: 1 }, { shop: SHOP, eventId, headers: { "X-Shopify-Triggered-At": "yesterday-ish" } });
      expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), topic).toBe(200);
      expect(await deliveryOf(eventId), topic).toMatchObject({ triggeredAt: null });
    }
  });

  it("answers 401 to a missing, empty or wrong signature (compliance answered 400), recording nothing", async () => {
    const before = await database.db.webhookDelivery.count();
    for (const topic of WEBHOOK_TOPICS) {
      const { path, module } = webhookRoute(topic);
      for (const hmacHeader of [null, "", "  ", "bm90IGEgc2lnbmF0dXJl"]) {
        const args = signedWebhook(path, topic, { shop_domain: SHOP }, { shop: SHOP, hmacHeader });
        expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), `${topic} ${JSON.stringify(hmacHeader)}`).toBe(
          401,
        );
      }
    }
    expect(await database.db.webhookDelivery.count()).toBe(before);
    expect(await intact(SHOP)).toBe(true);
  });
});

describe("what Shopify's library lets through", () => {
  /** The route of another topic than `topic`'s, whose payload `topic`'s route would not expect. */
  const otherThan = (topic: WebhookTopic): WebhookTopic => (topic === "products/update" ? "app/uninstalled" : "products/update");

  it("refuses (400, logged) a delivery whose X-Shopify-Topic is not the route's, recording and changing nothing (issue #14: app/uninstalled acted on a products/update)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const before = await database.db.webhookDelivery.count();
      for (const topic of WEBHOOK_TOPICS) {
        const { path, module } = webhookRoute(topic);
        const other = otherThan(topic);
        for (const header of [other, "orders/create"]) {
          for (const body of [JSON.stringify(shopifyPayload(other, SHOP)), "{not json"]) {
            const args = signedWebhook(path, header, undefined, { shop: SHOP, rawBody: body });
            expect(
              await deliveredStatus(database.db, async () => (await module()).action(args as never)),
              `${header} to ${path}: ${body.slice(0, 20)}`,
            ).toBe(400);
          }
        }
      }
      expect(await database.db.webhookDelivery.count()).toBe(before);
      expect(await intact(SHOP)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(WEBHOOK_TOPICS.length * 4);
    } finally {
      warn.mockRestore();
    }
  });

  it("refuses (400, logged) an X-Shopify-Shop-Domain that is not a shop's domain, recording nothing, never a 500", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const before = await database.db.webhookDelivery.count();
      const malformed = ["evil.example.com", `https://${SHOP}`, `${SHOP}/`, `${SHOP}, ${OTHER}`];
      for (const topic of WEBHOOK_TOPICS) {
        const { path, module } = webhookRoute(topic);
        for (const shop of malformed) {
          for (const body of [JSON.stringify(shopifyPayload(topic, shop)), "{not json"]) {
            const args = signedWebhook(path, topic, undefined, { shop, rawBody: body });
            expect(
              await deliveredStatus(database.db, async () => (await module()).action(args as never)),
              `${topic} ${shop}: ${body.slice(0, 20)}`,
            ).toBe(400);
          }
        }
      }
      expect(await database.db.webhookDelivery.count()).toBe(before);
      expect(await intact(SHOP)).toBe(true);
      expect(warn).toHaveBeenCalledTimes(WEBHOOK_TOPICS.length * malformed.length * 2);
    } finally {
      warn.mockRestore();
    }
  });

  it("records a signed body nested deeper than MAX_PAYLOAD_DEPTH as invalid, without its payload, never a 500", async () => {
    const { MAX_PAYLOAD_DEPTH } = await import("~/webhooks/receive.server");
    for (const topic of WEBHOOK_TOPICS) {
      const { path, module } = webhookRoute(topic);
      const valid = JSON.stringify(shopifyPayload(topic, SHOP));
      const deepField = `${valid.slice(0, -1)},"extra":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`;
      for (const body of [`${"[".repeat(100_000)}${"]".repeat(100_000)}`, deepField]) {
        const eventId = nextEvent();
        const args = signedWebhook(path, topic, undefined, { shop: SHOP, eventId, rawBody: body });
        expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), `${topic} ${body.slice(0, 20)}`).toBe(200);
        expect(await deliveryOf(eventId), topic).toMatchObject({
          result: "invalid",
          payload: "null",
          summary: expect.stringContaining(`nested deeper than ${MAX_PAYLOAD_DEPTH} levels`),
        });
      }
    }
    expect(await intact(SHOP)).toBe(true);
  });
});

describe("topics whose payload names a shop", () => {
  it("refuses (400), logs and records a payload naming another shop than the header, changing neither shop", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      for (const topic of TOPICS_NAMING_A_SHOP) {
        const { path, module } = webhookRoute(topic);
        const eventId = nextEvent();
        // Signed, but about OTHER; the header claims SHOP.
        const args = signedWebhook(path, topic, shopifyPayload(topic, OTHER), { shop: SHOP, eventId });
        expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), topic).toBe(400);
        expect(await deliveryOf(eventId), topic).toMatchObject({
          shopDomain: SHOP,
          result: "invalid",
          summary: expect.stringContaining(`the signed payload is about ${OTHER}`),
        });
        expect(await intact(SHOP), `${topic} left ${SHOP} alone`).toBe(true);
        expect(await intact(OTHER), `${topic} left ${OTHER} alone`).toBe(true);
      }
      expect(warn).toHaveBeenCalledTimes(TOPICS_NAMING_A_SHOP.length);
    } finally {
      warn.mockRestore();
    }
  });

  it("shop/redact erases the shop its payload names when the header agrees, and no other", async () => {
    const { path, module } = webhookRoute("shop/redact");
    const args = signedWebhook(path, "shop/redact", shopifyPayload("shop/redact", OTHER), { shop: OTHER, eventId: nextEvent() });
    expect(await deliveredStatus(database.db, async () => (await module()).action(args as never))).toBe(200);
    expect(await database.db.shop.count({ where: { domain: OTHER } })).toBe(0);
    expect(await intact(SHOP)).toBe(true);
  });

  it("records a payload that names no shop as invalid and changes nothing", async () => {
    for (const topic of TOPICS_NAMING_A_SHOP) {
      const { path, module } = webhookRoute(topic);
      const eventId = nextEvent();
      const args = signedWebhook(path, topic, { id: 1 }, { shop: SHOP, eventId });
      expect(await deliveredStatus(database.db, async () => (await module()).action(args as never)), topic).toBe(200);
      expect(await deliveryOf(eventId), topic).toMatchObject({ result: "invalid" });
      expect(await intact(SHOP), topic).toBe(true);
    }
  });
});

describe("the email status route (signed by Inbound's own secret)", () => {
  it("answers 401 without a signature and 400 to a signed body that is not a notice, never 500", async () => {
    const { action } = await import("~/routes/webhooks.email-status");
    const { signStatusNotice, SIGNATURE_HEADER } = await import("~/services/email/status-notice.server");
    const post = (body: string | Uint8Array, signature: string | null) =>
      action({
        request: new Request("https://inbound.example.com/webhooks/email-status", {
          method: "POST",
          body: typeof body === "string" ? body : new Uint8Array(body),
          headers: { "Content-Type": "application/json", ...(signature === null ? {} : { [SIGNATURE_HEADER]: signature }) },
        }),
        params: {},
        context: {},
      });
    for (const signature of [null, ""]) expect((await post('{"messageId":"x","status":"delivered"}', signature)).status).toBe(401);
    for (const body of ["{not json", "null", '{"messageId":"x\u0000","status":"nope"}']) {
      expect((await post(body, signStatusNotice(body, EMAIL_STATUS_SECRET))).status, body).toBe(400);
    }
    // Signed as sent: bytes that are not UTF-8 are a signed body that is not JSON (was a 401,
    // the signature checked against the bytes' replacement characters).
    const latin1 = Buffer.from('{"messageId":"caf\xe9","status":"delivered"}', "latin1");
    expect((await post(latin1, signStatusNotice(latin1, EMAIL_STATUS_SECRET))).status).toBe(400);
  });
});

describe("app/scopes_update", () => {
  it("records scopes with a control character as invalid, keeping the stored scope (issue #14)", async () => {
    const { path, module } = webhookRoute("app/scopes_update");
    const scope = (await database.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).scope;
    const eventId = nextEvent();
    const args = signedWebhook(path, "app/scopes_update", { id: 1, current: ["read_products", "\u001b[31mred"] }, { shop: SHOP, eventId });
    expect(await deliveredStatus(database.db, async () => (await module()).action(args as never))).toBe(200);
    expect(await deliveryOf(eventId)).toMatchObject({ result: "invalid", summary: expect.stringContaining("control characters") });
    expect((await database.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).scope).toBe(scope);
  });

  it("keeps the stored session's scope in step with a well-formed payload", async () => {
    const { path, module } = webhookRoute("app/scopes_update");
    const args = signedWebhook(
      path,
      "app/scopes_update",
      { id: 1, previous: ["read_products"], current: ["read_products", "write_inventory"] },
      { shop: SHOP },
    );
    expect(await deliveredStatus(database.db, async () => (await module()).action(args as never))).toBe(200);
    expect((await database.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).scope).toBe("read_products,write_inventory");
  });
});
