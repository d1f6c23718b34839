import { createHmac } from "node:crypto";

import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { COMPLIANCE_TOPICS, recordedTopic, WEBHOOK_TOPICS, type WebhookTopic } from "~/webhooks/topics";

import { TEST_API_SECRET } from "../../support/app-env";
import { shopifyPayload, TOPICS_NAMING_A_SHOP, webhookDelivery, webhookRoute } from "../../support/webhooks";

import { bodyMutations, sample } from "./corpus";
import { EMAIL_STATUS_SECRET, messageIdOf, NEIGHBOUR, OBJECTS, SHOP, STRANGER, type WebhookWorld } from "./webhooks-world";

/**
 * The webhook attack's cases and its oracle. Every webhook route is a target (the compliance
 * route once per topic it serves; the email status route, signed with Inbound's own secret, too).
 * A case is one delivery over HTTP (after others that set the scene, for a replay); the oracle
 * judges it from what was sent, against what Shopify (or the email status contract) promises:
 * the HMAC of the raw body, the headers every delivery carries, a well-formed shop domain, the
 * route's own topic, and the fields the topic's payload has (written here from Shopify's payloads,
 * not taken from the app's schemas).
 */

export interface Delivery {
  path: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

export interface WebhookTarget {
  /** The tally's target: the route's path (and the topic, for the compliance route). */
  name: string;
  path: string;
  /** null for the email status route. */
  topic: WebhookTopic | null;
}

export const WEBHOOK_TARGETS: readonly WebhookTarget[] = [
  ...WEBHOOK_TOPICS.map((topic) => {
    const { path } = webhookRoute(topic);
    return { name: (COMPLIANCE_TOPICS as readonly string[]).includes(topic) ? `${path} (${topic})` : path, path, topic };
  }),
  { name: "/webhooks/email-status", path: "/webhooks/email-status", topic: null },
];

export interface WebhookCase {
  label: string;
  family: string;
  delivery: Delivery;
  /** Sent first (a replay's original): the case is judged on what `delivery` changes after them. */
  before?: Delivery[];
  /** The world set up first (a shop uninstalled). */
  prepare?: (world: WebhookWorld) => Promise<void>;
  /** The shop `prepare` uninstalled. */
  uninstalled?: string;
  /** The same event (or notice) as one of `before`: handled once, so it must change nothing. */
  duplicate?: boolean;
}

export interface Verdict {
  /** What the delivery breaks; null when it keeps the contract. */
  breaks: string | null;
  /** The status the app promises for it (401 unsigned; 400 a header or shop it must refuse). */
  status?: number;
  /** Nothing at all may be recorded (the delivery was never Shopify's, or names no shop or topic). */
  strict: boolean;
  /** Valid, yet it must change nothing: a duplicate, or a shop that is not installed. */
  noOp: boolean;
  /** The app must log the refusal (a payload naming another shop, a malformed header). */
  logged: boolean;
}

// ---------------------------------------------------------------------------------------------
// The contract: Shopify's payloads, the fields Inbound reads

/** Text stored as is: no control characters but tab and line breaks, no lone surrogates (decision 009). */
const text = { type: "string", pattern: "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uD800-\\uDFFF]*$" };
/** A REST id: a positive JSON integer (Shopify's), or its digits. */
const restId = {
  anyOf: [
    { type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    { type: "string", pattern: "^[1-9][0-9]{0,19}$" },
  ],
};
/** `updated_at` as Shopify writes it: ISO 8601 with seconds and an offset. */
const timestamp = {
  type: "string",
  format: "date-time",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$",
};
const nullable = (schema: object) => ({ anyOf: [schema, { type: "null" }] });
const object = (required: string[], properties: Record<string, object>) => ({ type: "object", required, properties });
const shopDomainField = { type: "string", minLength: 1, maxLength: 255 };
const customerRequest = object(["shop_domain", "customer"], {
  shop_domain: shopDomainField,
  customer: object([], { id: nullable({ type: ["number", "string"] }), email: nullable({ type: "string" }), phone: nullable({ type: "string" }) }),
  data_request: nullable(object(["id"], { id: { type: ["number", "string"] } })),
});
/** locations/create and locations/update carry the same fields. */
const LOCATION_CONTRACT = object(["id", "name", "active", "updated_at"], {
  id: restId,
  name: text,
  active: { type: "boolean" },
  legacy: { type: "boolean" },
  updated_at: timestamp,
});

const PAYLOAD_CONTRACTS: Record<WebhookTopic, object> = {
  "app/uninstalled": object(["myshopify_domain"], { myshopify_domain: shopDomainField }),
  "app/scopes_update": object(["current"], { current: { type: "array", items: text } }),
  "customers/data_request": customerRequest,
  "customers/redact": customerRequest,
  "shop/redact": object(["shop_domain"], { shop_domain: shopDomainField }),
  "products/update": object(["id", "title", "updated_at"], {
    id: restId,
    title: text,
    updated_at: timestamp,
    variants: { type: "array", items: object(["id", "title"], { id: restId, title: text, sku: nullable(text) }) },
  }),
  "products/delete": object(["id"], { id: restId }),
  "inventory_items/update": object(["id", "updated_at"], { id: restId, sku: nullable(text), updated_at: timestamp }),
  "inventory_items/delete": object(["id"], { id: restId }),
  "inventory_levels/update": object(["inventory_item_id", "location_id"], { inventory_item_id: restId, location_id: restId }),
  "locations/create": LOCATION_CONTRACT,
  "locations/update": LOCATION_CONTRACT,
  "locations/delete": object(["id"], { id: restId }),
};

/** The email status notice (README: delivery and bounce notices). */
const EMAIL_STATUS_CONTRACT = object(["messageId", "status"], {
  messageId: { type: "string", pattern: "\\S", maxLength: 998 },
  status: { enum: ["delivered", "bounced"] },
  reason: { ...text, maxLength: 2000 },
});

const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();
function contractOf(topic: WebhookTopic | null): ValidateFunction {
  const key = topic ?? "email-status";
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(topic ? PAYLOAD_CONTRACTS[topic] : EMAIL_STATUS_CONTRACT);
    validators.set(key, validate);
  }
  return validate;
}

/** The field a topic's payload names its shop in. */
const SHOP_FIELD: Partial<Record<WebhookTopic, string>> = {
  "app/uninstalled": "myshopify_domain",
  "customers/data_request": "shop_domain",
  "customers/redact": "shop_domain",
  "shop/redact": "shop_domain",
};
/** Topics that still act for a shop that uninstalled: its customers' and its own erasure, a data request. */
const ACTS_AFTER_UNINSTALL: readonly WebhookTopic[] = COMPLIANCE_TOPICS;
/** A shop's domain as Shopify sends it in X-Shopify-Shop-Domain. */
const SHOP_DOMAIN = /^[a-zA-Z0-9][a-zA-Z0-9-_]{0,62}\.myshopify\.com$/;
/** The headers every delivery carries (Shopify's library refuses one without them). */
const REQUIRED_HEADERS = ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-API-Version", "X-Shopify-Webhook-Id"];

const header = (delivery: Delivery, name: string) => Object.entries(delivery.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
const bytesOf = (body: string | Buffer) => (typeof body === "string" ? Buffer.from(body) : body);
const topicKey = (topic: string) => topic.toUpperCase().replace(/\/|\./g, "_");

/** The body as JSON, or what keeps it from being JSON text (RFC 8259: UTF-8). */
function readBody(body: string | Buffer): { value: unknown } | { problem: string } {
  let decoded: string;
  try {
    decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(body));
  } catch {
    return { problem: "the body is not UTF-8" };
  }
  try {
    return { value: JSON.parse(decoded) };
  } catch {
    return { problem: "the body is not JSON" };
  }
}

function payloadProblem(topic: WebhookTopic | null, body: string | Buffer): string | null {
  const read = readBody(body);
  if ("problem" in read) return read.problem;
  const validate = contractOf(topic);
  return validate(read.value) ? null : `the payload breaks the contract: ${ajv.errorsText(validate.errors).slice(0, 200)}`;
}

/** The oracle: what the delivery breaks, and what the app must then do. */
export function judge(target: WebhookTarget, attack: WebhookCase, installed: ReadonlySet<string>): Verdict {
  const { delivery } = attack;
  const bytes = bytesOf(delivery.body);
  if (!target.topic) {
    const signature = header(delivery, "X-Inbound-Signature")?.trim().toLowerCase();
    if (signature !== createHmac("sha256", EMAIL_STATUS_SECRET).update(bytes).digest("hex")) {
      return { breaks: "not signed", status: 401, strict: true, noOp: true, logged: false };
    }
    const problem = payloadProblem(null, delivery.body);
    if (problem) return { breaks: problem, status: 400, strict: true, noOp: true, logged: false };
    const { messageId } = JSON.parse(bytes.toString()) as { messageId: string };
    const known = [SHOP, NEIGHBOUR].some((domain) => messageIdOf(domain) === messageId.trim());
    return { breaks: null, status: known ? 200 : 404, strict: true, noOp: !known || Boolean(attack.duplicate), logged: false };
  }
  if (header(delivery, "X-Shopify-Hmac-Sha256") !== createHmac("sha256", TEST_API_SECRET).update(bytes).digest("base64")) {
    return { breaks: "not signed", status: 401, strict: true, noOp: true, logged: false };
  }
  const missing = REQUIRED_HEADERS.filter((name) => !header(delivery, name));
  if (missing.length > 0) return { breaks: `no ${missing.join(", ")}`, status: 400, strict: true, noOp: true, logged: false };
  const shop = header(delivery, "X-Shopify-Shop-Domain")!;
  if (!SHOP_DOMAIN.test(shop)) return { breaks: "a malformed X-Shopify-Shop-Domain", status: 400, strict: true, noOp: true, logged: true };
  if (topicKey(header(delivery, "X-Shopify-Topic")!) !== recordedTopic(target.topic)) {
    return { breaks: "X-Shopify-Topic is not the route's topic", status: 400, strict: true, noOp: true, logged: true };
  }
  const problem = payloadProblem(target.topic, delivery.body);
  if (problem) return { breaks: problem, strict: false, noOp: true, logged: false };
  const field = SHOP_FIELD[target.topic];
  if (field) {
    const named = (JSON.parse(bytes.toString()) as Record<string, string>)[field]!;
    if (named.toLowerCase() !== shop.toLowerCase()) {
      return { breaks: "the payload names another shop than the header", status: 400, strict: false, noOp: true, logged: true };
    }
  }
  const uninstalledButKnown = attack.uninstalled === shop && ACTS_AFTER_UNINSTALL.includes(target.topic);
  const noOp = Boolean(attack.duplicate) || (!installed.has(shop) && !uninstalledButKnown);
  return { breaks: null, strict: false, noOp, logged: false };
}

// ---------------------------------------------------------------------------------------------
// The cases

type Random = () => number;
const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)]!;

