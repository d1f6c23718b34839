/**
 * Shopify's calculated query cost and the per-shop leaky bucket.
 * Requested cost is computed from the document before execution (connections sized by
 * first/last); actual cost walks the same document over the returned data, so connections
 * count what came back.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { BUCKET_SIZE, RESTORE_RATE_PER_SECOND, type ShopState } from "./store";

export const MAX_SINGLE_QUERY_COST = 1000;
const MUTATION_COST = 10;

export interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

type Data = Record<string, unknown>;

function isConnectionType(type: GraphQLCompositeType): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

function unwrapList(type: GraphQLOutputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  return isListType(inner);
}

/**
 * Cost of a selection set on `type`. `data` is undefined for the requested cost; for the
 * actual cost it is the object graphql-js returned for this selection.
 */
function selectionCost(ctx: CostContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode, data: Data | undefined): number {
  let fieldsCost = 0;
  let fragmentMax = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith("__")) continue;
      const field = "getFields" in type ? type.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const key = selection.alias?.value ?? selection.name.value;
      if (data !== undefined && !(key in data)) continue;
      fieldsCost += fieldCost(ctx, field, selection.selectionSet, selection, data === undefined ? undefined : data[key]);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : ctx.fragments[selection.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition ? ctx.schema.getType(fragment.typeCondition.name.value) : type;
    if (!condition || !isCompositeType(condition)) continue;
    const cost = selectionCost(ctx, condition, fragment.selectionSet, data);
    // Type-specific fragments on an abstract type are alternatives: the most expensive counts.
    if (isAbstractType(type) && condition !== type) fragmentMax = Math.max(fragmentMax, cost);
    else fieldsCost += cost;
  }
  return fieldsCost + fragmentMax;
}

function fieldCost(
  ctx: CostContext,
  field: GraphQLField<unknown, unknown>,
  selectionSet: SelectionSetNode | undefined,
  node: Parameters<typeof getArgumentValues>[1],
  value: unknown,
): number {
  const named = getNamedType(field.type);
  if (isLeafType(named) || !selectionSet || !isCompositeType(named)) return 0;
  if (value === null) return 0;
  if (isConnectionType(named)) {
    const args = getArgumentValues(field, node, ctx.variables);
    const size = value === undefined ? Number(args.first ?? args.last ?? 0) : connectionSize(value);
    return 2 + size * itemCost(ctx, named, selectionSet, value as Data | undefined);
  }
  if (unwrapList(field.type)) {
    if (value === undefined) {
      const args = getArgumentValues(field, node, ctx.variables);
      const count = Array.isArray(args.ids) ? args.ids.length : 1;
      return count * (1 + selectionCost(ctx, named, selectionSet, undefined));
    }
    if (!Array.isArray(value)) return 0;
    return value.reduce<number>((sum, item) => sum + (item === null ? 0 : 1 + selectionCost(ctx, named, selectionSet, item as Data)), 0);
  }
  return 1 + selectionCost(ctx, named, selectionSet, value as Data | undefined);
}

function connectionSize(value: unknown): number {
  const connection = value as { edges?: unknown[]; nodes?: unknown[] };
  return Math.max(connection.edges?.length ?? 0, connection.nodes?.length ?? 0);
}

/** Per-item cost of a connection: its node selections, once, whether via edges or nodes. */
function itemCost(ctx: CostContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode, data: Data | undefined): number {
  if (!isObjectType(type)) return 0;
  const fields = type.getFields();
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !selection.selectionSet) continue;
    const key = selection.alias?.value ?? selection.name.value;
    const sample = data === undefined ? undefined : firstItem(data[key]);
    if (selection.name.value === "nodes") {
      const nodeType = getNamedType(fields.nodes?.type);
      if (nodeType && isCompositeType(nodeType)) cost = Math.max(cost, 1 + selectionCost(ctx, nodeType, selection.selectionSet, sample));
    } else if (selection.name.value === "edges") {
      const edgeType = getNamedType(fields.edges?.type);
      if (edgeType && isCompositeType(edgeType)) cost = Math.max(cost, selectionCost(ctx, edgeType, selection.selectionSet, sample));
    }
  }
  return cost;
}

/** Items of one connection share a selection, so the first returned item prices them all. */
function firstItem(value: unknown): Data | undefined {
  return Array.isArray(value) ? (value[0] as Data | undefined) : undefined;
}

export function operationCost(ctx: CostContext, operation: OperationDefinitionNode, data?: Data | null): number {
  const root = operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root) return 0;
  if (operation.operation === "mutation") {
    const count = operation.selectionSet.selections.filter(
      (s) => s.kind === Kind.FIELD && (data == null || (s.alias?.value ?? s.name.value) in data),
    ).length;
    return count * MUTATION_COST;
  }
  if (data === null) return 0;
  return selectionCost(ctx, root, operation.selectionSet, data);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Leaky bucket per shop: refills continuously at the restore rate up to the bucket size. */
export function refill(shop: ShopState, nowMs: number): void {
  const elapsed = Math.max(0, nowMs - shop.bucket.updatedAtMs) / 1000;
  shop.bucket.available = Math.min(BUCKET_SIZE, shop.bucket.available + elapsed * RESTORE_RATE_PER_SECOND);
  shop.bucket.updatedAtMs = nowMs;
}

export function throttleStatus(shop: ShopState): ThrottleStatus {
  return {
    maximumAvailable: BUCKET_SIZE,
    currentlyAvailable: Math.floor(shop.bucket.available),
    restoreRate: RESTORE_RATE_PER_SECOND,
  };
}
