import { request as httpRequest } from "node:http";

import { HOSTILE_KEYS, HOSTILE_VALUES, bodyMutations, sample, type HostileValue } from "./corpus";

/**
 * The form attacks' vocabulary: what a field may hold by its form's own rules (kinds), the
 * mutations of a valid form, how a browser would encode it (urlencoded or multipart, over a
 * real socket), and what an answer says (status, the fields a refusal names).
 */

// ---------------------------------------------------------------------------------------------
// Fields and their kinds

export type FileValue = { fileName: string; type: string; bytes: Uint8Array };
export type FieldValue = string | FileValue;

/** The records whose ids forms carry; the neighbour shop has one of each, swapped in by the attacks. */
export type IdKind =
  | "order"
  | "line"
  | "supplier"
  | "delivery"
  | "booking"
  | "payment"
  | "credit"
  | "application"
  | "shipment"
  | "effect"
  | "file"
  | "document"
  | "item"
  | "key"
  | "exportTemplate"
  | "emailTemplate"
  | "run"
  | "location"
  | "variant"
  | "inventoryItem";

export interface FieldKind {
  /** What the form's own rules make of this text: true valid, false must be refused, undefined either (lenient by design). */
  check(text: string): boolean | undefined;
  /** Leaving the field out must be refused. */
  required: boolean;
  /** The form sends the field several times (a list); otherwise one value is expected. */
  many?: boolean;
  /** The field names a record: the neighbour's record of this kind is swapped in. */
  id?: IdKind;
  /** A JSON document in one field: its inner values are attacked too, judged by `inner`. */
  json?: { inner(path: readonly (string | number)[], value: unknown, original: unknown): boolean | undefined };
  /** An uploaded file. */
  file?: true;
}

export interface FormField {
  name: string;
  /** The name as the report shows it (ids in names replaced by their kind: `confirmed.<line>`). */
  label?: string;
  value: FieldValue;
  kind: FieldKind;
}

const trimmed = (text: string) => text.trim();
const blankOr = (required: boolean, text: string, check: (text: string) => boolean | undefined) =>
  trimmed(text) === "" ? !required : check(trimmed(text));

/** Free text of at most `max` characters (after trimming). */
export function text(max: number, { required = false } = {}): FieldKind {
  return { required, check: (value) => blankOr(required, value, (value) => value.length <= max) };
}

/** Text of a given shape (a tracking number, a country code). */
export function shaped(pattern: RegExp, { required = false, transform = (value: string) => value } = {}): FieldKind {
  return { required, check: (value) => blankOr(required, value, (value) => pattern.test(transform(value))) };
}

/** One of the form's choices (a select); anything else must be refused. */
export function choice(values: readonly string[], { required = true } = {}): FieldKind {
  return { required, check: (value) => blankOr(required, value, (value) => values.includes(value)) };
}

/** A checkbox or a hidden default: any other value means "not set", as an unticked box does. */
export const flag: FieldKind = { required: false, check: () => undefined };

/** The order version a form was rendered with: without one (or without digits) nothing is checked, by design. */
export const version: FieldKind = { required: false, check: () => undefined };

/** A whole number from `min` to `max`; blank is `blank` (valid when given). */
export function integer(
  min: number,
  max: number,
  { required = false, blankValid = !required }: { required?: boolean; blankValid?: boolean } = {},
): FieldKind {
  return {
    required,
    check: (value) => {
      if (trimmed(value) === "") return blankValid;
      if (!/^-?\d+$/.test(trimmed(value))) return false;
      const number = Number(trimmed(value));
      return Number.isSafeInteger(number) && number >= min && number <= max;
    },
  };
}

/** An amount: 0 or more (or more than 0), at most 4 decimals. */
export function money({ positive = false, required = false } = {}): FieldKind {
  return {
    required,
    check: (value) => blankOr(required, value, (value) => /^\d{1,12}(\.\d{1,4})?$/.test(value) && (!positive || Number(value) > 0)),
  };
}

/** An exchange rate: more than 0, at most 6 decimals. */
export function rate({ required = false } = {}): FieldKind {
  return { required, check: (value) => blankOr(required, value, (value) => /^\d{1,9}(\.\d{1,6})?$/.test(value) && Number(value) > 0) };
}

function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = new Date(`${value}T00:00:00Z`);
  // 2026-02-30 rolls over to March and 2026-13-45 is no date at all: neither is a day.
  return !!match && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A calendar day, YYYY-MM-DD. */
export function day({ required = false } = {}): FieldKind {
  return { required, check: (value) => blankOr(required, value, isDay) };
}

