import type { z } from "zod";

import { GuardrailError, NotFoundError, StaleVersionError, ValidationError, type FieldErrors } from "~/domain/errors";

import type { ErrorResponse } from "./schemas";

/** Every 4xx the API returns has this one shape (schemas.ts ErrorResponse). */
export function errorResponse(
  status: number,
  error: { code: string; message: string; rule?: string; field?: string; allowedActions?: readonly string[]; fields?: FieldErrors },
  headers: HeadersInit = {},
): Response {
  const body: z.infer<typeof ErrorResponse> = {
    error: {
      code: error.code,
      message: error.message,
      rule: error.rule ?? null,
      field: error.field ?? null,
      allowed_actions: [...(error.allowedActions ?? [])],
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
  return Response.json(body, { status, headers });
}

/** The domain's typed errors as API responses; anything else is not a client error (undefined). */
export function domainErrorResponse(error: unknown): Response | undefined {
  if (error instanceof ValidationError) {
    return errorResponse(422, {
      code: error.code,
      message: error.message,
      field: Object.keys(error.fieldErrors)[0],
      fields: error.fieldErrors,
    });
  }
  // The lifecycle's guidance, verbatim: the rule, and what the order allows instead.
  if (error instanceof GuardrailError) {
    return errorResponse(409, { code: error.code, message: error.message, rule: error.rule, allowedActions: error.allowed });
  }
  if (error instanceof NotFoundError) return errorResponse(404, { code: error.code, message: error.message });
  if (error instanceof StaleVersionError) return errorResponse(409, { code: error.code, message: error.message });
  return undefined;
}
