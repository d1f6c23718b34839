import { describe, expect, it } from "vitest";

import { InvalidEnvironmentError } from "~/env-schema.server";

import { DEFAULT_LEASE_MS } from "./effects-worker.server";
import { parseWorkerConfig } from "./worker-config.server";

const credentials = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" };
const demo = { INBOUND_DEMO: "1", DEMO_SHOP_DOMAIN: "inbound-demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:3457" };

describe("the effects worker's configuration", () => {
  it("runs the worker inside the app in production unless INBOUND_WORKER=off, and elsewhere only when asked", () => {
    expect(parseWorkerConfig({ NODE_ENV: "production", ...credentials }).embedded).toBe(true);
    expect(parseWorkerConfig({ NODE_ENV: "production", INBOUND_WORKER: "off", ...credentials }).embedded).toBe(false);
    expect(parseWorkerConfig({ NODE_ENV: "test" }).embedded).toBe(false);
    expect(parseWorkerConfig({ NODE_ENV: "development", INBOUND_WORKER: "on" }).embedded).toBe(true);
  });

  it("has defaults for its timings and refuses bad values", () => {
    expect(parseWorkerConfig({})).toEqual({
      embedded: false,
      intervalMs: 1000,
      leaseMs: DEFAULT_LEASE_MS,
      reconcileEveryMs: 24 * 3_600_000,
      databaseUrl: "file:prisma/inbound.db",
      access: { clientId: "demo-api-key", clientSecret: "demo-api-secret" },
    });
    expect(parseWorkerConfig({ RECONCILE_EVERY_HOURS: "0" }).reconcileEveryMs).toBeUndefined();
    expect(parseWorkerConfig({ RECONCILE_EVERY_HOURS: "6" }).reconcileEveryMs).toBe(6 * 3_600_000);
    expect(() => parseWorkerConfig({ RECONCILE_EVERY_HOURS: "-1" })).toThrow(/RECONCILE_EVERY_HOURS/);
    expect(() => parseWorkerConfig({ WORKER_LEASE_MS: "soon" })).toThrow(InvalidEnvironmentError);
    expect(() => parseWorkerConfig({ INBOUND_WORKER: "yes" })).toThrow(/INBOUND_WORKER/);
  });

  it("sends to the Admin API stand-in only in demo mode, never in production", () => {
    expect(parseWorkerConfig({ NODE_ENV: "test", ...demo }).access.adminApiOrigin).toBe("http://127.0.0.1:3457");
    expect(() => parseWorkerConfig({ NODE_ENV: "production", ...demo, ...credentials })).toThrow(/refused when NODE_ENV=production/);
    expect(() => parseWorkerConfig({ SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:3457" })).toThrow(/only allowed in demo mode/);
  });

  it("needs the app's client credentials in production, to renew expiring offline tokens", () => {
    expect(() => parseWorkerConfig({ NODE_ENV: "production" })).toThrow(/SHOPIFY_API_SECRET/);
    expect(parseWorkerConfig({ NODE_ENV: "production", ...credentials }).access).toEqual({ clientId: "key", clientSecret: "secret" });
  });
});