/** A delivery of `topicHeader` to the target's route, signed unless `options` say otherwise. */
function shopifyDelivery(
  target: WebhookTarget,
  topicHeader: string,
  payload: unknown,
  options: Partial<Parameters<typeof webhookDelivery>[2]> = {},
): Delivery {
  const { body, headers } = webhookDelivery(topicHeader, payload, { shop: SHOP, ...options });
  return { path: target.path, body, headers };
}

function emailDelivery(
  body: string | Buffer,
  signature: string | null = createHmac("sha256", EMAIL_STATUS_SECRET).update(bytesOf(body)).digest("hex"),
): Delivery {
  return {
    path: "/webhooks/email-status",
    body,
    headers: { "Content-Type": "application/json", ...(signature === null ? {} : { "X-Inbound-Signature": signature }) },
  };
}

/** A valid payload with `bytes` that are not UTF-8 in a string of its own. */
function notUtf8(valid: object, bytes: number[]): Buffer {
  return Buffer.concat([Buffer.from('{"note":"caf'), Buffer.from(bytes), Buffer.from('",'), Buffer.from(JSON.stringify(valid).slice(1))]);
}

const NOT_JSON = ["{not json", "", "<xml/>", '{"id": 1,}', "undefined", "NaN", "{'id': 1}", "\u0000"];
const WRONG_TYPES = (valid: object) => ["[]", JSON.stringify([valid]), '"text"', "42", "true", "{}", "-0", "1e999"];
const DEEP = 100_000;
const deeplyNested = (valid: object) => [
  `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`,
  `${JSON.stringify(valid).slice(0, -1)},"extra":${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}}`,
];
const huge = (valid: object) => [
  JSON.stringify({ ...valid, padding: "x".repeat(4_000_000) }),
  JSON.stringify({ ...valid, extra: Array.from({ length: 300_000 }, (_, index) => index) }),
];

