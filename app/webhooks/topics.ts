/**
 * Every webhook topic Inbound subscribes to (shopify.app.toml declares them; a test checks the
 * two agree), and the name Shopify's library records a delivery under (e.g. PRODUCTS_UPDATE).
 */
export const APP_TOPICS = ["app/uninstalled", "app/scopes_update"] as const;
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
/** Catalogue, inventory and location topics: one route each, app/routes/webhooks.<topic>.tsx. */
export const CATALOGUE_TOPICS = [
  "products/update",
  "products/delete",
  "inventory_items/update",
  "inventory_items/delete",
  "inventory_levels/update",
  "locations/create",
  "locations/update",
  "locations/delete",
] as const;
export const WEBHOOK_TOPICS = [...APP_TOPICS, ...COMPLIANCE_TOPICS, ...CATALOGUE_TOPICS] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** products/update → PRODUCTS_UPDATE, as deliveries are recorded. */
export function recordedTopic(topic: WebhookTopic): string {
  return topic.toUpperCase().replace("/", "_");
}
