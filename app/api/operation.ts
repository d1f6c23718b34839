import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import type { ApiPrincipal, ApiScope } from "~/services/api-keys.server";
import type { Actor } from "~/services/actor";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { parseInput } from "./input";

/**
 * One thing a client can do through the API, defined once: the REST router serves it at
 * `method path`, the OpenAPI document describes it, and the MCP server offers it as a tool
 * named `name`, all from this definition, so the three cannot drift apart. `handle` calls the
 * same services the screens call.
 */

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** What a handler may use: the caller's shop (never another), who to audit, and Shopify. */
export interface OperationContext {
  db: PrismaClient;
  principal: ApiPrincipal;
  shopDomain: string;
  actor: Actor;
  /** The shop's Admin API gateway (its offline session); refused when the shop is not installed. */
  gateway(): Promise<ShopifyGateway>;
}

/** A multipart file part, for the few REST operations that take uploads. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

type Shape = z.ZodObject;

export interface OperationInput<Params extends Shape, Query extends Shape, Body extends Shape> {
  params: z.output<Params>;
  query: z.output<Query>;
  body: z.output<Body>;
  /** Uploaded files (REST multipart, MCP base64); empty for other operations. */
  files: UploadedFile[];
}

export interface ApiOperation<
  Params extends Shape = Shape,
  Query extends Shape = Shape,
  Body extends Shape = Shape,
  Response extends z.ZodType = z.ZodType,
> {
  /** snake_case: the OpenAPI operationId and the MCP tool name. */
  name: string;
  method: HttpMethod;
  /** Under /api/v1, OpenAPI style: `/purchase_orders/{id}/send`. */
  path: string;
  scope: ApiScope;
  /** A short title for people. */
  title: string;
  /** Written for a model as much as a developer: what it does, when to use it, what it returns. */
  description: string;
  params?: Params;
  query?: Query;
  /**
   * Values each query parameter takes, as a client writes them (one entry per parameter): the
   * OpenAPI document shows them, and the tests run every one through REST and MCP alike.
   */
  queryExamples?: Readonly<Record<keyof Query["shape"] & string, readonly string[]>>;
  body?: Body;
  /** The body is multipart/form-data: its files arrive in `files`, other fields are parsed by `body` (MCP: base64 `files`). */
  multipart?: boolean;
  /** The 2xx body (a schema registered in apiSchemas); its status is `status` (default 200). */
  response: Response;
  status?: 200 | 201;
  /** MCP hints: removes or undoes something the client cannot simply recreate. */
  destructive?: boolean;
  /** MCP hints: the same call twice leaves things as one call did. */
  idempotent?: boolean;
  handle(context: OperationContext, input: OperationInput<Params, Query, Body>): Promise<z.input<Response>>;
}

/** Infers an operation's input and output types from its schemas (the array below erases them). */
export function defineOperation<
  Params extends Shape = z.ZodObject<Record<never, never>>,
  Query extends Shape = z.ZodObject<Record<never, never>>,
  Body extends Shape = z.ZodObject<Record<never, never>>,
  Response extends z.ZodType = z.ZodType,
>(operation: ApiOperation<Params, Query, Body, Response>): ApiOperation {
  return operation as unknown as ApiOperation;
}

const NO_FIELDS = z.strictObject({});

/**
 * Parses what a transport (REST or MCP) received for an operation, each part by its own strict
 * schema, so both refuse the same input with the same ValidationError.
 */
export function parseOperationInput(
  operation: ApiOperation,
  raw: { params: unknown; query: unknown; body: unknown },
  files: UploadedFile[],
): OperationInput<z.ZodObject, z.ZodObject, z.ZodObject> {
  return {
    params: parseInput(operation.params ?? NO_FIELDS, raw.params),
    query: parseInput(operation.query ?? NO_FIELDS, raw.query),
    body: parseInput(operation.body ?? NO_FIELDS, raw.body),
    files,
  };
}
