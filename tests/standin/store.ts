/**
 * In-memory state of every shop the stand-in serves. Records carry `__typename` so the
 * executor can hand them to graphql-js directly where the schema returns an interface
 * (`node`, `nodes`, `Metafield.owner`).
 */

import type { CurrencyCode, ProductStatus } from "~/types/admin.types";

import { StandinTokens } from "./tokens";

/** Quantities stored per level; `on_hand` and `incoming` are derived (see `levelQuantity`). */
export const STORED_QUANTITY_NAMES = ["available", "committed", "damaged", "quality_control", "reserved", "safety_stock"] as const;
export type StoredQuantityName = (typeof STORED_QUANTITY_NAMES)[number];
export const QUANTITY_NAMES = [...STORED_QUANTITY_NAMES, "incoming", "on_hand"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface LocationRecord {
  __typename: "Location";
  id: string;
  name: string;
  isActive: boolean;
}

export interface ProductRecord {
  __typename: "Product";
  id: string;
  title: string;
  handle: string;
  vendor: string;
  status: ProductStatus;
  tags: string[];
  variantIds: string[];
  createdAt: string;
}

export interface VariantRecord {
  __typename: "ProductVariant";
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  inventoryItemId: string;
}

export interface InventoryItemRecord {
  __typename: "InventoryItem";
  id: string;
  variantId: string;
  sku: string | null;
  tracked: boolean;
  unitCost: string | null;
}

export interface InventoryLevelRecord {
  __typename: "InventoryLevel";
  id: string;
  itemId: string;
  locationId: string;
  stored: Record<StoredQuantityName, number>;
  /** Shopify keeps incoming per ledger document (e.g. one purchase order); the total is their sum. */
  incomingByLedger: Map<string, number>;
  updatedAt: string;
}

export interface MetafieldRecord {
  __typename: "Metafield";
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryChangeRecord {
  name: QuantityName;
  delta: number;
  quantityAfterChange: number;
  itemId: string;
  locationId: string;
  ledgerDocumentUri: string | null;
}

export interface AdjustmentGroupRecord {
  __typename: "InventoryAdjustmentGroup";
  id: string;
  createdAt: string;
  reason: string;
  referenceDocumentUri: string | null;
  changes: InventoryChangeRecord[];
  mutation: string;
  idempotencyKey: string | null;
}

export interface IdempotencyRecord {
  field: string;
  fingerprint: string;
  payload: unknown;
  at: string;
}

export interface ShopState {
  __typename: "Shop";
  id: string;
  domain: string;
  accessToken: string;
  name: string;
  currencyCode: CurrencyCode;
  /** IANA zone (Shop.ianaTimezone). */
  ianaTimezone: string;
  locations: Map<string, LocationRecord>;
  products: Map<string, ProductRecord>;
  variants: Map<string, VariantRecord>;
  inventoryItems: Map<string, InventoryItemRecord>;
  /** keyed by `levelKey(itemId, locationId)` */
  levels: Map<string, InventoryLevelRecord>;
  metafields: Map<string, MetafieldRecord>;
  history: AdjustmentGroupRecord[];
  idempotency: Map<string, IdempotencyRecord>;
  bucket: { available: number; updatedAtMs: number };
}

/**
 * `drop` closes the connection before executing; `drop_after_apply` executes (a mutation is
 * applied) and then closes it unanswered: the client cannot tell whether Shopify applied it.
 */
export type FaultKind = "throttled" | "server_error" | "slow" | "drop" | "drop_after_apply" | "hang";
export interface FaultSpec {
  kind: FaultKind;
  count?: number;
  status?: 500 | 502 | 503;
  delayMs?: number;
  operationName?: string;
  /** Only this shop's requests (by the token's shop); every shop's when absent. */
  shop?: string;
}
export interface QueuedFault {
  kind: FaultKind;
  remaining: number;
  status: 500 | 502 | 503;
  delayMs: number;
  operationName: string | null;
  shop: string | null;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  operationName: string | null;
  shop: string | null;
  /** 0 when the connection was closed without an answer. */
  status: number;
  /** The injected fault that answered this request, if any. */
  fault: FaultKind | null;
}

export interface NewVariant {
  sku: string | null;
  barcode?: string | null;
  price: string;
  unitCost?: string | null;
  title?: string;
}
export interface NewProduct {
  title: string;
  vendor: string;
  tags?: string[];
  status?: ProductRecord["status"];
  variants: NewVariant[];
}
export interface CreatedProduct {
  productId: string;
  variants: Array<{ variantId: string; inventoryItemId: string; sku: string | null }>;
}

export const BUCKET_SIZE = 2000;
export const RESTORE_RATE_PER_SECOND = 100;

const GID_BASES: Record<string, number> = {
  Shop: 60_000_000_001,
  Location: 70_000_000_001,
  Product: 80_000_000_001,
  ProductVariant: 40_000_000_001,
  InventoryItem: 45_000_000_001,
  Metafield: 30_000_000_001,
  InventoryAdjustmentGroup: 20_000_000_001,
};

export function levelKey(itemId: string, locationId: string): string {
  return `${itemId}|${locationId}`;
}

export function numericId(gid: string): string {
  return gid.slice(gid.lastIndexOf("/") + 1).split("?")[0] ?? "";
}

export function incomingTotal(level: InventoryLevelRecord): number {
  let total = 0;
  for (const amount of level.incomingByLedger.values()) total += amount;
  return total;
}

export function levelQuantity(level: InventoryLevelRecord, name: QuantityName): number {
  if (name === "incoming") return incomingTotal(level);
  if (name === "on_hand") {
    return STORED_QUANTITY_NAMES.reduce((sum, stored) => sum + level.stored[stored], 0);
  }
  return level.stored[name];
}

function handleize(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export class StandinStore {
  readonly requests: RequestLogEntry[] = [];
  private readonly shops = new Map<string, ShopState>();
  private readonly faults: QueuedFault[] = [];
  private counters = new Map<string, number>();
  private clock: () => number = () => Date.now();
  /** Access and refresh tokens, on the store's clock (./tokens.ts). */
  readonly tokens = new StandinTokens(() => this.clock());

  constructor(private readonly seed?: (store: StandinStore) => void) {
    seed?.(this);
  }

  /** Tests replace the clock to drive the throttle bucket and timestamps without sleeping. */
  useClock(now: () => number): void {
    this.clock = now;
  }

  now(): number {
    return this.clock();
  }

  nowIso(): string {
    return new Date(this.clock()).toISOString();
  }

  /** Back to the state right after construction (seed re-applied, ids restart, logs and faults cleared). */
  reset(): void {
    this.shops.clear();
    this.tokens.clear();
    this.faults.length = 0;
    this.requests.length = 0;
    this.counters = new Map();
    this.seed?.(this);
  }

  nextGid(type: string): string {
    const next = this.counters.get(type) ?? GID_BASES[type] ?? 1;
    this.counters.set(type, next + 1);
    return `gid://shopify/${type}/${next}`;
  }

  addShop(input: { domain: string; accessToken: string; name?: string; currencyCode?: CurrencyCode; ianaTimezone?: string }): ShopState {
    if (this.shops.has(input.domain)) throw new Error(`shop ${input.domain} already exists`);
    const shop: ShopState = {
      __typename: "Shop",
      id: this.nextGid("Shop"),
      domain: input.domain,
      accessToken: input.accessToken,
      name: input.name ?? input.domain.replace(/\.myshopify\.com$/, ""),
      currencyCode: input.currencyCode ?? "USD",
      ianaTimezone: input.ianaTimezone ?? "UTC",
      locations: new Map(),
      products: new Map(),
      variants: new Map(),
      inventoryItems: new Map(),
      levels: new Map(),
      metafields: new Map(),
      history: [],
      idempotency: new Map(),
      bucket: { available: BUCKET_SIZE, updatedAtMs: this.clock() },
    };
    this.shops.set(input.domain, shop);
    this.tokens.addPermanent(input.domain, input.accessToken);
    return shop;
  }

  shop(domain: string): ShopState {
    const shop = this.shops.get(domain);
    if (!shop) throw new Error(`no shop ${domain} in the stand-in`);
    return shop;
  }

  findShop(domain: string): ShopState | undefined {
    return this.shops.get(domain);
  }

  /** The shop an access token acts for now: unknown, expired and revoked tokens have none. */
  shopForToken(token: string): ShopState | undefined {
    const domain = this.tokens.shopFor(token);
    return domain === undefined ? undefined : this.shops.get(domain);
  }

  addLocation(domain: string, input: { name: string; isActive?: boolean }): string {
    const shop = this.shop(domain);
    const id = this.nextGid("Location");
    shop.locations.set(id, { __typename: "Location", id, name: input.name, isActive: input.isActive ?? true });
    return id;
  }

  /** Creates the product, its variants and inventory items, stocked (at zero) at every active location. */
  addProduct(domain: string, input: NewProduct): CreatedProduct {
    const shop = this.shop(domain);
    const productId = this.nextGid("Product");
    const product: ProductRecord = {
      __typename: "Product",
      id: productId,
      title: input.title,
      handle: this.uniqueHandle(shop, handleize(input.title)),
      vendor: input.vendor,
      status: input.status ?? "ACTIVE",
      tags: [...(input.tags ?? [])].sort((a, b) => a.localeCompare(b)),
      variantIds: [],
      createdAt: this.nowIso(),
    };
    shop.products.set(productId, product);
    const variants = input.variants.map((spec) => {
      const variantId = this.nextGid("ProductVariant");
      const inventoryItemId = this.nextGid("InventoryItem");
      shop.variants.set(variantId, {
        __typename: "ProductVariant",
        id: variantId,
        productId,
        title: spec.title ?? "Default Title",
        sku: spec.sku,
        barcode: spec.barcode ?? null,
        price: spec.price,
        inventoryItemId,
      });
      shop.inventoryItems.set(inventoryItemId, {
        __typename: "InventoryItem",
        id: inventoryItemId,
        variantId,
        sku: spec.sku,
        tracked: true,
        unitCost: spec.unitCost ?? null,
      });
      product.variantIds.push(variantId);
      for (const location of shop.locations.values()) {
        if (location.isActive) this.ensureLevel(shop, inventoryItemId, location.id);
      }
      return { variantId, inventoryItemId, sku: spec.sku };
    });
    return { productId, variants };
  }

  /**
   * Direct write for test setup; bypasses the API rules and is not recorded in the history. An
   * incoming quantity is kept per ledger document, so it names one.
   */
  setQuantity(
    domain: string,
    input: { inventoryItemId: string; locationId: string; quantity: number } & (
      { name: StoredQuantityName } | { name: "incoming"; ledgerDocumentUri: string }
    ),
  ): void {
    const shop = this.shop(domain);
    if (!shop.inventoryItems.has(input.inventoryItemId)) throw new Error(`no inventory item ${input.inventoryItemId}`);
    if (!shop.locations.has(input.locationId)) throw new Error(`no location ${input.locationId}`);
    const level = this.ensureLevel(shop, input.inventoryItemId, input.locationId);
    if (input.name === "incoming") {
      level.incomingByLedger.set(input.ledgerDocumentUri, input.quantity);
    } else {
      level.stored[input.name] = input.quantity;
    }
  }

  ensureLevel(shop: ShopState, itemId: string, locationId: string): InventoryLevelRecord {
    const key = levelKey(itemId, locationId);
    let level = shop.levels.get(key);
    if (!level) {
      level = {
        __typename: "InventoryLevel",
        // Shopify's level ids name the location and carry the item as a query parameter.
        id: `gid://shopify/InventoryLevel/${numericId(locationId)}?inventory_item_id=${numericId(itemId)}`,
        itemId,
        locationId,
        stored: { available: 0, committed: 0, damaged: 0, quality_control: 0, reserved: 0, safety_stock: 0 },
        incomingByLedger: new Map(),
        updatedAt: this.nowIso(),
      };
      shop.levels.set(key, level);
    }
    return level;
  }

  /**
   * Applies changes already checked by the rules and records them as one adjustment group.
   * A change to a component of on_hand is reported with its on_hand consequence, as Shopify does.
   */
  applyInventoryChanges(
    shop: ShopState,
    meta: { mutation: string; reason: string; referenceDocumentUri: string | null; idempotencyKey: string | null },
    planned: ReadonlyArray<{ itemId: string; locationId: string; name: QuantityName; delta: number; ledgerDocumentUri: string | null }>,
  ): AdjustmentGroupRecord {
    const changes: InventoryChangeRecord[] = [];
    for (const change of planned) {
      const level = this.ensureLevel(shop, change.itemId, change.locationId);
      level.updatedAt = this.nowIso();
      const report = (name: QuantityName, ledgerDocumentUri: string | null) =>
        changes.push({
          name,
          delta: change.delta,
          quantityAfterChange: levelQuantity(level, name),
          itemId: change.itemId,
          locationId: change.locationId,
          ledgerDocumentUri,
        });
      if (change.name === "incoming") {
        const uri = change.ledgerDocumentUri ?? "";
        const amount = (level.incomingByLedger.get(uri) ?? 0) + change.delta;
        if (amount === 0) level.incomingByLedger.delete(uri);
        else level.incomingByLedger.set(uri, amount);
        report("incoming", uri);
      } else if (change.name === "on_hand") {
        level.stored.available += change.delta;
        report("on_hand", null);
        report("available", null);
      } else {
        level.stored[change.name] += change.delta;
        report(change.name, change.name === "available" ? null : change.ledgerDocumentUri);
        report("on_hand", null);
      }
    }
    const group: AdjustmentGroupRecord = {
      __typename: "InventoryAdjustmentGroup",
      id: this.nextGid("InventoryAdjustmentGroup"),
      createdAt: this.nowIso(),
      reason: meta.reason,
      referenceDocumentUri: meta.referenceDocumentUri,
      changes,
      mutation: meta.mutation,
      idempotencyKey: meta.idempotencyKey,
    };
    shop.history.push(group);
    return group;
  }

  /** Read-only JSON view of one shop, as served by `GET /__standin/shops/{domain}`. */
  inspect(domain: string): Record<string, unknown> {
    const shop = this.shop(domain);
    const levelsOf = (itemId: string) =>
      [...shop.levels.values()]
        .filter((level) => level.itemId === itemId)
        .map((level) => ({
          id: level.id,
          locationId: level.locationId,
          location: shop.locations.get(level.locationId)?.name ?? null,
          quantities: Object.fromEntries(QUANTITY_NAMES.map((name) => [name, levelQuantity(level, name)])),
          incomingByLedgerDocument: Object.fromEntries(level.incomingByLedger),
          updatedAt: level.updatedAt,
        }));
    const metafieldsOf = (ownerId: string) =>
      [...shop.metafields.values()]
        .filter((m) => m.ownerId === ownerId)
        .map(({ id, namespace, key, type, value, updatedAt }) => ({ id, namespace, key, type, value, updatedAt }));
    return {
      shop: {
        id: shop.id,
        domain: shop.domain,
        name: shop.name,
        currencyCode: shop.currencyCode,
        ianaTimezone: shop.ianaTimezone,
        metafields: metafieldsOf(shop.id),
      },
      throttle: { currentlyAvailable: Math.floor(shop.bucket.available), maximumAvailable: BUCKET_SIZE, restoreRate: RESTORE_RATE_PER_SECOND },
      locations: [...shop.locations.values()].map(({ id, name, isActive }) => ({ id, name, isActive })),
      products: [...shop.products.values()].map((product) => ({
        id: product.id,
        title: product.title,
        handle: product.handle,
        vendor: product.vendor,
        status: product.status,
        tags: product.tags,
        metafields: metafieldsOf(product.id),
        variants: product.variantIds.flatMap((variantId) => {
          const variant = shop.variants.get(variantId);
          const item = variant ? shop.inventoryItems.get(variant.inventoryItemId) : undefined;
          if (!variant || !item) return [];
          return [
            {
              id: variant.id,
              title: variant.title,
              sku: variant.sku,
              barcode: variant.barcode,
              price: variant.price,
              metafields: metafieldsOf(variant.id),
              inventoryItem: { id: item.id, sku: item.sku, tracked: item.tracked, unitCost: item.unitCost },
              inventoryLevels: levelsOf(item.id),
            },
          ];
        }),
      })),
      inventoryHistory: shop.history.map((group) => ({
        id: group.id,
        createdAt: group.createdAt,
        mutation: group.mutation,
        reason: group.reason,
        referenceDocumentUri: group.referenceDocumentUri,
        idempotencyKey: group.idempotencyKey,
        changes: group.changes,
      })),
      idempotencyKeys: [...shop.idempotency.entries()].map(([key, record]) => ({ key, mutation: record.field, at: record.at })),
      adminApiCalls: this.adminApiCalls(domain),
    };
  }

  /** Admin API requests this shop's token made since the last reset, by operation name (faulted ones included). */
  adminApiCalls(domain: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const request of this.requests) {
      if (request.shop !== domain) continue;
      const name = request.operationName ?? "anonymous";
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }

  injectFault(spec: FaultSpec): void {
    this.faults.push({
      kind: spec.kind,
      remaining: spec.count ?? 1,
      status: spec.status ?? 503,
      delayMs: spec.delayMs ?? 2000,
      operationName: spec.operationName ?? null,
      shop: spec.shop ?? null,
    });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Consumes one use of the first queued fault that matches this GraphQL request (its operation and shop). */
  takeFault(operationName: string | null, shopDomain: string): QueuedFault | undefined {
    const index = this.faults.findIndex(
      (f) => (f.operationName === null || f.operationName === operationName) && (f.shop === null || f.shop === shopDomain),
    );
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private uniqueHandle(shop: ShopState, base: string): string {
    const taken = new Set([...shop.products.values()].map((p) => p.handle));
    let handle = base || "product";
    for (let n = 1; taken.has(handle); n++) handle = `${base}-${n}`;
    return handle;
  }
}
