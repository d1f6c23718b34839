/**
 * One GraphQL request against one shop, in Shopify's order: validate against the real
 * schema, refuse what the stand-in cannot answer honestly, enforce `@idempotent` and input
 * limits, charge the cost bucket, and only then execute. Every refusal before execution
 * leaves the shop untouched.
 */
import {
  BREAK,
  execute,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from "graphql";
import { adminSchema, checkAdminDocument } from "../shopify/admin-schema";
import { MAX_SINGLE_QUERY_COST, operationCost, refill, throttleStatus, type CostContext } from "./cost";
import { MAX_INPUT_ARRAY_SIZE } from "./rules";
import { notImplemented, RESOLVERS, type ResolverContext } from "./resolvers";
import type { ShopState, StandinStore } from "./store";

export interface GraphQLRequestBody {
  query: string;
  variables?: unknown;
  operationName?: unknown;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ReturnType<typeof throttleStatus>;
}

export interface GraphQLResponseBody {
  data?: unknown;
  errors?: unknown[];
  extensions: { cost: CostExtension };
}

const MAX_PAGE_SIZE = 250;

/** Mutations whose description in the schema says the `@idempotent` key is required. */
let idempotentMutations: Set<string> | undefined;
export function mutationsRequiringIdempotency(): Set<string> {
  if (!idempotentMutations) {
    const fields = adminSchema().getMutationType()?.getFields() ?? {};
    idempotentMutations = new Set(
      Object.values(fields)
        .filter((f) => /idempotency key is required/i.test(f.description ?? ""))
        .map((f) => f.name),
    );
  }
  return idempotentMutations;
}

const VALIDATION_CODES: Array<[RegExp, string]> = [
  [/^Syntax Error/, "parseError"],
  [/^Cannot query field/, "undefinedField"],
  [/^Unknown argument/, "argumentNotAccepted"],
  [/argument ".*" of type ".*" is required/, "missingRequiredArguments"],
  [/^Unknown type/, "undefinedType"],
  [/^Unknown directive/, "undefinedDirective"],
  [/used in position expecting/, "variableMismatch"],
  [/^Variable ".*" is not defined/, "variableNotDefined"],
  [/^Variable ".*" is never used/, "variableNotUsed"],
  [/must have a selection of subfields|must not have a selection/, "selectionMismatch"],
  [/^Expected value of type|cannot represent/, "argumentLiteralsIncompatible"],
];

/** Shopify names the place of a validation error as ["query Name", field, field, ...]. */
function pathTo(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      // Match by position: validation errors may point into another parse of the same text.
      if (node.kind !== target.kind || node.loc?.start !== target.loc?.start) return undefined;
      const chain = [...ancestors, node].filter((a): a is ASTNode => !Array.isArray(a) && typeof a === "object" && a !== null && "kind" in a);
      found = chain.flatMap((a) => {
        if (a.kind === Kind.OPERATION_DEFINITION) return [`${a.operation}${a.name ? ` ${a.name.value}` : ""}`];
        if (a.kind === Kind.FRAGMENT_DEFINITION) return [`fragment ${a.name.value}`];
        if (a.kind === Kind.FIELD) return [a.name.value];
        if (a.kind === Kind.ARGUMENT) return [a.name.value];
        return [];
      });
      return BREAK;
    },
  });
  return found;
}

function formatError(error: GraphQLError, document?: DocumentNode, code?: string): Record<string, unknown> {
  const json: Record<string, unknown> = { ...error.toJSON() };
  const extensions = { ...(error.extensions ?? {}) };
  extensions.code ??= code ?? VALIDATION_CODES.find(([pattern]) => pattern.test(error.message))?.[1] ?? "validationFailed";
  const path = error.path ?? (document ? pathTo(document, error.nodes?.[0]) : undefined);
  return { ...json, ...(path ? { path } : {}), extensions };
}

function response(shop: ShopState, requested: number, actual: number | null, rest: Omit<GraphQLResponseBody, "extensions">): GraphQLResponseBody {
  return { ...rest, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus(shop) } } };
}

