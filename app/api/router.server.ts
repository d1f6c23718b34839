import type { PrismaClient } from "@prisma/client";

import { ValidationError } from "~/domain/errors";
import { MAX_ATTACHED_FILE_BYTES, MAX_FILES_PER_OWNER } from "~/domain/files";
import { readFormBody, UnreadableFormError } from "~/http/forms.server";
import { log, withLogContext, withRequestLog } from "~/log.server";
import { authenticateApiKey, recordApiCall, type ApiPrincipal } from "~/services/api-keys.server";
import { claimIdempotencyKey, releaseIdempotencyKey, requestFingerprint, settleIdempotencyKey } from "~/services/idempotency.server";

import { admit, operationContext, unauthorizedResponse } from "./access.server";
import { ApiError, domainErrorResponse, errorResponse } from "./errors.server";
import { queryObject } from "./input";
import { parseOperationInput, type ApiOperation, type HttpMethod, type UploadedFile } from "./operation";
import { API_OPERATIONS } from "./operations";

/**
 * The REST API: `/api/v1/*` requests matched to their operation (operations/), authenticated by
 * API key, parsed strictly, run, logged per key. POSTs may carry an Idempotency-Key.
 */

export const API_PREFIX = "/api/v1";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The most a JSON body may weigh (a 500-item order is far below it). */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;
/** The most a multipart upload may weigh: every file an owner may hold, at their largest, and the form around them. */
export const MAX_MULTIPART_BODY_BYTES = MAX_FILES_PER_OWNER * MAX_ATTACHED_FILE_BYTES + 1024 * 1024;

interface CompiledRoute {
  operation: ApiOperation;
  pattern: RegExp;
  /** Literal segments win over parameters: /purchase_orders/by_supplier before /purchase_orders/{id}. */
  parameters: number;
}

const ROUTES: CompiledRoute[] = API_OPERATIONS.map((operation) => ({
  operation,
  pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`)}$`),
  parameters: (operation.path.match(/\{/g) ?? []).length,
}));

export function matchOperation(
  method: string,
  path: string,
): { operation: ApiOperation; params: Record<string, string> } | { allowed: HttpMethod[] } {
  const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) }))
    .filter((candidate): candidate is { route: CompiledRoute; match: RegExpExecArray } => candidate.match !== null)
    .sort((a, b) => a.route.parameters - b.route.parameters);
  const chosen = matching.find(({ route }) => route.operation.method === method);
  if (!chosen) return { allowed: [...new Set(matching.map(({ route }) => route.operation.method))] };
  const params = Object.fromEntries(Object.entries(chosen.match.groups ?? {}).map(([name, value]) => [name, decodedSegment(value)]));
  return { operation: chosen.route.operation, params };
}

/** A path segment decoded; one whose percent-encoding does not decode stays as sent, and its parameter's shape refuses it (422 naming it). */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Answers one REST call; every log line of it, and every effect it stages, carries its request id (X-Request-Id). */
export function handleApiRequest(db: PrismaClient, request: Request): Promise<Response> {
  return withRequestLog(request, () => answerApiRequest(db, request));
}

async function answerApiRequest(db: PrismaClient, request: Request): Promise<Response> {
  const started = performance.now();
  const url = new URL(request.url);
  const path = url.pathname.slice(API_PREFIX.length) || "/";
  const matched = matchOperation(request.method, path);
  const target = "operation" in matched ? `${matched.operation.method} ${API_PREFIX}${matched.operation.path}` : `${request.method} ${url.pathname}`;
  const failed = (error: unknown) => {
    const refused = domainErrorResponse(error);
    if (refused) return refused;
    log.error("API call failed", { target, error });
    return errorResponse(500, { code: "internal_error", message: "Something went wrong on our side." });
  };
  // Even the key's check reads the database, so a database held by another process past the bound is a 503 here too.
  const principal = await authenticateApiKey(db, request.headers.get("Authorization")).catch(failed);
  if (principal instanceof Response) return principal;
  if (!principal) return unauthorizedResponse();
  const response = await withLogContext({ shop: principal.shopDomain }, () => respond(db, request, principal, matched)).catch(failed);
  // The call log records the answer; failing to write it must not turn an answer already decided (a write
  // done, a refusal) into an error.
  await recordApiCall(db, principal.keyId, target, response.status, performance.now() - started).catch((error: unknown) =>
    log.error("API call log not written", { target, shop: principal.shopDomain, error }),
  );
  return response;
}

