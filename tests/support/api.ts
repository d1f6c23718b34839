import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";

import type { PrismaClient } from "@prisma/client";

import type { ApiOperation } from "~/api/operation";

import type { NewProduct } from "../standin/store";

import type { Json } from "./json";
import { startRouteServer } from "./route-server";
import { matchScreenRoute } from "./screens";

/**
 * The REST API and the MCP server over real HTTP, as clients reach them: a Node HTTP server in
 * front of the app's own route modules (/api/v1/*, /api/v1/openapi.json, /mcp), and of the
 * embedded screens' routes (/app/*: a post reaches the route's action, a GET its loader; see
 * ./screens.ts). Import after setting the environment (tests/support/app-env.ts), as for any app
 * module.
 *
 * Every response a test receives is checked against the OpenAPI document the app serves (the
 * contract): a 2xx or 4xx body the document does not describe for that operation and status fails
 * the test, so the document and the endpoints cannot drift.
 */

export interface ApiServer {
  origin: string;
  /** The app's operations (imported once the environment is set, as the app imports them). */
  operations: readonly ApiOperation[];
  /** The OpenAPI document the app serves, as served. */
  document: OpenApiDocument;
  /**
   * Fails (throws) when the document does not describe `status` for the operation at `method path`,
   * or `body` does not match it: what every client call checks, for tests that send requests of their own.
   */
  checkContract(method: string, path: string, status: number, body: unknown): void;
  client(key: string | null): ApiClient;
  close(): Promise<void>;
}

export interface ApiResult<Body = Json> {
  status: number;
  headers: Headers;
  /** The 2xx body (validated against the document). */
  body: Body;
  /** The 4xx/5xx error (validated against the document's Error). */
  error: ErrorBody | undefined;
}

export interface ErrorBody {
  code: string;
  message: string;
  rule: string | null;
  field: string | null;
  allowed_actions: string[];
  fields?: Record<string, string>;
}

export interface RequestOptions {
  body?: unknown;
  /** Multipart form (file uploads); sent instead of a JSON body. */
  form?: FormData;
  headers?: Record<string, string>;
}

