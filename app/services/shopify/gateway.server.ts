import { createAdminApiClient } from "@shopify/admin-api-client";

import {
  ADJUST_INCOMING_MUTATION,
  LOCATIONS_QUERY,
  SHOP_QUERY,
  VARIANTS_BY_ID_QUERY,
  VARIANT_SEARCH_QUERY,
} from "./documents";
import { ShopifyApiError } from "./errors";
import type { FetchApi } from "./transport.server";

/**
 * The Shopify gateway: the only code in Inbound that speaks GraphQL to Shopify. It owns the
 * documents (./documents.ts), turns responses into plain typed values, and absorbs Shopify's
 * transient failures (cost throttling, 5xx, dropped connections) with bounded retries, so
 * callers see either data or a typed ShopifyApiError.
 */

export interface ShopInfo {
  id: string;
  name: string;
  domain: string;
  currencyCode: string;
}

export interface ShopLocation {
  id: string;
  name: string;
  isActive: boolean;
}

export interface VariantSummary {
  id: string;
  title: string;
  displayName: string;
  sku: string | null;
  barcode: string | null;
  productId: string;
  productTitle: string;
  vendor: string;
  inventoryItemId: string;
  /** Decimal string as Shopify sends it; null when the merchant never set a cost. */
  unitCost: string | null;
}

export interface ShopifyGateway {
  shop(): Promise<ShopInfo>;
  locations(): Promise<ShopLocation[]>;
  searchVariants(filter: { text?: string; vendor?: string }, first?: number): Promise<VariantSummary[]>;
  /** The variant whose SKU is exactly this (ignoring case), or null. */
  variantBySku(sku: string): Promise<VariantSummary | null>;
  /** Variants by id; ids Shopify does not know are simply absent from the map. */
  variantsByIds(ids: readonly string[]): Promise<Map<string, VariantSummary>>;
  /** Changes "incoming" by delta per item and location, once per idempotency key (≤ 250 changes). */
  adjustIncoming(request: {
    idempotencyKey: string;
    referenceDocumentUri: string;
    changes: ReadonlyArray<{ inventoryItemId: string; locationId: string; delta: number }>;
  }): Promise<void>;
}

export interface GatewayOptions {
  shopDomain: string;
  accessToken: string;
  apiVersion: string;
  fetchApi: FetchApi;
  /** Attempts per request, including the first (throttling, 5xx, network errors). */
  maxAttempts?: number;
  sleep?: (milliseconds: number) => Promise<void>;
}

const MAX_IDS_PER_NODES_QUERY = 250;

export function createShopifyGateway(options: GatewayOptions): ShopifyGateway {
  const send = createSender(options);

  return {
    async shop() {
      const data = await send<{ shop: { id: string; name: string; myshopifyDomain: string; currencyCode: string } }>(
        SHOP_QUERY,
      );
      return {
        id: data.shop.id,
        name: data.shop.name,
        domain: data.shop.myshopifyDomain,
        currencyCode: data.shop.currencyCode,
      };
    },

    async locations() {
      const data = await send<{ locations: { nodes: ShopLocation[] } }>(LOCATIONS_QUERY, { first: 50 });
      return data.locations.nodes;
    },

    async searchVariants(filter, first = 25) {
      const data = await send<{ productVariants: { nodes: VariantNode[] } }>(VARIANT_SEARCH_QUERY, {
        first,
        query: variantSearchQuery(filter),
      });
      return data.productVariants.nodes.map(toVariantSummary);
    },

    async variantBySku(sku) {
      const data = await send<{ productVariants: { nodes: VariantNode[] } }>(VARIANT_SEARCH_QUERY, {
        first: 10,
        query: variantSearchQuery({ sku }),
      });
      const wanted = sku.trim().toLowerCase();
      const match = data.productVariants.nodes.find((node) => node.sku?.toLowerCase() === wanted);
      return match ? toVariantSummary(match) : null;
    },

    async adjustIncoming({ idempotencyKey, referenceDocumentUri, changes }) {
      const data = await send<{
        inventoryAdjustQuantities: { userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
      }>(ADJUST_INCOMING_MUTATION, {
        idempotencyKey,
        input: {
          name: "incoming",
          reason: "movement_updated",
          referenceDocumentUri,
          changes: changes.map((change) => ({
            inventoryItemId: change.inventoryItemId,
            locationId: change.locationId,
            delta: change.delta,
            // Shopify keeps incoming per ledger document: ours is the purchase order.
            ledgerDocumentUri: referenceDocumentUri,
            // No compare-and-set: deltas are exact, and the idempotency key makes them once-only.
            changeFromQuantity: null,
          })),
        },
      });
      const { userErrors } = data.inventoryAdjustQuantities;
      if (userErrors.length > 0) {
        throw new ShopifyApiError(
          "rejected",
          "InboundAdjustIncoming",
          userErrors.map((error) => `${error.code ?? "ERROR"}: ${error.message}`).join("; "),
          userErrors,
        );
      }
    },

    async variantsByIds(ids) {
      const found = new Map<string, VariantSummary>();
      const unique = [...new Set(ids)];
      for (let start = 0; start < unique.length; start += MAX_IDS_PER_NODES_QUERY) {
        const data = await send<{ nodes: Array<(VariantNode & { __typename: string }) | null> }>(
          VARIANTS_BY_ID_QUERY,
          { ids: unique.slice(start, start + MAX_IDS_PER_NODES_QUERY) },
        );
        for (const node of data.nodes) {
          if (node?.__typename === "ProductVariant") found.set(node.id, toVariantSummary(node));
        }
      }
      return found;
    },
  };
}

interface VariantNode {
  id: string;
  title: string;
  displayName: string;
  sku: string | null;
  barcode: string | null;
  product: { id: string; title: string; vendor: string };
  inventoryItem: { id: string; unitCost: { amount: string; currencyCode: string } | null };
}

function toVariantSummary(node: VariantNode): VariantSummary {
  return {
    id: node.id,
    title: node.title,
    displayName: node.displayName,
    sku: node.sku || null,
    barcode: node.barcode || null,
    productId: node.product.id,
    productTitle: node.product.title,
    vendor: node.product.vendor,
    inventoryItemId: node.inventoryItem.id,
    unitCost: node.inventoryItem.unitCost?.amount ?? null,
  };
}

/** Shopify search syntax: quoted values so spaces and colons in user text stay literal. */
export function variantSearchQuery(filter: { text?: string; vendor?: string; sku?: string }): string {
  const quote = (value: string) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const terms: string[] = [];
  if (filter.vendor) terms.push(`vendor:${quote(filter.vendor)}`);
  if (filter.sku) terms.push(`sku:${quote(filter.sku.trim())}`);
  const text = filter.text?.trim();
  if (text) terms.push(quote(text));
  return terms.join(" ");
}

interface GraphqlBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }> | string;
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      throttleStatus: { currentlyAvailable: number; restoreRate: number };
    };
  };
}

