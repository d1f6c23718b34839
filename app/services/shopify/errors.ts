/** Typed failures of the Admin API, so callers branch on `kind`, never on message text. */
export type ShopifyApiFailureKind =
  | "graphql" // the document or variables were rejected (a bug on our side)
  | "throttled" // the cost bucket stayed empty after the allowed retries
  | "unavailable" // 5xx or network failure after the allowed retries
  | "unauthorized" // the access token is no longer valid (app uninstalled, scopes revoked)
  | "rejected"; // Shopify answered with userErrors: retrying the same request would not help

export class ShopifyApiError extends Error {
  constructor(
    readonly kind: ShopifyApiFailureKind,
    readonly operation: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(`${operation}: ${message}`);
    this.name = "ShopifyApiError";
  }
}
