/** The one Admin API version Inbound speaks; tests/shopify holds that version's schema. */
export const ADMIN_API_VERSION_STRING = "2026-10";
