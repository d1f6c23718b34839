import type { z } from "zod";

import { ValidationError } from "~/domain/errors";

/**
 * Parses a request's query or body with a strict schema; anything wrong, unknown fields
 * included, becomes a ValidationError naming each field.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) fieldErrors[[...issue.path, key].join(".")] ??= "Unknown field";
    } else {
      fieldErrors[issue.path.join(".") || "body"] ??= issue.message;
    }
  }
  throw new ValidationError(fieldErrors);
}

/** A query string as a plain object, for parseInput (`search[status]` stays one key). */
export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