export interface OperationCall {
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

export interface ApiClient {
  request<Body = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResult<Body>>;
  /** Calls an operation by name (its OpenAPI operationId), filling its path from `params`. */
  call<Body = Json>(operationName: string, call?: OperationCall): Promise<ApiResult<Body>>;
}

export async function startApiServer(): Promise<ApiServer> {
  const api = await import("~/routes/api.v1.$");
  const openapi = await import("~/routes/api.v1.openapi[.json]");
  const mcp = await import("~/routes/mcp");
  const { API_OPERATIONS } = await import("~/api/operations");
  const { matchOperation } = await import("~/api/router.server");

  const server = await startRouteServer(async (url) => {
    if (url.pathname === "/api/v1/openapi.json") return { module: openapi };
    if (url.pathname.startsWith("/api/v1/")) return { module: api };
    if (url.pathname === "/mcp") return { module: mcp };
    const screen = url.pathname === "/app" || url.pathname.startsWith("/app/") ? matchScreenRoute(url.pathname) : null;
    return screen ? { module: await screen.route.load(), params: screen.params } : null;
  });
  const { origin } = server;

  const document = (await (await fetch(`${origin}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, "openapi");
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };

  /** The contract: the document describes this status for this operation, and the body fits it. */
  function checkContract(method: string, path: string, status: number, body: unknown) {
    const matched = matchOperation(method, path.replace(/^\/api\/v1/, "").split("?")[0]!);
    if (!("operation" in matched)) {
      expect(status, `${method} ${path}: not an operation of the document`).toBeGreaterThanOrEqual(400);
      validatorFor("/components/schemas/Error")(body);
      return;
    }
    const { operation } = matched;
    const documented = document.paths[operation.path]?.[operation.method.toLowerCase()]?.responses?.[String(status)];
    expect(documented, `${operation.method} ${operation.path} answered ${status}, which the OpenAPI document does not describe`).toBeDefined();
    const pointer = `/paths/${escapePointer(operation.path)}/${operation.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = validatorFor(pointer);
    if (!validate(body)) {
      throw new Error(
        `${operation.method} ${operation.path} ${status}: the body does not match the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body, null, 2).slice(0, 2000)}`,
      );
    }
  }

  function client(key: string | null): ApiClient {
    const request = async (method: string, path: string, options: RequestOptions = {}): Promise<ApiResult> => {
      const headers: Record<string, string> = { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...options.headers };
      let body: BodyInit | undefined;
      if (options.form) body = options.form;
      else if (options.body !== undefined) {
        // Text and bytes are sent as they are (bytes that are not UTF-8, say); anything else as JSON.
        body = typeof options.body === "string" || options.body instanceof Uint8Array ? (options.body as BodyInit) : JSON.stringify(options.body);
        headers["Content-Type"] ??= "application/json";
      }
      const response = await fetch(`${origin}${path}`, { method, headers, body });
      const text = await response.text();
      const parsed: unknown = text ? JSON.parse(text) : undefined;
      checkContract(method, path, response.status, parsed);
      return response.ok
        ? { status: response.status, headers: response.headers, body: parsed, error: undefined }
        : { status: response.status, headers: response.headers, body: undefined, error: (parsed as { error: ErrorBody }).error };
    };
    return {
      request,
      call(operationName, call = {}) {
        const operation = API_OPERATIONS.find((candidate) => candidate.name === operationName);
        if (!operation) throw new Error(`No operation ${operationName}`);
        const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = call.params?.[name];
          if (value === undefined) throw new Error(`${operationName}: give params.${name}`);
          return encodeURIComponent(value);
        });
        const query = new URLSearchParams(Object.entries(call.query ?? {}).map(([name, value]) => [name, String(value)])).toString();
        return request(operation.method, `/api/v1${path}${query ? `?${query}` : ""}`, {
          body: call.body,
          form: call.form,
          headers: call.headers,
        });
      },
    };
  }

  return {
    origin,
    operations: API_OPERATIONS,
    document,
    checkContract,
    client,
    close: () => server.close(),
  };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  parameters?: Array<{ name: string; in: "path" | "query" | "header"; required: boolean; schema: object }>;
  requestBody?: { required: boolean; content: Record<string, { schema: object }> };
  responses?: Record<string, unknown>;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The product "Widget" (vendor Acme) with `count` variants W-1…: price 5.00, 6.00…, unit cost 2.00, 3.00… */
export function widget(count = 1): NewProduct {
  return {
    title: "Widget",
    vendor: "Acme",
    variants: Array.from({ length: count }, (_, index) => ({ sku: `W-${index + 1}`, price: `${5 + index}.00`, unitCost: `${2 + index}.00` })),
  };
}

/**
 * A whole API test setup: a stand-in Shopify shop with `products` (one location, "Warehouse"),
 * the same shop installed in a fresh database with the supplier Acme and an offline session (so
 * operations reach Shopify through the production gateway), demo environment pointing the app
 * at the stand-in, the API server, and a read and a write key. `close()` tears it all down.
 */
export async function startApiFixture(domain: string, products: NewProduct[] = []) {
  const { startStandin } = await import("../standin");
  const { createTestDatabase } = await import("./database");
  const { standinShop } = await import("./shopify");
  const { useDemoEnvironment } = await import("./app-env");
  const { offlineSessionId } = await import("~/services/shops.server");
  const { createApiKey } = await import("~/services/api-keys.server");

  const standin = await startStandin({ seedDemoShop: false });
  const database = await createTestDatabase();
  // Files uploaded through the API stay out of the repository: the app's storage reads its
  // directory when first imported (by the routes, below).
  const filesDirectory = mkdtempSync(path.join(tmpdir(), "inbound-api-files-"));
  process.env.INBOUND_FILES_DIR = filesDirectory;
  const shop = await standinShop(standin, database.db, domain, products);
  await database.db.session.create({ data: { id: offlineSessionId(domain), shop: domain, state: "", accessToken: shop.accessToken } });
  useDemoEnvironment(domain, standin.origin, database.url);
  const server = await startApiServer();
  const merchant = { type: "merchant", id: "merchant-1" } as const;
  const readKey = (await createApiKey(database.db, domain, merchant, { name: "Reader", scope: "read" })).key;
  const writeKey = (await createApiKey(database.db, domain, merchant, { name: "Writer", scope: "write" })).key;
  return {
    ...shop,
    domain,
    filesDirectory,
    standin,
    database,
    db: database.db,
    server,
    readKey,
    writeKey,
    reader: server.client(readKey),
    writer: server.client(writeKey),
    /** Fills every key's rate-limit bucket (60 calls), for files that make many calls: call it in beforeEach. */
    async refill() {
      await database.db.apiKey.updateMany({ data: { tokens: 60, tokensAt: new Date() } });
    },
    async close() {
      await server.close();
      const { default: prisma } = await import("~/db.server");
      await prisma.$disconnect();
      await database.cleanup();
      await standin.close();
      rmSync(filesDirectory, { recursive: true, force: true });
      delete process.env.INBOUND_FILES_DIR;
    },
  };
}

export type ApiFixture = Awaited<ReturnType<typeof startApiFixture>>;

/**
 * Email sending set up for a shop (an SMTP server nobody listens on: emails are queued, and
 * nothing sends them while a test runs) and an address for its supplier, so sending or re-sending
 * an order by email is accepted.
 */
export async function emailSendingReady(db: PrismaClient, shopDomain: string, writer: ApiClient, supplierId: string): Promise<void> {
  const { saveEmailSettings } = await import("~/services/email/settings.server");
  await saveEmailSettings(
    db,
    shopDomain,
    { type: "merchant", id: "merchant-1" },
    {
      senderName: "Shop",
      senderEmail: "shop@example.com",
      smtpHost: "127.0.0.1",
      smtpPort: "2525",
      smtpSecurity: "none",
      clearPassword: false,
    },
  );
  const supplier = await writer.call("update_supplier", { params: { id: supplierId }, body: { email: "orders@acme.example" } });
  expect(supplier.status).toBe(200);
}