/** A day, or a time with its zone. */
export function timestamp({ required = false } = {}): FieldKind {
  return {
    required,
    check: (value) =>
      blankOr(required, value, (value) => {
        if (isDay(value)) return true;
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return false;
        const [, hours, minutes] = /T(\d{2}):(\d{2})/.exec(value)!;
        const zone = /([+-])(\d{2}):(\d{2})$/.exec(value);
        if (Number(hours) > 23 || Number(minutes) > 59 || (zone && (Number(zone[2]) > 23 || Number(zone[3]) > 59))) return false;
        return isDay(value.slice(0, 10)) ? undefined : false;
      }),
  };
}

export function email({ required = false } = {}): FieldKind {
  return shaped(/^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/, { required });
}

/** An id of one of the shop's records of `kind`: any other text names nothing of the shop's. */
export function id(kind: IdKind, { required = true, many = false } = {}): FieldKind {
  return { required, many, id: kind, check: (value) => (trimmed(value) === "" ? !required : false) };
}

/** A JSON document in one field; hostile text in its place is never one. */
export function json(inner: NonNullable<FieldKind["json"]>["inner"]): FieldKind {
  return { required: true, json: { inner }, check: () => false };
}

export const file: FieldKind = { required: true, file: true, check: () => false };

// ---------------------------------------------------------------------------------------------
// Mutations

/** What one case does to the valid form: chosen before the form exists (its ids change), applied to it. */
export type Mutation =
  | { type: "value"; field: number; hostile: HostileValue }
  | { type: "missing"; field: number }
  | { type: "repeated"; field: number; second: "same" | "other" }
  | { type: "extra"; key: string }
  | { type: "intent"; value: string }
  | { type: "neighbour field"; field: number }
  | { type: "json"; field: number; label: string }
  | { type: "param"; param: string; value: HostileValue | "neighbour" }
  | { type: "multipart"; variant: number }
  | { type: "content type"; variant: number }
  | { type: "cross-site"; variant: number };

export interface FormShape {
  fields: readonly FormField[];
  params: Readonly<Record<string, string>>;
  /** The params' record kinds (for the neighbour's ids). */
  paramKinds: Readonly<Record<string, IdKind>>;
  intent: string | null;
}

/** A form's value as form text: arrays become a repeated field, objects their JSON. */
export function formTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => (typeof item === "string" ? item : JSON.stringify(item)));
  if (value !== null && typeof value === "object") return [JSON.stringify(value)];
  return [String(value)];
}

const MALFORMED_MULTIPART = [
  {
    label: "multipart without its closing boundary",
    contentType: "multipart/form-data; boundary=xyz",
    body: '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\nsave',
  },
  { label: "multipart whose boundary never occurs", contentType: "multipart/form-data; boundary=xyz", body: "--abc--\r\n" },
  {
    label: "multipart without a boundary",
    contentType: "multipart/form-data",
    body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--xyz--\r\n',
  },
  {
    label: "multipart part without a name",
    contentType: "multipart/form-data; boundary=xyz",
    body: "--xyz\r\nContent-Disposition: form-data\r\n\r\nb\r\n--xyz--\r\n",
  },
] as const;

const WRONG_CONTENT_TYPES = [
  { label: "the form as JSON", contentType: "application/json" },
  { label: "the form as text/plain", contentType: "text/plain" },
  { label: "the form without a content type", contentType: null },
] as const;

const CROSS_SITE = [
  { label: "from another site (Origin and Sec-Fetch-Site)", headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } },
  { label: "from a sibling site", headers: { Origin: "http://127.0.0.1:9", "Sec-Fetch-Site": "same-site" } },
  { label: "from an opaque origin", headers: { Origin: "null" } },
  { label: "Sec-Fetch-Site cross-site only", headers: { "Sec-Fetch-Site": "cross-site" } },
] as const;

/** An intent no action has, and one another route handles. */
const UNKNOWN_INTENTS = ["unknown_intent", "delete", "revoke", ""] as const;

/**
 * Every mutation of a form, grouped by the family the report counts them in. Families are
 * sampled in turn (each as likely as the next), then one mutation of the family: a few cases
 * per target still reach every kind of attack over the targets.
 */
