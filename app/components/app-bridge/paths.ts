/**
 * Where App Bridge comes from (docs/decisions/012). Inside Shopify admin: Shopify's CDN, as
 * Shopify requires (the first script in <head>, with the app's API key in a meta tag). In demo
 * mode, which cannot reach the CDN: Inbound's stand-in (app/components/app-bridge/standin.js),
 * whose routes answer 404 outside demo mode.
 */
export const APP_BRIDGE_CDN_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const APP_BRIDGE_STANDIN_URL = "/app-bridge-standin.js";
/** The stand-in's resource picker reads the demo store through this route. */
export const STANDIN_PICKER_URL = "/app/standin/resource-picker";