export function throttledResponse(shop: ShopState, requested: number): GraphQLResponseBody {
  return response(shop, requested, null, {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  });
}

/** Arrays longer than Shopify's input limit, wherever they sit inside an argument value. */
function oversizedArrays(value: unknown, type: GraphQLInputType, path: string[]): string[][] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return [];
  if (isListType(inner) && Array.isArray(value)) {
    const here = value.length > MAX_INPUT_ARRAY_SIZE ? [path] : [];
    return [...here, ...value.flatMap((item, i) => oversizedArrays(item, inner.ofType, [...path, String(i)]))];
  }
  if (isInputObjectType(inner) && typeof value === "object") {
    const fields = inner.getFields();
    return Object.entries(value).flatMap(([key, v]) => {
      const fieldType = fields[key]?.type;
      return fieldType ? oversizedArrays(v, fieldType, [...path, key]) : [];
    });
  }
  return [];
}

interface StaticCheck {
  errors: GraphQLError[];
  idempotencyKeys: Map<string, string>;
}

/** Everything that can be refused from the document and variables alone. */
function checkStatically(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): StaticCheck {
  const schema = adminSchema();
  const errors: GraphQLError[] = [];
  const idempotencyKeys = new Map<string, string>();

  if (operation.operation === "mutation") {
    const directive = schema.getDirective("idempotent");
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || !mutationsRequiringIdempotency().has(selection.name.value)) continue;
      const key = directive ? getDirectiveValues(directive, selection, variables)?.key : undefined;
      if (typeof key !== "string") {
        errors.push(
          new GraphQLError(`The @idempotent directive with a key is required for ${selection.name.value}.`, {
            nodes: selection,
            path: [selection.alias?.value ?? selection.name.value],
            extensions: { code: "IDEMPOTENCY_KEY_REQUIRED" },
          }),
        );
      } else if (key.trim() === "") {
        errors.push(
          new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", {
            nodes: selection,
            path: [selection.alias?.value ?? selection.name.value],
            extensions: { code: "INVALID_IDEMPOTENCY_KEY" },
          }),
        );
      } else {
        idempotencyKeys.set(selection.alias?.value ?? selection.name.value, key);
      }
    }
  }

  const typeInfo = new TypeInfo(schema);
  const usedFragments = new Set<string>();
  const walk = (root: ASTNode) =>
    visit(
      root,
      visitWithTypeInfo(typeInfo, {
        FragmentSpread(node) {
          usedFragments.add(node.name.value);
        },
        Field(node) {
          const parent = typeInfo.getParentType();
          const definition = typeInfo.getFieldDef();
          if (!parent || !definition || node.name.value.startsWith("__")) return;
          const path = pathTo(document, node);
          if (isObjectType(parent)) {
            const impl = RESOLVERS[parent.name]?.[node.name.value];
            if (!impl) {
              errors.push(withPlace(notImplemented(`${parent.name}.${node.name.value}`), node, path));
              return;
            }
            for (const argument of node.arguments ?? []) {
              if (!impl.args.includes(argument.name.value)) {
                errors.push(withPlace(notImplemented(`argument ${parent.name}.${node.name.value}(${argument.name.value})`), argument, path));
              }
            }
          }
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(definition, node, variables);
          } catch (error) {
            errors.push(error instanceof GraphQLError ? error : new GraphQLError(String(error), { nodes: node }));
            return;
          }
          for (const argument of definition.args) {
            for (const place of oversizedArrays(args[argument.name], argument.type, [argument.name])) {
              const size = (place.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], args) as unknown[]).length;
              errors.push(
                new GraphQLError(`The input array size of ${size} is greater than the maximum allowed of ${MAX_INPUT_ARRAY_SIZE}.`, {
                  nodes: node,
                  path: [...(path ?? []), ...place],
                  extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
                }),
              );
            }
          }
          const returns = getNamedType(definition.type);
          if (isObjectType(returns) && returns.name.endsWith("Connection") && "pageInfo" in returns.getFields()) {
            const size = args.first ?? args.last;
            if (typeof size !== "number") {
              errors.push(new GraphQLError("you must provide one of first or last", { nodes: node, path, extensions: { code: "BAD_REQUEST" } }));
            } else if (size > MAX_PAGE_SIZE || size < 0) {
              errors.push(
                new GraphQLError(`The page size (first/last) must be between 0 and ${MAX_PAGE_SIZE}.`, {
                  nodes: node,
                  path,
                  extensions: { code: "BAD_REQUEST" },
                }),
              );
            }
          }
        },
      }),
    );
  walk(operation);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  // Fragments are walked with the TypeInfo positioned at their type condition.
  for (const fragment of fragments) if (usedFragments.has(fragment.name.value)) walk(fragment);
  return { errors, idempotencyKeys };
}

