import { createAdminApiClient } from "@shopify/admin-api-client";

import { isShopifyId } from "~/domain/input";
import type { ShopifyUnitCost } from "~/domain/purchase-order/new-line";

import {
  ADJUST_QUANTITIES_MUTATION,
  INCOMING_AT_LOCATION_QUERY,
  LOCATIONS_QUERY,
  MAX_ALIASED_MUTATIONS,
  MAX_ITEMS_PER_INCOMING_QUERY,
  MAX_METAFIELDS_PER_SET,
  METAFIELDS_SET_MUTATION,
  PRODUCT_PICKER_QUERY,
  SHOP_QUERY,
  tagsMutation,
  unitCostsMutation,
  VARIANTS_BY_ID_QUERY,
  VARIANT_SEARCH_QUERY,
  type BatchedMutation,
} from "./documents";
import { ShopifyApiError } from "./errors";
import type { FetchApi } from "./transport.server";

/**
 * The Shopify gateway: the only code in Inbound that speaks GraphQL to Shopify. It owns the
 * documents (./documents.ts), turns responses into plain typed values, and absorbs Shopify's
 * transient failures (cost throttling, 5xx, dropped connections, timeouts) with bounded,
 * jittered retries, so callers see either data or a typed ShopifyApiError. It paces itself to
 * the cost bucket Shopify reports on every answer, waiting instead of being throttled.
 *
 * Batching: inventory changes ≤ 250 per call (the caller's effects are sized so); tags and unit
 * costs MAX_ALIASED_MUTATIONS (50) items per call; metafields 25 per call; incoming reads 250
 * items per location per call. Batched writes apply every batch before reporting userErrors,
 * so one unknown product never holds back the rest (each of them is safe to send again).
 */

export interface ShopInfo {
  id: string;
  name: string;
  domain: string;
  currencyCode: string;
  /** IANA zone, e.g. "Europe/Berlin": the API reads times given without an offset in it. */
  ianaTimezone: string;
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
  /** The inventory item's cost as Shopify sends it (in the shop's currency); null when the merchant never set one. */
  unitCost: ShopifyUnitCost | null;
}

/** One product as a resource picker lists it. */
export interface PickerProduct {
  id: string;
  title: string;
  handle: string;
  vendor: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  variants: Array<{
    id: string;
    title: string;
    displayName: string;
    sku: string | null;
    barcode: string | null;
    price: string;
    inventoryItemId: string;
  }>;
}

export interface PickerPage {
  products: PickerProduct[];
  /** Pass as `after` for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface ShopifyGateway {
  shop(): Promise<ShopInfo>;
  locations(): Promise<ShopLocation[]>;
  searchVariants(filter: { text?: string; vendor?: string }, first?: number): Promise<VariantSummary[]>;
  /** The variant whose SKU is exactly this (ignoring case), or null. */
  variantBySku(sku: string): Promise<VariantSummary | null>;
  /** A page of products with their variants, for a resource picker (read-only; `query` in Shopify's search syntax). */
  productsForPicker(page: { query: string; first: number; after?: string | null }): Promise<PickerPage>;
  /** Variants by id; ids Shopify does not know (or that are no variant id at all) are simply absent from the map. */
  variantsByIds(ids: readonly string[]): Promise<Map<string, VariantSummary>>;
  /** Changes "incoming" by delta per item and location (ledger document: the order), once per idempotency key (≤ 250 changes). */
  adjustIncoming(request: InventoryDeltaRequest): Promise<void>;
  /** Received goods: changes on hand (Shopify's "available", reason received) once per key (≤ 250 changes). */
  adjustOnHand(request: InventoryDeltaRequest): Promise<void>;
  /** Adds tags to products, batching many products per call. Tags already there stay once. */
  addTags(items: ReadonlyArray<TagChange>): Promise<void>;
  /** Removes tags from products, batching many products per call. */
  removeTags(items: ReadonlyArray<TagChange>): Promise<void>;
  /** Sets metafields (upsert by owner, namespace and key), 25 per call. */
  setMetafields(metafields: ReadonlyArray<MetafieldWrite>): Promise<void>;
  /** Writes each inventory item's unit cost (shop currency, decimal string), batching many items per call. */
  updateUnitCosts(items: ReadonlyArray<{ inventoryItemId: string; cost: string }>): Promise<void>;
  /** Shopify's total "incoming" per inventory item and location; pairs Shopify does not stock read as 0. */
  incomingQuantities(
    positions: ReadonlyArray<{ inventoryItemId: string; locationId: string }>,
  ): Promise<Array<{ inventoryItemId: string; locationId: string; quantity: number }>>;
}

