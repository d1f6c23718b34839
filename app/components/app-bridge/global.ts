import type { ShopifyGlobal } from "@shopify/app-bridge-react";

/**
 * App Bridge's `shopify` global, read when it is used (an event handler, an effect), never while
 * rendering on the server. The script that defines it (Shopify's, or the demo's stand-in) is the
 * first in <head>, so it exists before the app's code runs in the browser.
 */
export function appBridge(): ShopifyGlobal {
  const shopify = (globalThis as { shopify?: ShopifyGlobal }).shopify;
  if (!shopify) throw new Error("App Bridge is not loaded: root.tsx puts its script first in <head> on every /app screen");
  return shopify;
}
