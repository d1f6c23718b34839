import type { z } from "zod";

import { parseInput } from "~/api/input";
import { renameFieldErrors, ValidationError } from "~/domain/errors";

import type { Command } from "./command";

/**
 * A screen's form as a command's input: the one adapter between what the order screen posts and
 * the command's own zod schema, so the form is judged by the same schema as REST and MCP and no
 * hand parser of the same input exists (docs/decisions/013).
 *
 * It reads the form by the schema's shape, generically:
 * - a field is posted under its schema name in camelCase (`close_remainder` → `closeRemainder`,
 *   `line.unit_cost` → `line.unitCost`), unless the command names it otherwise (`formNames`);
 * - a list of lines (an array of objects with `line_id`) is posted as one field per line and
 *   column, `<column>.<lineId>` (`received.<lineId>`); a line with every column blank is left out;
 * - text is trimmed; blank is null where the schema takes null (clears a value), else left out;
 * - whole numbers are read as numbers when they look like one; anything else is passed on as the
 *   text it is, for the schema to refuse naming the field;
 * - a flag is true for "1", "true" or "on" (what the forms and checkboxes post), false otherwise.
 * Fields the schema does not name are ignored, as a form's extra fields always were.
 *
 * Refusals name the fields as the form posts them (`received.<lineId>`, `closeRemainder`), both
 * the schema's and the domain's (which names lines by their place: `lines.0.received`).
 */

/** A form's fields: a posted form, or the same fields as a URL query (an action's preview). */
export type FormFields = Pick<FormData, "get"> & Iterable<[string, FormDataEntryValue]>;

export interface FormReading {
  /** The command's input, for its schema to parse. */
  input: Record<string, unknown>;
  /** A refusal's field (a schema path, or the domain's camelCase name) as the form names it. */
  formName(path: string): string;
}

type SchemaNode = z.core.$ZodType;

const TRUE_FLAGS = ["1", "true", "on"];

export function camelCasePath(path: string): string {
  return path.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The schema under optional, default and nullable wrappers, and whether it takes null. */
function unwrap(schema: SchemaNode): { inner: SchemaNode; nullable: boolean } {
  let inner = schema;
  let nullable = false;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: SchemaNode };
    if (def.type === "nullable") nullable = true;
    if ((def.type === "optional" || def.type === "default" || def.type === "nullable") && def.innerType) inner = def.innerType;
    else return { inner, nullable };
  }
}

function typeOf(schema: SchemaNode): string {
  return (schema._zod.def as { type: string }).type;
}

function shapeOf(schema: SchemaNode): Record<string, SchemaNode> {
  return (schema._zod.def as unknown as { shape: Record<string, SchemaNode> }).shape;
}

/** A list of lines: an array of objects keyed by `line_id`. */
function lineColumns(schema: SchemaNode): string[] | null {
  if (typeOf(schema) !== "array") return null;
  const element = unwrap((schema._zod.def as unknown as { element: SchemaNode }).element).inner;
  if (typeOf(element) !== "object" || !("line_id" in shapeOf(element))) return null;
  return Object.keys(shapeOf(element)).filter((column) => column !== "line_id");
}

/** A form value as the schema's type takes it; undefined: left out. */
function valueFor(schema: SchemaNode, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const { inner, nullable } = unwrap(schema);
  const type = typeOf(inner);
  if (type === "boolean") return TRUE_FLAGS.includes(text.trim().toLowerCase());
  const trimmed = text.trim();
  if (trimmed === "") return nullable ? null : undefined;
  if (type === "number") return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
  return trimmed;
}

function formText(form: FormFields, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
}

export function readCommandForm(schema: z.ZodObject, form: FormFields, formNames: Readonly<Record<string, string>> = {}): FormReading {
  /** Per list of lines: the line ids sent (those with a value, in the order posted), and the first field each was posted under. */
  const lists = new Map<string, { sent: string[]; fieldOf: Map<string, string> }>();

  const readObject = (shape: Record<string, SchemaNode>, prefix: string): Record<string, unknown> => {
    const input: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const path = `${prefix}${key}`;
      const { inner } = unwrap(field);
      const columns = lineColumns(inner);
      if (columns) {
        const lines = readLines(path, columns, shapeOf(unwrap((inner._zod.def as unknown as { element: SchemaNode }).element).inner));
        if (lines.length > 0) input[key] = lines;
      } else if (typeOf(inner) === "object") {
        input[key] = readObject(shapeOf(inner), `${path}.`);
      } else {
        const value = valueFor(field, formText(form, formNames[path] ?? camelCasePath(path)));
        if (value !== undefined) input[key] = value;
      }
    }
    return input;
  };

  const readLines = (path: string, columns: string[], shape: Record<string, SchemaNode>): Array<Record<string, unknown>> => {
    const prefixes = new Map(columns.map((column) => [`${camelCasePath(column)}.`, column]));
    const ids: string[] = [];
    const fieldOf = new Map<string, string>();
    for (const [name] of form) {
      for (const prefix of prefixes.keys()) {
        if (!name.startsWith(prefix) || name.length === prefix.length) continue;
        const id = name.slice(prefix.length);
        if (!fieldOf.has(id)) {
          ids.push(id);
          fieldOf.set(id, name);
        }
      }
    }
    const lines = ids.flatMap((id) => {
      const line: Record<string, unknown> = {};
      for (const column of columns) {
        const value = valueFor(shape[column]!, formText(form, `${camelCasePath(column)}.${id}`));
        if (value !== undefined) line[column] = value;
      }
      return Object.keys(line).length > 0 ? [{ line_id: id, ...line }] : [];
    });
    lists.set(path, { sent: lines.map((line) => line.line_id), fieldOf });
    return lines;
  };

  const input = readObject(schema.shape as Record<string, SchemaNode>, "");

  const formName = (path: string): string => {
    for (const [listPath, list] of lists) {
      const prefix = `${listPath}.`;
      const match = path.startsWith(prefix) ? /^(\d+)\.(\w+)$/.exec(path.slice(prefix.length)) : null;
      const id = match ? list.sent[Number(match[1])] : undefined;
      if (!match || id === undefined) continue;
      const column = camelCasePath(match[2]!);
      // A line's id has no field of its own: the refusal shows at the first field posted for it.
      return column === "lineId" ? list.fieldOf.get(id)! : `${column}.${id}`;
    }
    // Errors keep the schema's names in camelCase, also where `formNames` reads a value from a
    // field of another name: the forms show them under those names (the add-line card's `line.ordered`).
    return camelCasePath(path);
  };

  return { input, formName };
}

/** A refusal with its fields named as the form posts them; other errors pass unchanged. */
export function asFormRefusal(error: unknown, reading: Pick<FormReading, "formName">): unknown {
  return error instanceof ValidationError ? renameFieldErrors(error, reading.formName) : error;
}

/**
 * The command's input from a form, parsed by the command's own schema (the same parser as REST
 * and MCP: app/api/input.ts); a refusal names the fields as the form does (`asFormRefusal`).
 */
export function parseCommandForm<Schema extends z.ZodObject>(
  command: Pick<Command<Schema>, "schema" | "formNames">,
  form: FormFields,
): { input: z.output<Schema>; reading: FormReading } {
  const reading = readCommandForm(command.schema, form, command.formNames);
  try {
    return { input: parseInput(command.schema, reading.input), reading };
  } catch (error) {
    throw asFormRefusal(error, reading);
  }
}

/** The order version the form was rendered with; none (or no digits): no concurrency check, by design. */
export function formVersion(form: Pick<FormData, "get">): number | undefined {
  const text = form.get("version");
  return typeof text === "string" && /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
