/**
 * What the stand-in implements, type by type. This table is the single answer to "is
 * Type.field implemented?": the executor refuses, before executing anything, any selected
 * field or argument that is not listed here.
 */
import { createHash } from "node:crypto";
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import {
  APP_NAMESPACE,
  planAdjustQuantities,
  planInventoryItemUpdate,
  planMetafieldsSet,
  planSetQuantities,
  parseTags,
  userError,
  type AdjustQuantitiesInput,
  type InventoryItemUpdateInput,
  type MetafieldSetInput,
  type Plan,
  type PlannedChange,
  type SetQuantitiesInput,
} from "./rules";
import { matchesSearch, parseSearch, type Searchable } from "./search";
import {
  levelQuantity,
  QUANTITY_NAMES,
  type AdjustmentGroupRecord,
  type InventoryChangeRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LocationRecord,
  type MetafieldRecord,
  type ProductRecord,
  type QuantityName,
  type ShopState,
  type StandinStore,
  type VariantRecord,
} from "./store";

export interface ResolverContext {
  store: StandinStore;
  shop: ShopState;
  /** `@idempotent` keys of this request's root mutation fields, by response key. */
  idempotencyKeys: Map<string, string>;
}

export type Args = Record<string, unknown>;
type Resolve<S> = (source: S, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;
export interface FieldImpl<S> {
  args: readonly string[];
  resolve: Resolve<S>;
}
export type TypeImpl = Record<string, FieldImpl<unknown>>;

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`stand-in does not implement ${what}`, { extensions: { code: "STANDIN_NOT_IMPLEMENTED" } });
}

function field<S>(resolve: Resolve<S>, args: readonly string[] = []): FieldImpl<S> {
  return { args, resolve };
}

function type<S>(fields: Record<string, FieldImpl<S>>): TypeImpl {
  return fields as unknown as TypeImpl;
}

/** Fields read straight off the source object. */
function plain<S extends object>(...keys: Array<keyof S & string>): Record<string, FieldImpl<S>> {
  return Object.fromEntries(keys.map((key) => [key, field<S>((source) => source[key])]));
}

// ---- ids and lookups -------------------------------------------------------------------

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/;

