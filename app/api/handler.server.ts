import type { LoaderFunctionArgs } from "@remix-run/node";

import prisma from "~/db.server";
import { authenticateApiKey, recordApiCall, takeRateLimitToken, type ApiPrincipal, type ApiScope } from "~/services/api-keys.server";

import { domainErrorResponse, errorResponse } from "./errors.server";

export interface ApiContext {
  request: Request;
  params: LoaderFunctionArgs["params"];
  principal: ApiPrincipal;
}

/**
 * Wraps a REST loader or action: authenticates the Bearer key, checks its scope, takes a
 * rate-limit token, runs `handle` and logs the call against the key. `handle` returns the body
 * (sent as 200 JSON) or a Response; the domain's typed errors become the one error shape.
 * `pattern` is the route's path as documented (`/api/v1/purchase_orders/{id}`), so the call
 * log groups calls by endpoint, not by id.
 */
export function apiHandler(scope: ApiScope, pattern: string, handle: (context: ApiContext) => Promise<unknown>) {
  return async ({ request, params }: Pick<LoaderFunctionArgs, "request" | "params">): Promise<Response> => {
    const started = performance.now();
    const principal = await authenticateApiKey(prisma, request.headers.get("Authorization"));
    if (!principal) {
      return errorResponse(
        401,
        { code: "unauthorized", message: "Send a valid API key as `Authorization: Bearer <key>`." },
        { "WWW-Authenticate": 'Bearer realm="inbound"' },
      );
    }
    const response = await respond(principal);
    await recordApiCall(prisma, principal.keyId, `${request.method} ${pattern}`, response.status, performance.now() - started);
    return response;

    async function respond(principal: ApiPrincipal): Promise<Response> {
      if (scope === "write" && principal.scope !== "write") {
        return errorResponse(403, {
          code: "insufficient_scope",
          message: "This endpoint needs an API key with the write scope; this key is read-only.",
        });
      }
      const token = await takeRateLimitToken(prisma, principal.keyId);
      if (!token.ok) {
        return errorResponse(
          429,
          { code: "rate_limited", message: `Too many requests for this key; retry in ${token.retryAfterSeconds} s.` },
          { "Retry-After": String(token.retryAfterSeconds) },
        );
      }
      try {
        const result = await handle({ request, params, principal });
        return result instanceof Response ? result : Response.json(result);
      } catch (error) {
        const response = domainErrorResponse(error);
        if (response) return response;
        console.error(`${request.method} ${pattern} failed`, error);
        return errorResponse(500, { code: "internal_error", message: "Something went wrong on our side." });
      }
    }
  };
}