export function mutationFamilies(
  shape: FormShape,
  { routeIntents, bodyless }: { routeIntents: readonly string[]; bodyless: boolean },
): Map<string, Mutation[]> {
  const families = new Map<string, Mutation[]>();
  const add = (family: string, mutation: Mutation) => families.set(family, [...(families.get(family) ?? []), mutation]);
  shape.fields.forEach((field, index) => {
    if (field.name === "intent") return;
    if (!field.kind.file) for (const hostile of HOSTILE_VALUES) add(hostile.family, { type: "value", field: index, hostile });
    add("missing field", { type: "missing", field: index });
    if (!field.kind.many) {
      add("repeated field", { type: "repeated", field: index, second: "same" });
      add("repeated field", { type: "repeated", field: index, second: "other" });
    }
    if (field.kind.id) add("neighbour id", { type: "neighbour field", field: index });
    if (field.kind.json && typeof field.value === "string") {
      for (const mutation of bodyMutations(JSON.parse(field.value) as Record<string, unknown>))
        add("json field", { type: "json", field: index, label: mutation.label });
    }
  });
  if (!bodyless) for (const key of HOSTILE_KEYS) add("extra field", { type: "extra", key });
  if (shape.intent !== null) {
    for (const value of UNKNOWN_INTENTS.filter((intent) => !routeIntents.includes(intent))) add("unknown intent", { type: "intent", value });
  }
  for (const param of Object.keys(shape.params)) {
    add("neighbour id", { type: "param", param, value: "neighbour" });
    for (const hostile of HOSTILE_VALUES.filter((value) => ["id", "wrong type", "characters"].includes(value.family))) {
      add("param", { type: "param", param, value: hostile });
    }
  }
  if (!bodyless) {
    MALFORMED_MULTIPART.forEach((_, variant) => add("malformed multipart", { type: "multipart", variant }));
    WRONG_CONTENT_TYPES.forEach((_, variant) => add("wrong content type", { type: "content type", variant }));
  }
  CROSS_SITE.forEach((_, variant) => add("cross-site", { type: "cross-site", variant }));
  return families;
}

/** `count` mutations: the families in a seeded order, taken in turn, one seeded member each. */
export function sampleMutations(
  families: Map<string, Mutation[]>,
  count: number,
  random: () => number,
): Array<{ family: string; mutation: Mutation }> {
  const order = sample([...families.keys()].sort(), families.size, random);
  const chosen: Array<{ family: string; mutation: Mutation }> = [];
  for (let index = 0; index < count; index += 1) {
    const family = order[index % order.length]!;
    const members = families.get(family)!;
    chosen.push({ family, mutation: members[Math.floor(random() * members.length)]! });
  }
  return chosen;
}

export interface FormRequest {
  label: string;
  method: string;
  params: Record<string, string>;
  entries: Array<[string, FieldValue]>;
  /** A body sent as is instead of the entries. */
  raw?: { contentType: string | null; body: string };
  /** Instead of the browser's own Origin and Sec-Fetch-Site. */
  headers?: Record<string, string>;
  /** The form's own rules refuse it. */
  mustRefuse: boolean;
  /** One field of the form was changed: a refusal names a field. */
  namesField: boolean;
  crossSite: boolean;
}

/** The valid form itself. */
export function validRequest(shape: FormShape, method: string): FormRequest {
  return {
    label: "valid form",
    method,
    params: { ...shape.params },
    entries: shape.fields.map((field) => [field.name, field.value]),
    mustRefuse: false,
    namesField: false,
    crossSite: false,
  };
}

/** Control characters readForm refuses in any field (C0 but tab and line breaks, DEL, C1). */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** How a lone surrogate reaches the server: its WTF-8 bytes, which decode as replacement characters. */
const asReceived = (text: string) =>
  text.replace(/[\uD800-\uDFFF]/g, (unit, offset: number, whole: string) => {
    const code = unit.charCodeAt(0);
    const pairedAfter = code <= 0xdbff && /[\uDC00-\uDFFF]/.test(whole[offset + 1] ?? "");
    const pairedBefore = code >= 0xdc00 && /[\uD800-\uDBFF]/.test(whole[offset - 1] ?? "");
    return pairedAfter || pairedBefore ? unit : "\uFFFD\uFFFD\uFFFD";
  });

/** Whether the form's rules refuse these values of the field (several: sent repeatedly; none: left out, unless other entries of its list remain). */
function refusesValues(field: FormField, values: ReadonlyArray<FieldValue>, listRemains: boolean): boolean {
  if (values.some((value) => typeof value !== "string")) return values.length > 1 && !field.kind.many;
  const texts = values as readonly string[];
  if (texts.some((value) => CONTROL.test(value))) return true;
  if (texts.length === 0) return field.kind.required && !listRemains;
  if (texts.length > 1 && !field.kind.many) return true;
  return texts.some((value) => field.kind.check(asReceived(value)) === false);
}

