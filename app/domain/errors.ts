/**
 * Errors the domain raises. Each carries structured data (which field, which rule) so that
 * screens, the API and assistants render or act on it without matching message text.
 */

/** Field path → what is wrong and what is allowed, e.g. `lines.0.quantity`. */
export type FieldErrors = Record<string, string>;

/**
 * Field errors that name a line by its place in the input (`lines.3.quantity`), renamed as
 * `name` says (screens name lines by id or key); other fields, and lines `name` returns
 * undefined for, keep their names.
 */
export function renameLineErrors(errors: FieldErrors, name: (index: number, field: string) => string | undefined): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const match = /^lines\.(\d+)\.(\w+)$/.exec(field);
      return [(match ? name(Number(match[1]), match[2]!) : undefined) ?? field, message];
    }),
  );
}

/**
 * A camelCase field path in snake_case (`lines.0.quantityDelivered` → `lines.0.quantity_delivered`);
 * names that are not camelCase (`Idempotency-Key`, `search[status]`) stay as they are.
 */
export function snakeCaseFieldPath(field: string): string {
  return field.replace(/(?<=[a-z0-9])[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** The same errors under other field names. */
export function renameFieldErrors(error: ValidationError, rename: (field: string) => string): ValidationError {
  return new ValidationError(Object.fromEntries(Object.entries(error.fieldErrors).map(([field, message]) => [rename(field), message])));
}

/** Runs `run`, renaming the fields of a ValidationError it throws (sync or async), e.g. to a request's own names. */
export function withRenamedFields<T>(rename: (field: string) => string, run: () => T): T {
  const renamed = (error: unknown) => (error instanceof ValidationError ? renameFieldErrors(error, rename) : error);
  try {
    const result = run();
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(renamed(error))) : result) as T;
  } catch (error) {
    throw renamed(error);
  }
}

export class ValidationError extends Error {
  readonly code = "validation_failed";
  constructor(readonly fieldErrors: FieldErrors) {
    super(
      `Invalid input: ${Object.entries(fieldErrors)
        .map(([field, problem]) => `${field}: ${problem}`)
        .join("; ")}`,
    );
    this.name = "ValidationError";
  }
}

export class NotFoundError extends Error {
  readonly code = "not_found";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
    this.name = "NotFoundError";
  }
}

/**
 * A refused lifecycle action, as guidance: the rule that applied, the order's status, and the
 * actions allowed from here, so a merchant, an API client or an assistant can self-correct
 * from this alone. Rendered in the UI and returned by the API verbatim (`toJSON`).
 */
export type GuardrailCode = "invalid_transition" | "blocked_by_quantities" | "precondition_failed";

export class GuardrailError extends Error {
  constructor(
    readonly code: GuardrailCode,
    readonly rule: string,
    readonly status: string,
    readonly allowed: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = "GuardrailError";
  }

  toJSON() {
    return { code: this.code, rule: this.rule, status: this.status, allowed: this.allowed, message: this.message };
  }
}

/** Optimistic concurrency: the order changed since the caller loaded it. */
export class StaleVersionError extends Error {
  readonly code = "stale_version";
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`This purchase order changed since you loaded it (version ${expectedVersion}, now ${currentVersion}). Reload it and try again.`);
    this.name = "StaleVersionError";
  }
}
