import type { z } from "zod";

import { ValidationError } from "~/domain/errors";
import { inputTextProblems } from "~/domain/input";

/**
 * Parses a request's path parameters, query or body with a strict schema; anything wrong, unknown
 * fields included, becomes a ValidationError naming each field. Text first passes the domain's
 * text rule (no control characters, no reserved keys such as `__proto__`), so what a handler
 * stores is exactly what was sent, or nothing.
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const textProblems = inputTextProblems(input);
  if (Object.keys(textProblems).length > 0) throw new ValidationError(textProblems);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Collected as entries, so any field name (even `__proto__`) becomes a field of the error.
  const fieldErrors = new Map<string, string>();
  const add = (field: string, message: string) => {
    if (!fieldErrors.has(field)) fieldErrors.set(field, message);
  };
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key].join("."), "Unknown field");
    } else {
      add(issue.path.join(".") || "body", issue.message);
    }
  }
  throw new ValidationError(Object.fromEntries(fieldErrors));
}

/**
 * A query string as a plain object, for parseInput (`search[status]` stays one key). A parameter
 * given more than once is an array: never one of its values silently dropped.
 */
export function queryObject(request: Request): Record<string, string | string[]> {
  const query = new Map<string, string | string[]>();
  for (const [name, value] of new URL(request.url).searchParams) {
    const earlier = query.get(name);
    query.set(name, earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value]);
  }
  return Object.fromEntries(query);
}
