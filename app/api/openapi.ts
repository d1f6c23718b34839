import { z } from "zod";

import { apiSchemas, PurchaseOrderListQuery } from "./schemas";

/**
 * The OpenAPI 3.1 document served at /api/v1/openapi.json. Components and query parameters are
 * generated from the zod schemas the endpoints parse and respond with (schemas.ts).
 */

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (id: string, description: string) => ({ description, content: { "application/json": { schema: ref(id) } } });

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) without the per-schema `$schema`/`$id` keys. */
function jsonSchema(schema: z.ZodType) {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

function components() {
  const { schemas } = z.toJSONSchema(apiSchemas, { uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
}

const errors = {
  "401": json("Error", "No API key, or an unknown or revoked one."),
  "422": json("Error", "Invalid input, unknown fields included; `field` names the first field at fault, `fields` all of them."),
  "429": {
    ...json("Error", "Too many requests for this key."),
    headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } },
  },
};

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Inbound REST API",
      version: "1.0.0",
      description:
        "Purchase orders of the shop the API key belongs to. Authenticate with `Authorization: Bearer <key>` (Settings → API access). " +
        "Every 4xx has the one error shape `Error`.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ apiKey: [] }],
    paths: {
      "/purchase_orders": {
        get: {
          operationId: "listPurchaseOrders",
          summary: "Search purchase orders, newest first (read scope).",
          parameters: Object.entries(PurchaseOrderListQuery.shape).map(([name, schema]) => ({
            name,
            in: "query",
            required: false,
            schema: jsonSchema(schema),
          })),
          responses: { "200": json("PurchaseOrderList", "One page of orders and the paging."), ...errors },
        },
      },
      "/purchase_orders/{id}": {
        get: {
          operationId: "getPurchaseOrder",
          summary: "One purchase order with its lines, quantities, totals and allowed actions (read scope).",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": json("PurchaseOrder", "The order."),
            "404": json("Error", "No such order in this key's shop."),
            ...errors,
          },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An Inbound API key (inb_…)." } },
      schemas: components(),
    },
  };
}