function createSender(options: GatewayOptions) {
  const client = createAdminApiClient({
    storeDomain: options.shopDomain,
    apiVersion: options.apiVersion,
    accessToken: options.accessToken,
    customFetchApi: options.fetchApi,
  });
  const maxAttempts = options.maxAttempts ?? 4;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  return async function send<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
    const operation = operationName(document);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await attemptOnce<T>(client, document, variables, operation);
      if (outcome.kind === "data") return outcome.data;
      if (outcome.error.kind === "graphql" || outcome.error.kind === "unauthorized" || attempt >= maxAttempts) {
        throw outcome.error;
      }
      await sleep(outcome.retryAfterMs ?? 200 * 2 ** (attempt - 1));
    }
  };
}

type Attempt<T> =
  | { kind: "data"; data: T }
  | { kind: "failure"; error: ShopifyApiError; retryAfterMs?: number };

async function attemptOnce<T>(
  client: ReturnType<typeof createAdminApiClient>,
  document: string,
  variables: Record<string, unknown> | undefined,
  operation: string,
): Promise<Attempt<T>> {
  let response: Response;
  try {
    response = await client.fetch(document, variables ? { variables } : {});
  } catch (cause) {
    return failure(new ShopifyApiError("unavailable", operation, `network error: ${String(cause)}`));
  }
  if (response.status === 401 || response.status === 403) {
    return failure(new ShopifyApiError("unauthorized", operation, `HTTP ${response.status}`));
  }
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get("Retry-After") ?? "1");
    return failure(new ShopifyApiError("throttled", operation, "HTTP 429"), retryAfter * 1000);
  }
  if (response.status >= 500) {
    return failure(new ShopifyApiError("unavailable", operation, `HTTP ${response.status}`));
  }
  let body: GraphqlBody<T>;
  try {
    body = (await response.json()) as GraphqlBody<T>;
  } catch (cause) {
    return failure(new ShopifyApiError("unavailable", operation, `unreadable response: ${String(cause)}`));
  }
  if (response.status !== 200) {
    return failure(new ShopifyApiError("graphql", operation, `HTTP ${response.status}`, body));
  }
  const errors = typeof body.errors === "string" ? [{ message: body.errors }] : (body.errors ?? []);
  if (errors.some((error) => "extensions" in error && error.extensions?.code === "THROTTLED")) {
    const cost = body.extensions?.cost;
    const waitMs = cost
      ? Math.ceil(
          (Math.max(cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable, 0) /
            Math.max(cost.throttleStatus.restoreRate, 1)) *
            1000,
        )
      : 1000;
    return failure(new ShopifyApiError("throttled", operation, "Throttled", cost), Math.max(waitMs, 100));
  }
  if (errors.length > 0 || !body.data) {
    return failure(
      new ShopifyApiError("graphql", operation, errors.map((error) => error.message).join("; ") || "no data", errors),
    );
  }
  return { kind: "data", data: body.data };
}

function failure(error: ShopifyApiError, retryAfterMs?: number): Attempt<never> {
  return retryAfterMs === undefined ? { kind: "failure", error } : { kind: "failure", error, retryAfterMs };
}

export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}
