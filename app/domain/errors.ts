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
    super(
      `This purchase order changed since you loaded it (version ${expectedVersion}, now ${currentVersion}). Reload it and try again.`,
    );
    this.name = "StaleVersionError";
  }
}
