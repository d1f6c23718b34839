import { ValidationError, type FieldErrors } from "./errors";

/** For the core's tests: the field errors `run` refuses with (failing if it does not refuse). */
export function fieldErrors(run: () => unknown): FieldErrors {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.fieldErrors;
    throw error;
  }
  throw new Error("expected a ValidationError");
}