interface Family {
  family: string;
  cases: (random: Random) => Omit<WebhookCase, "family">;
}

/** What any route is sent in its body alone; `deliver` signs a body as the route expects it signed. */
function bodyFamilies(valid: object, deliver: (body: string | Buffer) => Delivery): Family[] {
  return [
    {
      family: "replay",
      cases: () => {
        const delivery = deliver(JSON.stringify(valid));
        return { label: "the same delivery twice", before: [delivery], delivery, duplicate: true };
      },
    },
    {
      family: "bad JSON",
      cases: (random) => {
        const body = pick(NOT_JSON, random);
        return { label: `signed ${JSON.stringify(body)}`, delivery: deliver(body) };
      },
    },
    {
      family: "wrong type",
      cases: (random) => {
        const body = pick(["null", ...WRONG_TYPES(valid)], random);
        return { label: `signed ${body.slice(0, 40)}`, delivery: deliver(body) };
      },
    },
    {
      family: "huge",
      cases: (random) => {
        const body = pick(huge(valid), random);
        return { label: `signed valid body of ${(body.length / 1e6).toFixed(1)} MB`, delivery: deliver(body) };
      },
    },
    {
      family: "deeply nested",
      cases: (random) => {
        const [label, body] = pick(
          [
            ["a body nested 100 000 deep", deeplyNested(valid)[0]!],
            ["a valid body with a field nested 20 000 deep", deeplyNested(valid)[1]!],
          ] as const,
          random,
        );
        return { label, delivery: deliver(body) };
      },
    },
    {
      family: "not UTF-8",
      cases: (random) => {
        const [label, bytes] = pick(
          [
            ["a byte 0xFF", [0xff]],
            ["Latin-1 é", [0xe9]],
            ["a truncated sequence", [0xc3]],
            ["an overlong NUL", [0xc0, 0x80]],
            ["a UTF-16 surrogate in UTF-8", [0xed, 0xa0, 0x80]],
          ] as const,
          random,
        );
        return { label: `signed body with ${label}`, delivery: deliver(notUtf8(valid, [...bytes])) };
      },
    },
  ];
}

