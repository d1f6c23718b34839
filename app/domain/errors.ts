/**
 * Errors the domain raises. Each carries structured data (which field, which rule) so that
 * screens, the API and assistants render or act on it without matching message text.
 */

/** Field path → what is wrong and what is allowed, e.g. `lines.0.quantity`. */
export type FieldErrors = Record<string, string>;

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