async function respond(db: PrismaClient, request: Request, principal: ApiPrincipal, matched: ReturnType<typeof matchOperation>): Promise<Response> {
  if (!("operation" in matched)) {
    if (matched.allowed.length === 0) throw new ApiError(404, "unknown_endpoint", "No such endpoint; see /api/v1/openapi.json.");
    throw new ApiError(405, "method_not_allowed", `This endpoint answers ${matched.allowed.join(", ")}.`, undefined, {
      Allow: matched.allowed.join(", "),
    });
  }
  const { operation, params } = matched;
  await admit(db, principal, operation.scope);
  const raw = await readBody(request, operation.multipart ? MAX_MULTIPART_BODY_BYTES : MAX_JSON_BODY_BYTES);
  const idempotencyKey = request.headers.get("Idempotency-Key");
  if (idempotencyKey === null || request.method !== "POST") return run(db, request, principal, operation, params, raw);

  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ValidationError({ "Idempotency-Key": "1 to 255 visible ASCII characters, unique per request you mean (e.g. a UUID)" });
  }
  const url = new URL(request.url);
  const claim = await claimIdempotencyKey(db, principal.keyId, idempotencyKey, requestFingerprint(request.method, url.pathname + url.search, raw));
  switch (claim.kind) {
    case "replay":
      return new Response(claim.result.body, {
        status: claim.result.status,
        headers: { "Content-Type": "application/json", "Idempotent-Replayed": "true" },
      });
    case "mismatch":
      throw new ApiError(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different request; use a new key for a new request.",
        "Idempotency-Key",
      );
    case "in_progress":
      throw new ApiError(
        409,
        "idempotency_request_in_progress",
        "The first request with this Idempotency-Key is still running; retry shortly.",
        "Idempotency-Key",
      );
    case "claimed": {
      let response: Response;
      try {
        response = await run(db, request, principal, operation, params, raw);
      } catch (error) {
        const refused = domainErrorResponse(error);
        if (!refused) {
          await releaseIdempotencyKey(db, claim.claimId);
          throw error;
        }
        response = refused;
      }
      // Refusals are answers too (replayed as such); only our own failures let a retry run again.
      if (response.status >= 500) {
        await releaseIdempotencyKey(db, claim.claimId);
        return response;
      }
      const body = await response.text();
      await settleIdempotencyKey(db, claim.claimId, { status: response.status, body });
      return new Response(body, { status: response.status, headers: response.headers });
    }
  }
}

async function run(
  db: PrismaClient,
  request: Request,
  principal: ApiPrincipal,
  operation: ApiOperation,
  rawParams: Record<string, string>,
  raw: Uint8Array,
): Promise<Response> {
  const { fields, files } = await bodyFields(request, operation, raw);
  const input = parseOperationInput(operation, { params: rawParams, query: queryObject(request), body: fields }, files);
  const result = await operation.handle(operationContext(db, principal), input);
  return Response.json(result, { status: operation.status ?? 200 });
}

/** The raw body, refused (413) as soon as it is larger than `limit`, so an oversized upload is never held whole. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, "payload_too_large", `The body may be at most ${Math.floor(limit / (1024 * 1024))} MB.`, "body");
  if (Number(request.headers.get("Content-Length") ?? 0) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/** The body's fields (JSON object or multipart fields) and files; empty for reads and deletes. */
async function bodyFields(request: Request, operation: ApiOperation, raw: Uint8Array): Promise<{ fields: unknown; files: UploadedFile[] }> {
  if (raw.byteLength === 0) return { fields: {}, files: [] };
  const contentType = request.headers.get("Content-Type") ?? "";
  if (operation.multipart) {
    if (!contentType.startsWith("multipart/form-data")) {
      throw new ApiError(415, "unsupported_media_type", "Send the files as multipart/form-data.", "Content-Type");
    }
    const form = await readFormBody(
      new Request(request.url, { method: "POST", body: Buffer.from(raw), headers: { "Content-Type": contentType } }),
    ).catch((error: unknown) => {
      throw error instanceof UnreadableFormError ? new ValidationError({ body: error.message }) : error;
    });
    // Entries, not assignments: a field named `__proto__` stays a field (and is refused by name).
    const fields: Array<[string, string]> = [];
    const files: UploadedFile[] = [];
    for (const [name, value] of form) {
      if (typeof value === "string") fields.push([name, value]);
      else files.push({ fileName: value.name, contentType: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    return { fields: Object.fromEntries(fields), files };
  }
  if (!/^application\/(.+\+)?json\b/.test(contentType)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json).", "Content-Type");
  }
  let text: string;
  try {
    // JSON is UTF-8 (RFC 8259): bytes that are not are refused, never read as U+FFFD and stored as such.
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new ValidationError({ body: "Not valid UTF-8: send the JSON body as UTF-8 text" });
  }
  let fields: unknown;
  try {
    fields = JSON.parse(text);
  } catch {
    throw new ValidationError({ body: "Not valid JSON" });
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) throw new ValidationError({ body: "Send a JSON object" });
  return { fields, files: [] };
}
