import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

const schemaFile = new URL("./admin-2026-10.introspection.json.gz", import.meta.url);

let cached: GraphQLSchema | undefined;

/** Shopify's real Admin API schema for the version Inbound declares (built once per process). */
export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const introspection = JSON.parse(gunzipSync(readFileSync(schemaFile)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(introspection.data);
  }
  return cached;
}

export type DocumentCheck = { ok: true; document: DocumentNode } | { ok: false; errors: readonly GraphQLError[] };

/** Parses and validates a document exactly as a GraphQL server holding Shopify's schema would. */
export function checkAdminDocument(source: string): DocumentCheck {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return { ok: false, errors: [error as GraphQLError] };
  }
  const errors = validate(adminSchema(), document, specifiedRules);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, document };
}