function withPlace(error: GraphQLError, node: ASTNode, path: string[] | undefined): GraphQLError {
  return new GraphQLError(error.message, { nodes: node, path, extensions: error.extensions });
}

const fieldResolver: GraphQLFieldResolver<unknown, ResolverContext> = (source, args, ctx, info) => {
  const impl = RESOLVERS[info.parentType.name]?.[info.fieldName];
  if (!impl) throw notImplemented(`${info.parentType.name}.${info.fieldName}`);
  return impl.resolve(source, args, ctx, info);
};

export function executeGraphQL(store: StandinStore, shop: ShopState, body: GraphQLRequestBody): GraphQLResponseBody {
  const schema = adminSchema();
  refill(shop, store.now());
  const refuse = (errors: unknown[]) => response(shop, 0, 0, { errors });

  const check = checkAdminDocument(body.query);
  if (!check.ok) {
    let document: DocumentNode | undefined;
    try {
      document = parse(body.query);
    } catch {
      document = undefined;
    }
    return refuse(check.errors.map((e) => formatError(e, document)));
  }
  const document = check.document;
  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
    return refuse([{ message, extensions: { code: "OPERATION_NOT_FOUND" } }]);
  }
  if (operation.operation === "subscription") return refuse([notImplemented("subscriptions").toJSON()]);
  if (body.variables != null && (typeof body.variables !== "object" || Array.isArray(body.variables))) {
    return refuse([{ message: "Variables must be a JSON object", extensions: { code: "INVALID_VARIABLES" } }]);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (body.variables ?? {}) as Record<string, unknown>);
  if (coerced.errors) return refuse(coerced.errors.map((e) => formatError(e, document, "INVALID_VARIABLE")));

  const statics = checkStatically(document, operation, coerced.coerced);
  if (statics.errors.length > 0) return refuse(statics.errors.map((e) => formatError(e, document)));

  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const costContext: CostContext = { schema, fragments, variables: coerced.coerced };
  const requested = operationCost(costContext, operation);
  if (requested > MAX_SINGLE_QUERY_COST) {
    return response(shop, requested, null, {
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`,
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
        },
      ],
    });
  }
  if (requested > shop.bucket.available) return throttledResponse(shop, requested);
  shop.bucket.available -= requested;

  const context: ResolverContext = { store, shop, idempotencyKeys: statics.idempotencyKeys };
  const result = execute({
    schema,
    document,
    operationName,
    variableValues: body.variables as Record<string, unknown> | undefined,
    contextValue: context,
    fieldResolver,
  });
  if (result instanceof Promise) throw new Error("stand-in resolvers are synchronous");
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = Math.min(requested, operationCost(costContext, operation, data));
  // Shopify charges the requested cost up front and refunds the difference after execution.
  shop.bucket.available += requested - actual;
  return response(shop, requested, actual, {
    ...(result.errors ? { errors: result.errors.map((e) => formatError(e, document, "INTERNAL_SERVER_ERROR")) } : {}),
    data: result.data ?? null,
  });
}
