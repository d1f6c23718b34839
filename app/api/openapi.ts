import { z } from "zod";

import type { ApiOperation } from "./operation";
import { API_OPERATIONS } from "./operations";
import { apiSchemas, requestSchemas } from "./schemas";

/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the operations
 * (operations/) and the zod schemas they parse and answer with, so it cannot drift from them.
 */

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object, description: string) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(ref("Error"), description);

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) without the per-schema `$schema` key. */
function jsonSchema(schema: z.ZodType, io: "input" | "output") {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

/** A registered schema by reference to its component, any other inline. */
function schemaOf(schema: z.ZodType, io: "input" | "output") {
  const id = (io === "input" ? requestSchemas : apiSchemas).get(schema)?.id;
  return id ? ref(id) : jsonSchema(schema, io);
}

/** Responses as the API writes them (output), request bodies as clients send them (input). */
function components() {
  const of = (registry: typeof apiSchemas, io: "input" | "output") => {
    const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, unrepresentable: "any" });
    return Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema] as const);
  };
  return Object.fromEntries([...of(apiSchemas, "output"), ...of(requestSchemas, "input")]);
}

function parameters(operation: ApiOperation) {
  const examples = (operation.queryExamples ?? {}) as Record<string, readonly string[] | undefined>;
  const of = (schema: z.ZodObject | undefined, place: "path" | "query") =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => ({
      name,
      in: place,
      required: place === "path" || !(field as z.ZodType).safeParse(undefined).success,
      schema: jsonSchema(field as z.ZodType, "input"),
      // As written on the wire (the schema's own examples would be of the parsed value).
      ...(place === "query" && examples[name] ? { examples: Object.fromEntries(examples[name].map((value) => [value, { value }])) } : {}),
    }));
  const idempotency =
    operation.method === "POST"
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "A retry with the same key and request returns the first result (header Idempotent-Replayed: true) and changes nothing; kept 24 hours.",
            schema: { type: "string", minLength: 1, maxLength: 255 },
          },
        ]
      : [];
  return [...of(operation.params, "path"), ...of(operation.query, "query"), ...idempotency];
}

function requestBody(operation: ApiOperation) {
  if (!operation.body) return undefined;
  if (operation.multipart) {
    const body = jsonSchema(operation.body, "input") as { properties?: Record<string, unknown> };
    return {
      required: true,
      content: {
        "multipart/form-data": {
          schema: {
            ...body,
            properties: { ...body.properties, file: { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" } } },
          },
        },
      },
    };
  }
  // A body whose fields are all optional may be left out.
  return { required: !operation.body.safeParse({}).success, content: { "application/json": { schema: schemaOf(operation.body, "input") } } };
}

const retryAfter = { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } };

function responses(operation: ApiOperation) {
  const writes = operation.scope === "write";
  return {
    [String(operation.status ?? 200)]: json(schemaOf(operation.response, "output"), operation.title),
    "401": error("No API key, or an unknown or revoked one."),
    ...(writes ? { "403": error("The key is read-only (insufficient_scope).") } : {}),
    ...(operation.params ? { "404": error("No such record in this key's shop.") } : {}),
    ...(writes
      ? { "409": error("Refused by a rule: the lifecycle's guidance (rule, allowed_actions), a stale version, or an Idempotency-Key still running.") }
      : {}),
    ...(operation.multipart || operation.body
      ? { "413": error("The body is too large."), "415": error("The body is not in the media type this endpoint takes.") }
      : {}),
    "422": error("Invalid input, unknown fields included; `field` names the first field at fault, `fields` all of them."),
    "429": { ...error("Too many requests for this key."), headers: retryAfter },
    "503": {
      ...error("The database stayed busy with other changes (database_busy); nothing was changed: send the same request again."),
      headers: retryAfter,
    },
  };
}

/** Built once per process (per server URL): the operations do not change while it runs. */
const documents = new Map<string, ReturnType<typeof buildDocument>>();

export function openApiDocument(serverUrl: string) {
  let document = documents.get(serverUrl);
  if (!document) {
    document = buildDocument(serverUrl);
    documents.set(serverUrl, document);
  }
  return document;
}

function buildDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of API_OPERATIONS) {
    const body = requestBody(operation);
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = {
      operationId: operation.name,
      summary: `${operation.title} (${operation.scope} scope).`,
      description: operation.description,
      parameters: parameters(operation),
      ...(body ? { requestBody: body } : {}),
      responses: responses(operation),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Inbound REST API",
      version: "1.0.0",
      description:
        "Purchase orders, deliveries, money and suppliers of the shop the API key belongs to, under the same rules as the app. " +
        "Authenticate with `Authorization: Bearer <key>` (Settings → API access); read keys read, write keys also change. " +
        "Every 4xx has the one error shape `Error`; unknown fields in a request are refused, never ignored.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An Inbound API key (inb_…)." } },
      schemas: components(),
    },
  };
}