/** The case a mutation makes of the valid form (fields, params) and the neighbour's ids. */
export function applyMutation(shape: FormShape, method: string, mutation: Mutation, neighbour: Readonly<Record<IdKind, string>>): FormRequest {
  const entries = (fields: readonly FormField[]) => fields.map((field): [string, FieldValue] => [field.name, field.value]);
  const base = { method, params: { ...shape.params }, crossSite: false };
  const nameOf = (index: number) => shape.fields[index]!.label ?? shape.fields[index]!.name;
  const replacing = (index: number, values: ReadonlyArray<FieldValue>) =>
    shape.fields.flatMap((field, at): Array<[string, FieldValue]> =>
      at === index ? values.map((value) => [field.name, value]) : [[field.name, field.value]],
    );
  /** Another entry of the field's list stays in the form. */
  const listRemains = (index: number) => shape.fields.some((other, at) => at !== index && other.name === shape.fields[index]!.name);
  switch (mutation.type) {
    case "value": {
      const field = shape.fields[mutation.field]!;
      const values = formTexts(mutation.hostile.value);
      return {
        ...base,
        label: `${nameOf(mutation.field)} = ${mutation.hostile.label}`,
        entries: replacing(mutation.field, values),
        mustRefuse: refusesValues(field, values, listRemains(mutation.field)),
        namesField: true,
      };
    }
    case "missing": {
      const field = shape.fields[mutation.field]!;
      return {
        ...base,
        label: `${nameOf(mutation.field)} missing`,
        entries: entries(shape.fields.filter((_, at) => at !== mutation.field)),
        // A list keeps its other entries: one fewer is still a list.
        mustRefuse: field.kind.required && !listRemains(mutation.field),
        namesField: true,
      };
    }
    case "repeated": {
      const field = shape.fields[mutation.field]!;
      const first = field.value;
      const other: FieldValue = typeof first === "string" ? `${first}1` : { ...first, fileName: `second-${first.fileName}` };
      const values = [first, mutation.second === "same" ? first : other];
      return {
        ...base,
        label: `${nameOf(mutation.field)} sent twice (${mutation.second === "same" ? "same value" : "another value second"})`,
        entries: replacing(mutation.field, values),
        mustRefuse: refusesValues(field, values, true),
        namesField: true,
      };
    }
    case "neighbour field": {
      const field = shape.fields[mutation.field]!;
      return {
        ...base,
        label: `${nameOf(mutation.field)} = the neighbour's ${field.kind.id}`,
        entries: replacing(mutation.field, [neighbour[field.kind.id!]]),
        mustRefuse: true,
        namesField: true,
      };
    }
    case "json": {
      const field = shape.fields[mutation.field]!;
      const original: unknown = JSON.parse(field.value as string);
      const applied = bodyMutations(original as Record<string, unknown>).find((candidate) => candidate.label === mutation.label)!;
      let mustRefuse = true;
      if (applied.family !== "bad JSON" && applied.family !== "extra field") {
        const value = applied.family === "missing field" ? undefined : valueAt(JSON.parse(applied.json), applied.path);
        mustRefuse = field.kind.json!.inner(applied.path, value, valueAt(original, applied.path)) === false;
      } else if (applied.family === "extra field")
        mustRefuse = applied.path.some((key) => ["__proto__", "constructor", "prototype"].includes(String(key)));
      return {
        ...base,
        label: `${nameOf(mutation.field)}: ${mutation.label}`,
        entries: replacing(mutation.field, [applied.json]),
        mustRefuse:
          mustRefuse ||
          CONTROL.test(applied.json.replace(/\\u00([01][0-9a-f]|7f)/gi, (escape) => String.fromCharCode(parseInt(escape.slice(2), 16)))),
        namesField: true,
      };
    }
    case "extra": {
      const reserved = ["__proto__", "constructor", "prototype"].includes(mutation.key);
      return {
        ...base,
        label: `field ${mutation.key} added`,
        entries: [...entries(shape.fields), [mutation.key, "x"]],
        mustRefuse: reserved,
        namesField: true,
      };
    }
    case "intent":
      return {
        ...base,
        label: `intent = ${JSON.stringify(mutation.value)}`,
        entries: [["intent", mutation.value], ...entries(shape.fields.filter((field) => field.name !== "intent"))],
        mustRefuse: mutation.value !== shape.intent,
        namesField: true,
      };
    case "param": {
      const params = { ...shape.params };
      params[mutation.param] =
        mutation.value === "neighbour" ? neighbour[shape.paramKinds[mutation.param]!] : formTexts(mutation.value.value).join(",");
      const label = mutation.value === "neighbour" ? `the neighbour's ${shape.paramKinds[mutation.param]}` : mutation.value.label;
      return { ...base, params, label: `URL ${mutation.param} = ${label}`, entries: entries(shape.fields), mustRefuse: true, namesField: false };
    }
    case "multipart": {
      const malformed = MALFORMED_MULTIPART[mutation.variant]!;
      return {
        ...base,
        label: malformed.label,
        entries: [],
        raw: { contentType: malformed.contentType, body: malformed.body },
        mustRefuse: true,
        namesField: false,
      };
    }
    case "content type": {
      const wrong = WRONG_CONTENT_TYPES[mutation.variant]!;
      const body =
        wrong.contentType === "application/json"
          ? JSON.stringify(
              Object.fromEntries(shape.fields.map((field) => [field.name, typeof field.value === "string" ? field.value : field.value.fileName])),
            )
          : urlEncoded(entries(shape.fields)).toString("latin1");
      return { ...base, label: wrong.label, entries: [], raw: { contentType: wrong.contentType, body }, mustRefuse: true, namesField: false };
    }
    case "cross-site": {
      const crossSite = CROSS_SITE[mutation.variant]!;
      return {
        ...base,
        label: crossSite.label,
        entries: entries(shape.fields),
        headers: crossSite.headers,
        mustRefuse: true,
        namesField: false,
        crossSite: true,
      };
    }
  }
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], value);
}