export interface InventoryDeltaRequest {
  idempotencyKey: string;
  /** gid://inbound/PurchaseOrder/<id>: Shopify's inventory history names the order; for incoming also the ledger document. */
  referenceDocumentUri: string;
  changes: ReadonlyArray<{ inventoryItemId: string; locationId: string; delta: number }>;
}

export interface TagChange {
  /** A product gid. */
  id: string;
  tags: string[];
}

export interface MetafieldWrite {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface GatewayOptions {
  shopDomain: string;
  accessToken: string;
  apiVersion: string;
  fetchApi: FetchApi;
  /** Attempts per request, including the first (throttling, 5xx, network errors, timeouts). */
  maxAttempts?: number;
  /** Per attempt; an answer that takes longer counts as unavailable and is retried. Default 30 s. */
  timeoutMs?: number;
  sleep?: (milliseconds: number) => Promise<void>;
  /** Milliseconds clock the pacing measures the bucket's refill with (tests move it in `sleep`). */
  now?: () => number;
  /** Uniform in [0, 1): spreads retries of many workers apart (jitter). */
  random?: () => number;
}

const MAX_IDS_PER_NODES_QUERY = 250;

type UserErrors = Array<{ field: string[] | null; message: string; code?: string | null }>;

/** One userError and what it is about (a product, an inventory item), for the rejection message. */
interface Refusal {
  subject: string | null;
  error: UserErrors[number];
}

/** userErrors are final: retrying the same request would be refused the same way. */
function throwIfRefused(operation: string, refusals: readonly Refusal[]): void {
  if (refusals.length === 0) return;
  const message = refusals
    .map(({ subject, error }) => `${subject ? `${subject}: ` : ""}${error.code ? `${error.code}: ` : ""}${error.message}`)
    .join("; ");
  throw new ShopifyApiError("rejected", operation, message, refusals);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export function createShopifyGateway(options: GatewayOptions): ShopifyGateway {
  const send = createSender(options);

  async function adjustQuantities(
    quantityName: "incoming" | "available",
    { idempotencyKey, referenceDocumentUri, changes }: InventoryDeltaRequest,
  ): Promise<void> {
    const data = await send<{ inventoryAdjustQuantities: { userErrors: UserErrors } }>(ADJUST_QUANTITIES_MUTATION, {
      idempotencyKey,
      input: {
        name: quantityName,
        reason: quantityName === "incoming" ? "movement_updated" : "received",
        referenceDocumentUri,
        changes: changes.map((change) => ({
          inventoryItemId: change.inventoryItemId,
          locationId: change.locationId,
          delta: change.delta,
          // Shopify keeps incoming per ledger document (ours is the purchase order) and refuses one for available.
          ...(quantityName === "incoming" ? { ledgerDocumentUri: referenceDocumentUri } : {}),
          // No compare-and-set: deltas are exact, and the idempotency key makes them once-only.
          changeFromQuantity: null,
        })),
      },
    });
    throwIfRefused(
      operationName(ADJUST_QUANTITIES_MUTATION),
      data.inventoryAdjustQuantities.userErrors.map((error) => ({ subject: null, error })),
    );
  }

  /** Sends every batch, then reports every item Shopify refused, each named by `subject`. */
  async function sendBatches<T>(
    items: readonly T[],
    build: (batch: T[]) => BatchedMutation,
    subject: (item: T) => string,
  ): Promise<void> {
    const refusals: Refusal[] = [];
    let operation = "";
    for (const batch of chunks(items, MAX_ALIASED_MUTATIONS)) {
      const mutation = build(batch);
      operation = operationName(mutation.document);
      const data = await send<Record<string, { userErrors: UserErrors } | null>>(mutation.document, mutation.variables);
      mutation.aliases.forEach((alias, i) => {
        for (const error of data[alias]?.userErrors ?? []) refusals.push({ subject: subject(batch[i]!), error });
      });
    }
    throwIfRefused(operation, refusals);
  }

  return {
    async shop() {
      const data = await send<{
        shop: { id: string; name: string; myshopifyDomain: string; currencyCode: string; ianaTimezone: string };
      }>(SHOP_QUERY);
      return {
        id: data.shop.id,
        name: data.shop.name,
        domain: data.shop.myshopifyDomain,
        currencyCode: data.shop.currencyCode,
        ianaTimezone: data.shop.ianaTimezone,
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

    async productsForPicker({ query, first, after }) {
      type Node = Omit<PickerProduct, "variants"> & {
        variants: { nodes: Array<Omit<PickerProduct["variants"][number], "inventoryItemId"> & { inventoryItem: { id: string } }> };
      };
      const data = await send<{ products: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        PRODUCT_PICKER_QUERY,
        { first, after: after ?? null, query: query || null },
      );
      return {
        products: data.products.nodes.map(({ variants, ...product }) => ({
          ...product,
          variants: variants.nodes.map(({ inventoryItem, ...variant }) => ({ ...variant, inventoryItemId: inventoryItem.id })),
        })),
        nextCursor: data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null,
      };
    },

    async variantsByIds(ids) {
      const found = new Map<string, VariantSummary>();
      // A malformed id would fail the whole query ("Invalid global id"): it names no variant.
      const wellFormed = [...new Set(ids)].filter((id) => isShopifyId("ProductVariant", id));
      for (const batch of chunks(wellFormed, MAX_IDS_PER_NODES_QUERY)) {
        const data = await send<{ nodes: Array<(VariantNode & { __typename: string }) | null> }>(
          VARIANTS_BY_ID_QUERY,
          { ids: batch },
        );
        for (const node of data.nodes) {
          if (node?.__typename === "ProductVariant") found.set(node.id, toVariantSummary(node));
        }
      }
      return found;
    },

    adjustIncoming: (request) => adjustQuantities("incoming", request),

    adjustOnHand: (request) => adjustQuantities("available", request),

    addTags: (items) => sendBatches(items, (batch) => tagsMutation("tagsAdd", batch), (item) => item.id),

    removeTags: (items) => sendBatches(items, (batch) => tagsMutation("tagsRemove", batch), (item) => item.id),

    updateUnitCosts: (items) => sendBatches(items, unitCostsMutation, (item) => item.inventoryItemId),

    async setMetafields(metafields) {
      const refusals: Refusal[] = [];
      for (const batch of chunks(metafields, MAX_METAFIELDS_PER_SET)) {
        const data = await send<{ metafieldsSet: { userErrors: Array<UserErrors[number] & { elementIndex: number | null }> } }>(
          METAFIELDS_SET_MUTATION,
          { metafields: batch },
        );
        for (const error of data.metafieldsSet.userErrors) {
          const write = error.elementIndex === null ? undefined : batch[error.elementIndex];
          refusals.push({ subject: write ? `${write.ownerId} ${write.namespace}.${write.key}` : null, error });
        }
      }
      throwIfRefused(operationName(METAFIELDS_SET_MUTATION), refusals);
    },

    async incomingQuantities(positions) {
      const itemsByLocation = new Map<string, Set<string>>();
      for (const { inventoryItemId, locationId } of positions) {
        const items = itemsByLocation.get(locationId) ?? new Set<string>();
        items.add(inventoryItemId);
        itemsByLocation.set(locationId, items);
      }
      const incoming = new Map<string, number>();
      for (const [locationId, items] of itemsByLocation) {
        for (const ids of chunks([...items], MAX_ITEMS_PER_INCOMING_QUERY)) {
          const data = await send<{ nodes: Array<IncomingNode | null> }>(INCOMING_AT_LOCATION_QUERY, { ids, locationId });
          for (const node of data.nodes) {
            if (node?.__typename !== "InventoryItem") continue;
            const quantity = node.inventoryLevel?.quantities.find((q) => q.name === "incoming")?.quantity ?? 0;
            incoming.set(positionKey(node.id, locationId), quantity);
          }
        }
      }
      return positions.map(({ inventoryItemId, locationId }) => ({
        inventoryItemId,
        locationId,
        quantity: incoming.get(positionKey(inventoryItemId, locationId)) ?? 0,
      }));
    },
  };
}

interface IncomingNode {
  __typename: string;
  id: string;
  inventoryLevel: { quantities: Array<{ name: string; quantity: number }> } | null;
}

function positionKey(inventoryItemId: string, locationId: string): string {
  return `${inventoryItemId}|${locationId}`;
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
    unitCost: node.inventoryItem.unitCost,
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

/** What Shopify reports about the cost of a request and the shop's bucket after it. */
interface QueryCost {
  requestedQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlBody<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }> | string;
  extensions?: { cost?: QueryCost };
}

const DEFAULT_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 200;
/** A retry waits its delay plus up to half again, so workers failed together do not retry together. */
const JITTER = 0.5;
const RETRIED: ReadonlySet<ShopifyApiError["kind"]> = new Set(["throttled", "unavailable"]);

/**
 * Shopify's leaky bucket as last reported. Before a request, it waits until the bucket has
 * refilled enough for what the operation last cost (or, for an operation not seen yet, the
 * costliest seen), instead of sending it to be throttled.
 */
function createPacer(now: () => number) {
  const lastCost = new Map<string, number>();
  let bucket: { available: number; maximum: number; restoreRate: number; atMs: number } | undefined;
  return {
    observe(operation: string, cost: QueryCost): void {
      lastCost.set(operation, cost.requestedQueryCost);
      const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
      bucket = { available: currentlyAvailable, maximum: maximumAvailable, restoreRate, atMs: now() };
    },
    waitBefore(operation: string): number {
      if (!bucket) return 0;
      const expected = Math.min(lastCost.get(operation) ?? Math.max(0, ...lastCost.values()), bucket.maximum);
      const refilled = bucket.available + ((now() - bucket.atMs) / 1000) * bucket.restoreRate;
      const shortfall = expected - Math.min(refilled, bucket.maximum);
      return shortfall > 0 ? Math.ceil((shortfall / Math.max(bucket.restoreRate, 1)) * 1000) : 0;
    },
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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const pacer = createPacer(options.now ?? Date.now);

  return async function send<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
    const operation = operationName(document);
    for (let attempt = 1; ; attempt += 1) {
      const wait = pacer.waitBefore(operation);
      if (wait > 0) await sleep(wait);
      const outcome = await attemptOnce<T>(client, document, variables, operation, timeoutMs);
      if (outcome.cost) pacer.observe(operation, outcome.cost);
      if (outcome.kind === "data") return outcome.data;
      if (!RETRIED.has(outcome.error.kind) || attempt >= maxAttempts) throw outcome.error;
      const delay = outcome.retryAfterMs ?? BACKOFF_BASE_MS * 2 ** (attempt - 1);
      await sleep(Math.round(delay * (1 + JITTER * random())));
    }
  };
}

type Attempt<T> =
  | { kind: "data"; data: T; cost?: QueryCost }
  | { kind: "failure"; error: ShopifyApiError; retryAfterMs?: number; cost?: QueryCost };

async function attemptOnce<T>(
  client: ReturnType<typeof createAdminApiClient>,
  document: string,
  variables: Record<string, unknown> | undefined,
  operation: string,
  timeoutMs: number,
): Promise<Attempt<T>> {
  // One signal for the whole exchange: a server that sends headers and then stalls times out too.
  const signal = AbortSignal.timeout(timeoutMs);
  const unavailable = (what: string, cause: unknown) =>
    failure(
      new ShopifyApiError(
        "unavailable",
        operation,
        signal.aborted ? `no answer within ${timeoutMs} ms` : `${what}: ${String(cause)}`,
      ),
    );
  let response: Response;
  try {
    response = await client.fetch(document, variables ? { variables, signal } : { signal });
  } catch (cause) {
    return unavailable("network error", cause);
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
    return unavailable("unreadable response", cause);
  }
  if (response.status !== 200) {
    return failure(new ShopifyApiError("graphql", operation, `HTTP ${response.status}`, body));
  }
  const cost = body.extensions?.cost;
  const errors = typeof body.errors === "string" ? [{ message: body.errors }] : (body.errors ?? []);
  if (errors.some((error) => "extensions" in error && error.extensions?.code === "THROTTLED")) {
    const waitMs = cost
      ? Math.ceil(
          (Math.max(cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable, 0) /
            Math.max(cost.throttleStatus.restoreRate, 1)) *
            1000,
        )
      : 1000;
    const throttled = failure(new ShopifyApiError("throttled", operation, "Throttled", cost), Math.max(waitMs, 100));
    return cost ? { ...throttled, cost } : throttled;
  }
  if (errors.length > 0 || !body.data) {
    return failure(
      new ShopifyApiError("graphql", operation, errors.map((error) => error.message).join("; ") || "no data", errors),
    );
  }
  return cost ? { kind: "data", data: body.data, cost } : { kind: "data", data: body.data };
}

function failure(error: ShopifyApiError, retryAfterMs?: number): Attempt<never> {
  return retryAfterMs === undefined ? { kind: "failure", error } : { kind: "failure", error, retryAfterMs };
}

export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}