function shopifyFamilies(target: WebhookTarget & { topic: WebhookTopic }): Family[] {
  const topic = target.topic;
  const valid = shopifyPayload(topic, SHOP, OBJECTS[SHOP]);
  const signed = (payload: unknown, options: Partial<Parameters<typeof webhookDelivery>[2]> = {}) => shopifyDelivery(target, topic, payload, options);
  const raw = (body: string | Buffer, options: Partial<Parameters<typeof webhookDelivery>[2]> = {}) =>
    signed(undefined, { rawBody: body, ...options });
  const signature = (body: string) => createHmac("sha256", TEST_API_SECRET).update(body).digest();
  const otherTopics = WEBHOOK_TOPICS.filter((other) => webhookRoute(other).path !== target.path);
  return [
    {
      family: "signature",
      cases: (random) => {
        const body = JSON.stringify(valid);
        const variants: Array<[string, Delivery]> = [
          ["no X-Shopify-Hmac-Sha256", raw(body, { hmacHeader: null })],
          ["an empty X-Shopify-Hmac-Sha256", raw(body, { hmacHeader: "" })],
          ["a blank X-Shopify-Hmac-Sha256", raw(body, { hmacHeader: "   " })],
          ["signed with another secret", raw(body, { secret: "not-the-app-secret" })],
          ["a truncated signature", raw(body, { hmacHeader: signature(body).toString("base64").slice(0, -6) })],
          ["the signature in hex", raw(body, { hmacHeader: signature(body).toString("hex") })],
          ["the signature of another body", raw(`${body} `, { hmacHeader: signature(body).toString("base64") })],
        ];
        const [label, delivery] = pick(variants, random);
        return { label, delivery };
      },
    },
    ...bodyFamilies(valid, raw),
    {
      family: "wrong shop",
      cases: () => ({
        label: `payload about ${NEIGHBOUR} (its objects), header ${SHOP}`,
        delivery: signed(shopifyPayload(topic, NEIGHBOUR, OBJECTS[NEIGHBOUR])),
      }),
    },
    {
      family: "shop header",
      cases: (random) => {
        const shop = pick(
          [
            "not-a-shop",
            "evil.example.com",
            `${SHOP}/`,
            `${SHOP}.evil.com`,
            `https://${SHOP}`,
            `../${SHOP}`,
            "a b.myshopify.com",
            `${SHOP}, ${NEIGHBOUR}`,
            ".myshopify.com",
            `${SHOP}?x=1`,
          ],
          random,
        );
        const payload = TOPICS_NAMING_A_SHOP.includes(topic as never) ? shopifyPayload(topic, shop, OBJECTS[SHOP]) : valid;
        return { label: `X-Shopify-Shop-Domain ${JSON.stringify(shop)}`, delivery: signed(payload, { shop }) };
      },
    },
    {
      family: "topic header",
      cases: (random) => {
        const other = pick([...otherTopics, "orders/create", topic.toUpperCase()], random);
        const payload = (WEBHOOK_TOPICS as readonly string[]).includes(other) ? shopifyPayload(other as WebhookTopic, SHOP, OBJECTS[SHOP]) : valid;
        return { label: `X-Shopify-Topic ${other} (with its payload)`, delivery: shopifyDelivery(target, other, payload) };
      },
    },
    {
      family: "missing header",
      cases: (random) => {
        const name = pick([...REQUIRED_HEADERS, "X-Shopify-Event-Id", "X-Shopify-Triggered-At", "Content-Type"], random);
        return { label: `no ${name}`, delivery: signed(valid, { headers: { [name]: null } }) };
      },
    },
    {
      family: "hostile header",
      cases: (random) => {
        const [name, value] = pick(
          [
            ["X-Shopify-Triggered-At", "yesterday"],
            ["X-Shopify-Triggered-At", "+275760-09-13T00:00:00.000Z"],
            ["X-Shopify-Triggered-At", "-271821-04-20T00:00:00.000Z"],
            ["X-Shopify-Triggered-At", "0"],
            ["X-Shopify-Triggered-At", "2026-02-30T10:00:00Z"],
            ["X-Shopify-Event-Id", "e".repeat(4000)],
            ["X-Shopify-Event-Id", "'; DROP TABLE WebhookDelivery; --"],
            ["X-Shopify-Webhook-Id", "w".repeat(4000)],
            ["X-Shopify-API-Version", "1999-01"],
            ["Content-Type", "text/plain"],
          ] as const,
          random,
        );
        return { label: `${name}: ${value.slice(0, 40)}`, delivery: signed(valid, { headers: { [name]: value } }) };
      },
    },
    {
      family: "shop not installed",
      cases: () => ({
        label: `about ${STRANGER}, which never installed Inbound`,
        delivery: signed(shopifyPayload(topic, STRANGER, OBJECTS[STRANGER]), { shop: STRANGER }),
      }),
    },
    {
      family: "shop uninstalled",
      cases: () => ({
        label: `about ${SHOP} after it uninstalled Inbound`,
        prepare: (world) => world.uninstall(SHOP),
        uninstalled: SHOP,
        delivery: signed(valid),
      }),
    },
  ];
}

