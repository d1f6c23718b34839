import { createAdminApiClient, type AdminOperations } from "@shopify/admin-api-client";

import { isShopifyId } from "~/domain/input";
import type { ShopifyUnitCost } from "~/domain/purchase-order/new-line";
import type { ProductStatus } from "~/types/admin.types";
import type {
  InboundAdjustQuantitiesMutation,
  InboundMetafieldsSetMutation,
  InboundUserErrorFragment,
  InboundVariantFragment,
} from "~/types/admin.generated";

import {
  ADJUST_QUANTITIES_MUTATION,
  INCOMING_AT_LOCATION_QUERY,
  LOCATIONS_QUERY,
  MAX_ALIASED_MUTATIONS,
  MAX_ITEMS_PER_INCOMING_QUERY,
  MAX_METAFIELDS_PER_SET,
  METAFIELDS_SET_MUTATION,
  MAX_PRODUCTS_PER_PICKER_PAGE,
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
  status: ProductStatus;
  tags: string[];
  variants: Array<{
    id: string;
    title: string;
    displayName: string;
    sku: string | null;
    barcode: string | null;
    price: string;
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
  /** A page of products (at most 15: Shopify's query cost limit) with their variants, for a resource picker (read-only; `query` in Shopify's search syntax). */
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

/**
 * Where a gateway gets its access token when the token can change under it (an expiring offline
 * token, app/services/shopify/offline-token.server.ts): asked before every request, and once
 * more when Shopify answers 401.
 */
export interface AccessTokenSource {
  /** The token to send now (renewed first when it is about to expire). */
  current(): Promise<string>;
  /** Shopify refused `refused` (401): the token to retry the request with once, or null when there is none. */
  renewAfterRefusal(refused: string): Promise<string | null>;
}

export interface GatewayOptions {
  shopDomain: string;
  /** A fixed token (a merchant's request, tests) or a source that renews it. */
  accessToken: string | AccessTokenSource;
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

/**
 * The documents codegen typed (app/types/admin.generated.d.ts augments the client's operation
 * maps), each with its variables and result; the maps' catch-all `string` key is left out, so a
 * document codegen has not seen (edited since, or built at run time) does not type-check here.
 */
type TypedDocuments = {
  [Document in keyof AdminOperations as Document extends string ? (string extends Document ? never : Document) : never]: AdminOperations[Document];
};
type TypedDocument = keyof TypedDocuments;
type Result<Document extends TypedDocument> = TypedDocuments[Document]["return"];
type Variables<Document extends TypedDocument> = TypedDocuments[Document]["variables"];

/** Each item's answer in a batch built at run time (documents.ts: the InboundUserError fragment under every alias). */
type BatchResult = Record<string, { userErrors: InboundUserErrorFragment[] } | null>;

/** A userError as the gateway's mutations ask for it (the batches' have no code). */
type UserError =
  | InboundUserErrorFragment
  | NonNullable<InboundAdjustQuantitiesMutation["inventoryAdjustQuantities"]>["userErrors"][number]
  | NonNullable<InboundMetafieldsSetMutation["metafieldsSet"]>["userErrors"][number];

/** One userError and what it is about (a product, an inventory item), for the rejection message. */
interface Refusal {
  subject: string | null;
  error: UserError;
}

/** userErrors are final: retrying the same request would be refused the same way. */
function throwIfRefused(operation: string, refusals: readonly Refusal[]): void {
  if (refusals.length === 0) return;
  const message = refusals
    .map(({ subject, error }) => `${subject ? `${subject}: ` : ""}${"code" in error && error.code ? `${error.code}: ` : ""}${error.message}`)
    .join("; ");
  throw new ShopifyApiError("rejected", operation, message, refusals);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * A mutation's payload, which the schema lets be null: Shopify answers null only beside an error,
 * which attemptOnce already reports, so null with no error is an answer we cannot read.
 */
function payloadOf<Payload>(operation: string, payload: Payload | null | undefined): Payload {
  if (payload == null) throw new ShopifyApiError("graphql", operation, "no payload in the answer");
  return payload;
}

export function createShopifyGateway(options: GatewayOptions): ShopifyGateway {
  const request = createSender(options);
  /** Sends a document codegen typed: its variables are checked and its result typed from the document itself. */
  const send = <Document extends TypedDocument>(
    document: Document,
    // A document without required variables may be sent without any: `{}` is assignable to its variables.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the test is "is the empty object assignable"
    ...[variables]: {} extends Variables<Document> ? [Variables<Document>?] : [Variables<Document>]
  ) => request(document, variables) as Promise<Result<Document>>;

  async function adjustQuantities(
    quantityName: "incoming" | "available",
    { idempotencyKey, referenceDocumentUri, changes }: InventoryDeltaRequest,
  ): Promise<void> {
    const data = await send(ADJUST_QUANTITIES_MUTATION, {
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
    const operation = operationName(ADJUST_QUANTITIES_MUTATION);
    throwIfRefused(
      operation,
      payloadOf(operation, data.inventoryAdjustQuantities).userErrors.map((error) => ({ subject: null, error })),
    );
  }

  /** Sends every batch, then reports every item Shopify refused, each named by `subject`. */
  async function sendBatches<T>(items: readonly T[], build: (batch: T[]) => BatchedMutation, subject: (item: T) => string): Promise<void> {
    const refusals: Refusal[] = [];
    let operation = "";
    for (const batch of chunks(items, MAX_ALIASED_MUTATIONS)) {
      const mutation = build(batch);
      operation = operationName(mutation.document);
      // Built at run time, so codegen cannot key it: its answer is the fragment's under each alias.
      const data = (await request(mutation.document, mutation.variables)) as BatchResult;
      mutation.aliases.forEach((alias, i) => {
        for (const error of data[alias]?.userErrors ?? []) refusals.push({ subject: subject(batch[i]!), error });
      });
    }
    throwIfRefused(operation, refusals);
  }

  return {
    async shop() {
      const data = await send(SHOP_QUERY);
      return {
        id: data.shop.id,
        name: data.shop.name,
        domain: data.shop.myshopifyDomain,
        currencyCode: data.shop.currencyCode,
        ianaTimezone: data.shop.ianaTimezone,
      };
    },

    async locations() {
      const data = await send(LOCATIONS_QUERY, { first: 50 });
      return data.locations.nodes;
    },

    async searchVariants(filter, first = 25) {
      const data = await send(VARIANT_SEARCH_QUERY, {
        first,
        query: variantSearchQuery(filter),
      });
      return data.productVariants.nodes.map(toVariantSummary);
    },

    async variantBySku(sku) {
      const data = await send(VARIANT_SEARCH_QUERY, {
        first: 10,
        query: variantSearchQuery({ sku }),
      });
      const wanted = sku.trim().toLowerCase();
      const match = data.productVariants.nodes.find((node) => node.sku?.toLowerCase() === wanted);
      return match ? toVariantSummary(match) : null;
    },

    async productsForPicker({ query, first, after }) {
      const data = await send(PRODUCT_PICKER_QUERY, {
        first: Math.min(first, MAX_PRODUCTS_PER_PICKER_PAGE),
        after: after ?? null,
        query: query || null,
      });
      return {
        products: data.products.nodes.map(({ variants, ...product }) => ({
          ...product,
          variants: variants.nodes.map((variant) => ({ ...variant, sku: variant.sku ?? null, barcode: variant.barcode ?? null })),
        })),
        nextCursor: data.products.pageInfo.hasNextPage ? (data.products.pageInfo.endCursor ?? null) : null,
      };
    },

    async variantsByIds(ids) {
      const found = new Map<string, VariantSummary>();
      // A malformed id would fail the whole query ("Invalid global id"): it names no variant.
      const wellFormed = [...new Set(ids)].filter((id) => isShopifyId("ProductVariant", id));
      for (const batch of chunks(wellFormed, MAX_IDS_PER_NODES_QUERY)) {
        const data = await send(VARIANTS_BY_ID_QUERY, { ids: batch });
        for (const node of data.nodes) {
          if (node?.__typename === "ProductVariant") found.set(node.id, toVariantSummary(node));
        }
      }
      return found;
    },

    adjustIncoming: (request) => adjustQuantities("incoming", request),

    adjustOnHand: (request) => adjustQuantities("available", request),

    addTags: (items) =>
      sendBatches(
        items,
        (batch) => tagsMutation("tagsAdd", batch),
        (item) => item.id,
      ),

    removeTags: (items) =>
      sendBatches(
        items,
        (batch) => tagsMutation("tagsRemove", batch),
        (item) => item.id,
      ),

    updateUnitCosts: (items) => sendBatches(items, unitCostsMutation, (item) => item.inventoryItemId),

    async setMetafields(metafields) {
      const refusals: Refusal[] = [];
      for (const batch of chunks(metafields, MAX_METAFIELDS_PER_SET)) {
        const data = await send(METAFIELDS_SET_MUTATION, { metafields: batch });
        for (const error of payloadOf(operationName(METAFIELDS_SET_MUTATION), data.metafieldsSet).userErrors) {
          const write = error.elementIndex == null ? undefined : batch[error.elementIndex];
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
          const data = await send(INCOMING_AT_LOCATION_QUERY, { ids, locationId });
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

function positionKey(inventoryItemId: string, locationId: string): string {
  return `${inventoryItemId}|${locationId}`;
}

function toVariantSummary(node: InboundVariantFragment): VariantSummary {
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
    unitCost: node.inventoryItem.unitCost ?? null,
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
  const tokens: AccessTokenSource = typeof options.accessToken === "string" ? fixedToken(options.accessToken) : options.accessToken;
  // One client per token: a renewed token gets a new client (the token is part of its headers).
  let cached: { token: string; client: AdminApiClient } | undefined;
  const clientFor = (accessToken: string): AdminApiClient => {
    if (cached?.token !== accessToken) {
      cached = {
        token: accessToken,
        client: createAdminApiClient({
          storeDomain: options.shopDomain,
          apiVersion: options.apiVersion,
          accessToken,
          customFetchApi: options.fetchApi,
        }),
      };
    }
    return cached.client;
  };
  const maxAttempts = options.maxAttempts ?? 4;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const pacer = createPacer(options.now ?? Date.now);

  /** One request with pacing, retries and token renewal; its data as Shopify sent it (typed by the caller, who knows the document). */
  return async function request(document: string, variables?: Record<string, unknown>): Promise<unknown> {
    const operation = operationName(document);
    let accessToken = await tokens.current();
    let renewed = false;
    for (let attempt = 1; ; attempt += 1) {
      const wait = pacer.waitBefore(operation);
      if (wait > 0) await sleep(wait);
      const outcome = await attemptOnce<unknown>(clientFor(accessToken), document, variables, operation, timeoutMs);
      if (outcome.cost) pacer.observe(operation, outcome.cost);
      if (outcome.kind === "data") return outcome.data;
      // 401: an expired (or replaced) token. Renew it once and send the same request again.
      if (outcome.tokenRefused && !renewed) {
        renewed = true;
        const renewal = await tokens.renewAfterRefusal(accessToken);
        if (renewal !== null) {
          accessToken = renewal;
          continue;
        }
      }
      if (!RETRIED.has(outcome.error.kind) || attempt >= maxAttempts) throw outcome.error;
      const delay = outcome.retryAfterMs ?? BACKOFF_BASE_MS * 2 ** (attempt - 1);
      await sleep(Math.round(delay * (1 + JITTER * random())));
    }
  };
}

type Attempt<T> =
  | { kind: "data"; data: T; cost?: QueryCost }
  | { kind: "failure"; error: ShopifyApiError; retryAfterMs?: number; cost?: QueryCost; tokenRefused?: true };

type AdminApiClient = ReturnType<typeof createAdminApiClient>;

function fixedToken(accessToken: string): AccessTokenSource {
  return { current: async () => accessToken, renewAfterRefusal: async () => null };
}

async function attemptOnce<T>(
  client: AdminApiClient,
  document: string,
  variables: Record<string, unknown> | undefined,
  operation: string,
  timeoutMs: number,
): Promise<Attempt<T>> {
  // One signal for the whole exchange: a server that sends headers and then stalls times out too.
  const signal = AbortSignal.timeout(timeoutMs);
  const unavailable = (what: string, cause: unknown) =>
    failure(new ShopifyApiError("unavailable", operation, signal.aborted ? `no answer within ${timeoutMs} ms` : `${what}: ${String(cause)}`));
  let response: Response;
  try {
    response = await client.fetch(document, variables ? { variables, signal } : { signal });
  } catch (cause) {
    return unavailable("network error", cause);
  }
  if (response.status === 401) {
    return { kind: "failure", error: new ShopifyApiError("unauthorized", operation, "HTTP 401"), tokenRefused: true };
  }
  if (response.status === 403) {
    return failure(new ShopifyApiError("unauthorized", operation, "HTTP 403"));
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
          (Math.max(cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable, 0) / Math.max(cost.throttleStatus.restoreRate, 1)) * 1000,
        )
      : 1000;
    const throttled = failure(new ShopifyApiError("throttled", operation, "Throttled", cost), Math.max(waitMs, 100));
    return cost ? { ...throttled, cost } : throttled;
  }
  if (errors.length > 0 || !body.data) {
    return failure(new ShopifyApiError("graphql", operation, errors.map((error) => error.message).join("; ") || "no data", errors));
  }
  return cost ? { kind: "data", data: body.data, cost } : { kind: "data", data: body.data };
}

function failure(error: ShopifyApiError, retryAfterMs?: number): Attempt<never> {
  return retryAfterMs === undefined ? { kind: "failure", error } : { kind: "failure", error, retryAfterMs };
}

export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? "anonymous";
}