function gidType(id: string): string {
  const match = GID.exec(id);
  if (!match) throw new GraphQLError(`Invalid global id '${id}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  return match[1] ?? "";
}

type NodeRecord =
  ShopState | LocationRecord | ProductRecord | VariantRecord | InventoryItemRecord | InventoryLevelRecord | MetafieldRecord | AdjustmentGroupRecord;

function findNode(shop: ShopState, id: string): NodeRecord | null {
  switch (gidType(id)) {
    case "Shop":
      return shop.id === id ? shop : null;
    case "Location":
      return shop.locations.get(id) ?? null;
    case "Product":
      return shop.products.get(id) ?? null;
    case "ProductVariant":
      return shop.variants.get(id) ?? null;
    case "InventoryItem":
      return shop.inventoryItems.get(id) ?? null;
    case "InventoryLevel":
      return [...shop.levels.values()].find((l) => l.id === id) ?? null;
    case "Metafield":
      return shop.metafields.get(id) ?? null;
    case "InventoryAdjustmentGroup":
      return shop.history.find((g) => g.id === id) ?? null;
    default:
      return null;
  }
}

function lookup<T>(map: Map<string, T>, id: unknown): T | null {
  return typeof id === "string" && gidType(id) ? (map.get(id) ?? null) : null;
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`stand-in data is inconsistent: ${what} missing`);
  return value;
}

// ---- connections ------------------------------------------------------------------------

interface Connection<T> {
  items: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const PAGINATION_ARGS = ["first", "after", "last", "before", "reverse"] as const;

function cursorOf(id: string): string {
  return Buffer.from(JSON.stringify({ last_id: id }), "utf8").toString("base64");
}

function positionOf(all: ReadonlyArray<{ id: string }>, cursor: unknown): number {
  if (typeof cursor !== "string") return -1;
  let id: unknown;
  try {
    id = (JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown }).last_id;
  } catch {
    id = undefined;
  }
  const index = all.findIndex((item) => item.id === id);
  if (index < 0) throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
  return index;
}

function connection<T extends { id: string }>(items: readonly T[], args: Args): Connection<T> {
  const all = args.reverse === true ? [...items].reverse() : [...items];
  const start = args.after != null ? positionOf(all, args.after) + 1 : 0;
  const end = args.before != null ? positionOf(all, args.before) : all.length;
  let from = start;
  let to = Math.max(start, end);
  if (typeof args.first === "number") to = Math.min(to, from + args.first);
  if (typeof args.last === "number") from = Math.max(from, to - args.last);
  const page = all.slice(from, to).map((node) => ({ cursor: cursorOf(node.id), node }));
  return {
    items: page,
    pageInfo: {
      hasNextPage: to < all.length,
      hasPreviousPage: from > 0,
      startCursor: page[0]?.cursor ?? null,
      endCursor: page[page.length - 1]?.cursor ?? null,
    },
  };
}

const CONNECTION = type<Connection<unknown>>({
  edges: field((c) => c.items),
  nodes: field((c) => c.items.map((edge) => edge.node)),
  pageInfo: field((c) => c.pageInfo),
});
const EDGE = type<{ cursor: string; node: unknown }>(plain("cursor", "node"));

// ---- metafields -----------------------------------------------------------------------

function metafieldsOf(shop: ShopState, ownerId: string): MetafieldRecord[] {
  return [...shop.metafields.values()].filter((m) => m.ownerId === ownerId);
}

export function metafieldDigest(metafield: MetafieldRecord): string {
  return createHash("sha256").update(`${metafield.id}|${metafield.value}|${metafield.updatedAt}`).digest("hex");
}

const OWNER_TYPES = new Set(["Product", "ProductVariant", "Shop", "Location"]);

function metafieldFields<S extends { id: string }>(): Record<string, FieldImpl<S>> {
  return {
    metafield: field(
      (owner, args, ctx) =>
        metafieldsOf(ctx.shop, owner.id).find(
          (m) => m.key === args.key && m.namespace === ((args.namespace as string | null | undefined) ?? APP_NAMESPACE),
        ) ?? null,
      ["namespace", "key"],
    ),
    metafields: field(
      (owner, args, ctx) => {
        const keys = args.keys as string[] | undefined;
        const found = metafieldsOf(ctx.shop, owner.id).filter(
          (m) => (args.namespace == null || m.namespace === args.namespace) && (!keys || keys.includes(`${m.namespace}.${m.key}`)),
        );
        return connection(found, args);
      },
      [...PAGINATION_ARGS, "namespace", "keys"],
    ),
  };
}

// ---- catalogue ----------------------------------------------------------------------------

function productSearchable(shop: ShopState, product: ProductRecord): Searchable {
  const variants = product.variantIds.map((id) => must(shop.variants.get(id), id));
  return {
    titles: [product.title],
    skus: variants.flatMap((v) => (v.sku ? [v.sku] : [])),
    barcodes: variants.flatMap((v) => (v.barcode ? [v.barcode] : [])),
    vendor: product.vendor,
    tags: product.tags,
    productId: product.id,
  };
}

function variantSearchable(shop: ShopState, variant: VariantRecord): Searchable {
  const product = must(shop.products.get(variant.productId), variant.productId);
  return {
    titles: [product.title, variant.title],
    skus: variant.sku ? [variant.sku] : [],
    barcodes: variant.barcode ? [variant.barcode] : [],
    vendor: product.vendor,
    tags: product.tags,
    productId: product.id,
    variantId: variant.id,
  };
}

function searched<T>(items: Iterable<T>, query: unknown, searchable: (item: T) => Searchable): T[] {
  const all = [...items];
  if (typeof query !== "string" || query.trim() === "") return all;
  const terms = parseSearch(query);
  return all.filter((item) => matchesSearch(searchable(item), terms));
}

function sortedLocations(shop: ShopState, includeInactive: boolean): LocationRecord[] {
  return [...shop.locations.values()].filter((l) => includeInactive || l.isActive).sort((a, b) => a.name.localeCompare(b.name));
}

function levelsWhere(shop: ShopState, predicate: (level: InventoryLevelRecord) => boolean): InventoryLevelRecord[] {
  return [...shop.levels.values()].filter(predicate);
}

// ---- mutations ----------------------------------------------------------------------------

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Replays the first answer for a repeated key with the same field and arguments, refuses a
 * key reused with anything else, and otherwise runs the mutation once and remembers its answer.
 */
function idempotent(
  mutation: string,
  userErrorEnum: string,
  emptyPayload: Record<string, unknown>,
  run: (args: Args, ctx: ResolverContext, key: string) => unknown,
): FieldImpl<unknown> {
  return field<unknown>(
    (_root, args, ctx, info) => {
      const key = must(ctx.idempotencyKeys.get(info.path.key.toString()), `idempotency key for ${mutation}`);
      const fingerprint = stableStringify(args);
      const previous = ctx.shop.idempotency.get(key);
      if (previous) {
        if (previous.field === mutation && previous.fingerprint === fingerprint) return previous.payload;
        return { ...emptyPayload, userErrors: [userError(userErrorEnum, "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", null)] };
      }
      const payload = run(args, ctx, key);
      ctx.shop.idempotency.set(key, { field: mutation, fingerprint, payload, at: ctx.store.nowIso() });
      return payload;
    },
    ["input"],
  );
}

function inventoryMutation<I extends { reason: string; referenceDocumentUri?: string | null }>(
  mutation: string,
  userErrorEnum: string,
  plan: (shop: ShopState, input: I) => Plan<PlannedChange[]>,
): FieldImpl<unknown> {
  const empty = { inventoryAdjustmentGroup: null };
  return idempotent(mutation, userErrorEnum, empty, (args, ctx, key) => {
    const input = args.input as I;
    const planned = plan(ctx.shop, input);
    if (!planned.ok) return { ...empty, userErrors: planned.userErrors };
    if (planned.value.length === 0) return { ...empty, userErrors: [] };
    const group = ctx.store.applyInventoryChanges(
      ctx.shop,
      { mutation, reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null, idempotencyKey: key },
      planned.value,
    );
    return { inventoryAdjustmentGroup: group, userErrors: [] };
  });
}

const TAGGABLE_ELSEWHERE = new Set(["Order", "DraftOrder", "Customer", "Article", "DiscountNode"]);

function tagsMutation(apply: (current: string[], tags: string[]) => string[]): FieldImpl<unknown> {
  return field<unknown>(
    (_root, args, ctx) => {
      const id = String(args.id);
      const kind = gidType(id);
      if (TAGGABLE_ELSEWHERE.has(kind)) throw notImplemented(`tags on ${kind}`);
      const product = kind === "Product" ? ctx.shop.products.get(id) : undefined;
      if (!product) return { node: null, userErrors: [{ field: ["id"], message: "Product does not exist", code: null }] };
      product.tags = apply(product.tags, parseTags(args.tags as string[])).sort((a, b) => a.localeCompare(b));
      return { node: product, userErrors: [] };
    },
    ["id", "tags"],
  );
}

const ITEM_INPUT_FIELDS = new Set(["cost", "tracked", "sku"]);

// ---- the table ----------------------------------------------------------------------------

const QUERY_ROOT = type<unknown>({
  shop: field((_r, _a, ctx) => ctx.shop),
  locations: field(
    (_r, args, ctx) => connection(sortedLocations(ctx.shop, args.includeInactive === true), args),
    [...PAGINATION_ARGS, "includeInactive"],
  ),
  location: field((_r, args, ctx) => lookup(ctx.shop.locations, args.id), ["id"]),
  products: field(
    (_r, args, ctx) =>
      connection(
        searched(ctx.shop.products.values(), args.query, (p) => productSearchable(ctx.shop, p)),
        args,
      ),
    [...PAGINATION_ARGS, "query"],
  ),
  product: field((_r, args, ctx) => lookup(ctx.shop.products, args.id), ["id"]),
  productVariants: field(
    (_r, args, ctx) =>
      connection(
        searched(ctx.shop.variants.values(), args.query, (v) => variantSearchable(ctx.shop, v)),
        args,
      ),
    [...PAGINATION_ARGS, "query"],
  ),
  productVariant: field((_r, args, ctx) => lookup(ctx.shop.variants, args.id), ["id"]),
  inventoryItem: field((_r, args, ctx) => lookup(ctx.shop.inventoryItems, args.id), ["id"]),
  node: field((_r, args, ctx) => findNode(ctx.shop, String(args.id)), ["id"]),
  nodes: field((_r, args, ctx) => (args.ids as string[]).map((id) => findNode(ctx.shop, id)), ["ids"]),
});

const MUTATION = type<unknown>({
  inventoryAdjustQuantities: inventoryMutation<AdjustQuantitiesInput>(
    "inventoryAdjustQuantities",
    "InventoryAdjustQuantitiesUserErrorCode",
    planAdjustQuantities,
  ),
  inventorySetQuantities: inventoryMutation<SetQuantitiesInput>("inventorySetQuantities", "InventorySetQuantitiesUserErrorCode", planSetQuantities),
  inventoryItemUpdate: field<unknown>(
    (_r, args, ctx) => {
      const input = args.input as InventoryItemUpdateInput & Record<string, unknown>;
      const unsupported = Object.keys(input).find((key) => !ITEM_INPUT_FIELDS.has(key));
      if (unsupported) throw notImplemented(`InventoryItemInput.${unsupported}`);
      const item = lookup(ctx.shop.inventoryItems, args.id) ?? undefined;
      const planned = planInventoryItemUpdate(item, input);
      if (!planned.ok || !item) return { inventoryItem: null, userErrors: planned.ok ? [] : planned.userErrors };
      Object.assign(item, planned.value);
      return { inventoryItem: item, userErrors: [] };
    },
    ["id", "input"],
  ),
  tagsAdd: tagsMutation((current, tags) => [
    ...current,
    ...tags.filter((t, i) => !current.some((c) => c.toLowerCase() === t.toLowerCase()) && tags.indexOf(t) === i),
  ]),
  tagsRemove: tagsMutation((current, tags) => current.filter((c) => !tags.some((t) => t.toLowerCase() === c.toLowerCase()))),
  metafieldsSet: field<unknown>(
    (_r, args, ctx) => {
      const ownerExists = (id: string) => {
        const node = GID.test(id) ? findNode(ctx.shop, id) : null;
        return node !== null && OWNER_TYPES.has(node.__typename);
      };
      const planned = planMetafieldsSet(ctx.shop, args.metafields as MetafieldSetInput[], ownerExists, metafieldDigest);
      if (!planned.ok) return { metafields: [], userErrors: planned.userErrors };
      const now = ctx.store.nowIso();
      const written = planned.value.map((write) => {
        const record: MetafieldRecord = write.existing ?? {
          __typename: "Metafield",
          id: ctx.store.nextGid("Metafield"),
          ownerId: write.ownerId,
          namespace: write.namespace,
          key: write.key,
          type: write.type,
          value: write.value,
          createdAt: now,
          updatedAt: now,
        };
        record.value = write.value;
        record.updatedAt = now;
        ctx.shop.metafields.set(record.id, record);
        return record;
      });
      return { metafields: written, userErrors: [] };
    },
    ["metafields"],
  ),
});

type Money = { amount: string; currencyCode: string };

export const RESOLVERS: Record<string, TypeImpl> = {
  QueryRoot: QUERY_ROOT,
  Mutation: MUTATION,
  Shop: type<ShopState>({
    ...plain<ShopState>("id", "name", "currencyCode", "ianaTimezone"),
    myshopifyDomain: field((shop) => shop.domain),
    ...metafieldFields<ShopState>(),
  }),
  Location: type<LocationRecord>({
    ...plain<LocationRecord>("id", "name", "isActive"),
    inventoryLevel: field(
      (location, args, ctx) => ctx.shop.levels.get(`${String(args.inventoryItemId)}|${location.id}`) ?? null,
      ["inventoryItemId"],
    ),
    inventoryLevels: field(
      (location, args, ctx) =>
        connection(
          levelsWhere(ctx.shop, (l) => l.locationId === location.id),
          args,
        ),
      PAGINATION_ARGS,
    ),
    ...metafieldFields<LocationRecord>(),
  }),
  Product: type<ProductRecord>({
    ...plain<ProductRecord>("id", "title", "handle", "vendor", "status", "createdAt"),
    tags: field((product) => [...product.tags]),
    variants: field(
      (product, args, ctx) =>
        connection(
          product.variantIds.map((id) => must(ctx.shop.variants.get(id), id)),
          args,
        ),
      PAGINATION_ARGS,
    ),
    ...metafieldFields<ProductRecord>(),
  }),
  ProductVariant: type<VariantRecord>({
    ...plain<VariantRecord>("id", "title", "sku", "barcode", "price"),
    displayName: field((variant, _a, ctx) => `${must(ctx.shop.products.get(variant.productId), variant.productId).title} - ${variant.title}`),
    product: field((variant, _a, ctx) => ctx.shop.products.get(variant.productId)),
    inventoryItem: field((variant, _a, ctx) => ctx.shop.inventoryItems.get(variant.inventoryItemId)),
    ...metafieldFields<VariantRecord>(),
  }),
  InventoryItem: type<InventoryItemRecord>({
    ...plain<InventoryItemRecord>("id", "sku", "tracked"),
    unitCost: field((item, _a, ctx): Money | null =>
      item.unitCost === null ? null : { amount: item.unitCost, currencyCode: ctx.shop.currencyCode },
    ),
    variant: field((item, _a, ctx) => ctx.shop.variants.get(item.variantId)),
    inventoryLevel: field((item, args, ctx) => ctx.shop.levels.get(`${item.id}|${String(args.locationId)}`) ?? null, ["locationId"]),
    inventoryLevels: field(
      (item, args, ctx) =>
        connection(
          levelsWhere(ctx.shop, (l) => l.itemId === item.id),
          args,
        ),
      PAGINATION_ARGS,
    ),
  }),
  InventoryLevel: type<InventoryLevelRecord>({
    ...plain<InventoryLevelRecord>("id", "updatedAt"),
    isActive: field(() => true),
    item: field((level, _a, ctx) => ctx.shop.inventoryItems.get(level.itemId)),
    location: field((level, _a, ctx) => ctx.shop.locations.get(level.locationId)),
    quantities: field(
      (level, args) => {
        const names = args.names as string[];
        const unknown = names.filter((n) => !(QUANTITY_NAMES as readonly string[]).includes(n));
        if (unknown.length > 0) {
          throw new GraphQLError(`Invalid quantity names: ${unknown.join(", ")}. Valid names: ${QUANTITY_NAMES.join(", ")}.`, {
            extensions: { code: "BAD_REQUEST" },
          });
        }
        return names.map((name) => ({ name, quantity: levelQuantity(level, name as QuantityName), updatedAt: level.updatedAt }));
      },
      ["names"],
    ),
  }),
  InventoryQuantity: type<{ name: string; quantity: number; updatedAt: string }>(plain("name", "quantity", "updatedAt")),
  MoneyV2: type<Money>(plain("amount", "currencyCode")),
  Metafield: type<MetafieldRecord>({
    ...plain<MetafieldRecord>("id", "namespace", "key", "type", "value", "createdAt", "updatedAt"),
    compareDigest: field((metafield) => metafieldDigest(metafield)),
    owner: field((metafield, _a, ctx) => findNode(ctx.shop, metafield.ownerId)),
  }),
  InventoryAdjustmentGroup: type<AdjustmentGroupRecord>({
    ...plain<AdjustmentGroupRecord>("id", "createdAt", "reason", "referenceDocumentUri"),
    changes: field(
      (group, args) => {
        const within = (list: unknown, value: string) => !Array.isArray(list) || list.includes(value);
        return group.changes.filter(
          (c) => within(args.inventoryItemIds, c.itemId) && within(args.locationIds, c.locationId) && within(args.quantityNames, c.name),
        );
      },
      ["inventoryItemIds", "locationIds", "quantityNames"],
    ),
  }),
  InventoryChange: type<InventoryChangeRecord>({
    ...plain<InventoryChangeRecord>("name", "delta", "quantityAfterChange", "ledgerDocumentUri"),
    item: field((change, _a, ctx) => ctx.shop.inventoryItems.get(change.itemId) ?? null),
    location: field((change, _a, ctx) => ctx.shop.locations.get(change.locationId) ?? null),
  }),
  PageInfo: type<Connection<unknown>["pageInfo"]>(plain("hasNextPage", "hasPreviousPage", "startCursor", "endCursor")),
  InventoryAdjustQuantitiesPayload: type<Record<string, unknown>>(plain("inventoryAdjustmentGroup", "userErrors")),
  InventorySetQuantitiesPayload: type<Record<string, unknown>>(plain("inventoryAdjustmentGroup", "userErrors")),
  InventoryItemUpdatePayload: type<Record<string, unknown>>(plain("inventoryItem", "userErrors")),
  TagsAddPayload: type<Record<string, unknown>>(plain("node", "userErrors")),
  TagsRemovePayload: type<Record<string, unknown>>(plain("node", "userErrors")),
  MetafieldsSetPayload: type<Record<string, unknown>>(plain("metafields", "userErrors")),
  UserError: type<Record<string, unknown>>(plain("field", "message")),
  InventoryAdjustQuantitiesUserError: type<Record<string, unknown>>(plain("field", "message", "code")),
  InventorySetQuantitiesUserError: type<Record<string, unknown>>(plain("field", "message", "code")),
  MetafieldsSetUserError: type<Record<string, unknown>>(plain("field", "message", "code", "elementIndex")),
};

for (const name of ["Location", "Product", "ProductVariant", "InventoryLevel", "Metafield"]) {
  RESOLVERS[`${name}Connection`] = CONNECTION;
  RESOLVERS[`${name}Edge`] = EDGE;
}