function emailFamilies(): Family[] {
  const valid = { messageId: messageIdOf(SHOP), status: "bounced", reason: "550 mailbox unavailable" };
  const body = JSON.stringify(valid);
  const hex = createHmac("sha256", EMAIL_STATUS_SECRET).update(body).digest("hex");
  return [
    {
      family: "signature",
      cases: (random) => {
        const [label, signature] = pick(
          [
            ["no X-Inbound-Signature", null],
            ["an empty X-Inbound-Signature", ""],
            ["signed with another secret", createHmac("sha256", "another-secret-entirely").update(body).digest("hex")],
            ["a truncated signature", hex.slice(0, -2)],
            ["the signature in base64", createHmac("sha256", EMAIL_STATUS_SECRET).update(body).digest("base64")],
            ["the signature in upper case", hex.toUpperCase()],
          ] as const,
          random,
        );
        return { label, delivery: emailDelivery(body, signature) };
      },
    },
    ...bodyFamilies(valid, (text) => emailDelivery(text)),
    {
      family: "unknown message",
      cases: () => ({
        label: "a notice about a message Inbound never sent",
        delivery: emailDelivery(JSON.stringify({ ...valid, messageId: "<nobody@example.com>" })),
      }),
    },
  ];
}

/**
 * `count` cases for the target: half from the families above (each with a variant of its own),
 * half body mutations of a valid payload (tests/attack/support/corpus.ts), signed as Shopify
 * (or Inbound's status notices) would sign them.
 */
export function casesFor(target: WebhookTarget, count: number, random: Random): WebhookCase[] {
  const families = target.topic ? shopifyFamilies(target as WebhookTarget & { topic: WebhookTopic }) : emailFamilies();
  const fromFamilies = sample(families, Math.ceil(count / 2), random).map((family) => ({ family: family.family, ...family.cases(random) }));
  const valid = target.topic
    ? shopifyPayload(target.topic, SHOP, OBJECTS[SHOP])
    : { messageId: messageIdOf(SHOP), status: "bounced", reason: "550 mailbox unavailable" };
  const mutations = sample(bodyMutations(valid), count - fromFamilies.length, random).map((mutation) => ({
    label: `signed payload, ${mutation.label}`,
    family: mutation.family,
    delivery: target.topic ? shopifyDelivery(target, target.topic, undefined, { rawBody: mutation.json }) : emailDelivery(mutation.json),
  }));
  return [...fromFamilies, ...mutations];
}