// ---------------------------------------------------------------------------------------------
// Encoding and sending

/** UTF-8 bytes of JS text; a lone surrogate as the three bytes a careless encoder writes (WTF-8). */
export function utf8Bytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    let code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      index += 1;
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return Buffer.from(bytes);
}

function percentEncoded(text: string, space = "+"): string {
  let out = "";
  for (const byte of utf8Bytes(text)) {
    const character = String.fromCharCode(byte);
    out += /[A-Za-z0-9*\-._]/.test(character) ? character : byte === 0x20 ? space : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** A URL path segment of any text (a lone surrogate as its WTF-8 bytes, which encodeURIComponent refuses). */
export const pathSegment = (text: string) => percentEncoded(text, "%20");

/** application/x-www-form-urlencoded, as a browser encodes a form (files as their names). */
export function urlEncoded(entries: ReadonlyArray<[string, FieldValue]>): Buffer {
  return Buffer.from(
    entries.map(([name, value]) => `${percentEncoded(name)}=${percentEncoded(typeof value === "string" ? value : value.fileName)}`).join("&"),
    "latin1",
  );
}

/** multipart/form-data, as a browser encodes a form. */
export function multipart(entries: ReadonlyArray<[string, FieldValue]>, boundary: string): Buffer {
  const escape = (name: string) => name.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
  const parts: Buffer[] = [];
  for (const [name, value] of entries) {
    if (typeof value === "string") {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
        utf8Bytes(escape(name)),
        Buffer.from('"\r\n\r\n'),
        utf8Bytes(value),
        Buffer.from("\r\n"),
      );
    } else {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="`),
        utf8Bytes(escape(name)),
        Buffer.from(`"; filename="`),
        utf8Bytes(escape(value.fileName)),
        Buffer.from(`"\r\nContent-Type: ${value.type}\r\n\r\n`),
        Buffer.from(value.bytes),
        Buffer.from("\r\n"),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Sends a request over a real socket (node:http: the bytes and headers exactly as given). */
export function send(origin: string, method: string, path: string, headers: Record<string, string>, body: Buffer | null): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      `${origin}${path}`,
      { method, headers: { ...headers, ...(body ? { "Content-Length": String(body.length) } : {}) } },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            contentType: String(incoming.headers["content-type"] ?? ""),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body ?? undefined);
  });
}

/** The fields a refusal names: a screen's field errors (however the route wraps them), an import's columns, or `field: message` text. */
export function namedFields(answer: Answer): string[] {
  if (answer.contentType.includes("json")) {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [];
    }
    const found: string[] = [];
    const visit = (value: unknown) => {
      if (value === null || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      if (record.fieldErrors && typeof record.fieldErrors === "object") found.push(...Object.keys(record.fieldErrors));
      if (Array.isArray(record.issues))
        for (const issue of record.issues) if ((issue as { column?: string }).column) found.push((issue as { column: string }).column);
      if (record.refusal) visit(record.refusal);
    };
    visit(body);
    return found;
  }
  const match = /^([^\s:]{1,200}): /.exec(answer.text);
  return match ? [match[1]!] : [];
}
