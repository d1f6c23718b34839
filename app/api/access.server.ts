import type { PrismaClient } from "@prisma/client";

import { env } from "~/env.server";
import { requireOfflineGateway } from "~/jobs/offline-gateway.server";
import { takeRateLimitToken, type ApiPrincipal, type ApiScope } from "~/services/api-keys.server";

import { ApiError, errorResponse } from "./errors.server";
import type { OperationContext } from "./operation";

/** What REST and MCP both check before an operation runs, and the context it runs in. */

export function unauthorizedResponse(): Response {
  return errorResponse(
    401,
    { code: "unauthorized", message: "Send a valid API key as `Authorization: Bearer <key>`." },
    { "WWW-Authenticate": 'Bearer realm="inbound"' },
  );
}

/** The key's scope covers the operation, and its rate limit has a token (throws ApiError 403 / 429). */
export async function admit(db: PrismaClient, principal: ApiPrincipal, scope: ApiScope): Promise<void> {
  if (scope === "write" && principal.scope !== "write") {
    throw new ApiError(403, "insufficient_scope", "This needs an API key with the write scope; this key is read-only.");
  }
  const token = await takeRateLimitToken(db, principal.keyId);
  if (!token.ok) {
    throw new ApiError(429, "rate_limited", `Too many requests for this key; retry in ${token.retryAfterSeconds} s.`, undefined, {
      "Retry-After": String(token.retryAfterSeconds),
    });
  }
}

export function operationContext(db: PrismaClient, principal: ApiPrincipal): OperationContext {
  return {
    db,
    principal,
    shopDomain: principal.shopDomain,
    actor: { type: "api_key", id: principal.keyId },
    // No token, or Shopify refused to renew it: describeError (errors.server.ts) answers 409 with what to do.
    gateway: () =>
      requireOfflineGateway(db, principal.shopDomain, {
        clientId: env.shopify.apiKey,
        clientSecret: env.shopify.apiSecret,
        ...(env.demo ? { adminApiOrigin: env.demo.adminApiOrigin } : {}),
      }),
  };
}
