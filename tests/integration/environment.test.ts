import { describe, expect, it } from "vitest";

import { InvalidEnvironmentError, parseEnvironment } from "~/env-schema.server";

const realStore = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://inbound.example.com",
  SCOPES: "read_products,write_inventory",
};
const demo = {
  INBOUND_DEMO: "1",
  SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:3457",
  DEMO_SHOP_DOMAIN: "inbound-demo.myshopify.com",
};

function problems(source: Record<string, string | undefined>, build = { forDemo: false }): string[] {
  try {
    parseEnvironment(source, build);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment", () => {
  it("refuses demo mode in production, whatever else is set", () => {
    expect(problems({ NODE_ENV: "production", ...realStore, ...demo })).toEqual(["INBOUND_DEMO: demo mode is refused when NODE_ENV=production"]);
  });

  it("runs the demo in production only on a server built for the demo (a fact of its bundle, not of the environment)", () => {
    const env = parseEnvironment({ NODE_ENV: "production", ...demo }, { forDemo: true });
    expect(env.demo).toEqual({ shopDomain: demo.DEMO_SHOP_DOMAIN, adminApiOrigin: demo.SHOPIFY_ADMIN_API_ORIGIN });
    expect(() => parseEnvironment({ NODE_ENV: "production", ...demo }, { forDemo: false })).toThrow(/demo mode is refused when NODE_ENV=production/);
  });

  it("refuses to run a server built for the demo as a real store", () => {
    expect(problems({ NODE_ENV: "production", ...realStore }, { forDemo: true })).toEqual([
      "INBOUND_DEMO: this server was built for the demo (build-demo/) and runs nothing else; deploy a build of `npm run build`",
    ]);
  });

  it("runs a real store with Shopify's credentials and no demo", () => {
    const env = parseEnvironment({ NODE_ENV: "production", ...realStore });
    expect(env.demo).toBeUndefined();
    expect(env.shopify.scopes).toEqual(["read_products", "write_inventory"]);
  });

  it("names every missing credential outside demo mode", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual([
      "SHOPIFY_API_KEY: required (set by `shopify app dev` or your host)",
      "SHOPIFY_API_SECRET: required (set by `shopify app dev` or your host)",
      "SHOPIFY_APP_URL: required (set by `shopify app dev` or your host)",
      "SCOPES: required (set by `shopify app dev` or your host)",
    ]);
  });

  it("never lets a real deployment redirect Admin API calls to a stand-in", () => {
    expect(problems({ NODE_ENV: "production", ...realStore, SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:1" })).toEqual([
      "SHOPIFY_ADMIN_API_ORIGIN: only allowed in demo mode",
    ]);
  });

  it("runs the demo in development without Shopify credentials", () => {
    const env = parseEnvironment({ NODE_ENV: "development", ...demo });
    expect(env.demo).toEqual({ shopDomain: demo.DEMO_SHOP_DOMAIN, adminApiOrigin: demo.SHOPIFY_ADMIN_API_ORIGIN });
  });

  it("refuses a malformed flag instead of guessing", () => {
    expect(problems({ ...realStore, INBOUND_DEMO: "yes" })[0]).toMatch(/^INBOUND_DEMO/);
  });
});
