/**
 * Environment for tests that import app modules (routes, shopify.server): a normal (non-demo)
 * deployment pointed at a test database. app/env.server.ts parses the environment when first
 * imported, so call this before any dynamic import of app code.
 */
export const TEST_API_SECRET = "test-api-secret";

export function useProductionLikeEnvironment(databaseUrl: string): void {
  process.env.NODE_ENV = "test";
  process.env.SHOPIFY_API_KEY = "test-api-key";
  process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  process.env.SHOPIFY_APP_URL = "https://inbound.example.com";
  process.env.SCOPES = "read_products,write_products,read_inventory,write_inventory,read_locations";
  process.env.DATABASE_URL = databaseUrl;
  delete process.env.INBOUND_DEMO;
  delete process.env.SHOPIFY_ADMIN_API_ORIGIN;
  delete process.env.DEMO_SHOP_DOMAIN;
}

/**
 * Demo mode against the stand-in: the app authenticates as `shop` and calls the stand-in's Admin
 * API. `extra` adds variables the test needs (keys, secrets, a files directory).
 */
export function useDemoEnvironment(shop: string, adminApiOrigin: string, databaseUrl: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    NODE_ENV: "test",
    INBOUND_DEMO: "1",
    DEMO_SHOP_DOMAIN: shop,
    SHOPIFY_ADMIN_API_ORIGIN: adminApiOrigin,
    DATABASE_URL: databaseUrl,
    ...extra,
  });
}
