import type { z } from "zod";

import {
  GuardrailError,
  NotFoundError,
  renameFieldErrors,
  snakeCaseFieldPath,
  StaleVersionError,
  ValidationError,
  type FieldErrors,
} from "~/domain/errors";

import { DATABASE_BUSY_RETRY_AFTER_SECONDS, isDatabaseBusy } from "~/db-client.server";
import { ReinstallNeededError, ShopNotConnectedError } from "~/services/shopify/offline-token.server";

import type { ErrorResponse } from "./schemas";

/**
 * A refusal that belongs to the API itself (no such endpoint, a replayed idempotency key used
 * for another request…), with its HTTP status; the domain's own errors map in domainErrorResponse.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: HeadersInit = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ErrorBody {
  code: string;
  message: string;
  rule?: string;
  field?: string;
  allowedActions?: readonly string[];
  fields?: FieldErrors;
}

/** Every 4xx the API returns has this one shape (schemas.ts ErrorResponse). */
export function errorJson(error: ErrorBody): z.infer<typeof ErrorResponse> {
  return {
    error: {
      code: error.code,
      message: error.message,
      rule: error.rule ?? null,
      field: error.field ?? null,
      allowed_actions: [...(error.allowedActions ?? [])],
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
}

export function errorResponse(status: number, error: ErrorBody, headers: HeadersInit = {}): Response {
  return Response.json(errorJson(error), { status, headers });
}

/** A typed error as the API's status and body; anything else is not a client error (undefined). */
export function describeError(error: unknown): { status: number; body: ErrorBody; headers?: HeadersInit } | undefined {
  if (error instanceof ApiError) {
    return { status: error.status, body: { code: error.code, message: error.message, field: error.field }, headers: error.headers };
  }
  // Services name fields as the code does (camelCase); the API's fields are snake_case, so a
  // field error names the field as the request spelled it.
  if (error instanceof ValidationError) {
    const named = renameFieldErrors(error, snakeCaseFieldPath);
    return { status: 422, body: { code: error.code, message: named.message, field: Object.keys(named.fieldErrors)[0], fields: named.fieldErrors } };
  }
  // The lifecycle's guidance, verbatim: the rule, and what the order allows instead.
  if (error instanceof GuardrailError) {
    return { status: 409, body: { code: error.code, message: error.message, rule: error.rule, allowedActions: error.allowed } };
  }
  if (error instanceof ShopNotConnectedError) {
    return {
      status: 409,
      body: { code: "shop_not_connected", message: "Inbound has no Shopify access for this shop; open the app in Shopify admin to reinstall it." },
    };
  }
  // Shopify refused to renew the shop's offline token: only the merchant can restore it.
  if (error instanceof ReinstallNeededError) {
    return {
      status: 409,
      body: {
        code: "shop_reinstall_needed",
        message: `Shopify stopped Inbound's access to this shop on ${error.since.toISOString()} (${error.reason}). Open Inbound from the Shopify admin to reconnect it (reinstall it if it is no longer listed); changes to Shopify wait until then.`,
      },
    };
  }
  if (error instanceof NotFoundError) return { status: 404, body: { code: error.code, message: error.message } };
  if (error instanceof StaleVersionError) return { status: 409, body: { code: error.code, message: error.message } };
  // Another process held the database past the bound (decision 010): nothing was changed, so
  // the same request may simply be sent again.
  if (isDatabaseBusy(error)) {
    return {
      status: 503,
      body: { code: "database_busy", message: "Inbound's database is busy with other changes; nothing was changed. Try again shortly." },
      headers: { "Retry-After": String(DATABASE_BUSY_RETRY_AFTER_SECONDS) },
    };
  }
  return undefined;
}

/** The typed error as the API's response; undefined for anything else (a failure on our side). */
export function domainErrorResponse(error: unknown): Response | undefined {
  const described = describeError(error);
  return described && errorResponse(described.status, described.body, described.headers);
}
