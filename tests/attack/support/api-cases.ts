import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import type { OpenApiDocument, OpenApiOperation } from "../../support/api";
import { EXE, minimalPdf } from "../../support/files";

import { bodyMutations, HOSTILE_KEYS, HOSTILE_VALUES, jsonPaths, sample, type JsonPath } from "./corpus";
import type { RecordKind, ValidRequest } from "./api-requests";

/**
 * The REST attack's cases, by family, for one operation of the OpenAPI document: each breaks one
 * thing of a valid request (api-requests.ts) — a body field, a path id, a query parameter, the
 * content type, the bytes, the size, the multipart framing, the caller — and says whether the
 * document obliges the API to refuse it (`mustRefuse`: the request no longer fits the operation's
 * request schema, checked with ajv against the served document, or names another shop's record).
 */

export type Caller = "writer" | "reader" | "neighbour" | "nobody";

export interface Outgoing {
  method: string;
  /** Under the origin: /api/v1/… with its query. */
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
  caller: Caller;
}

export interface Built {
  request: Outgoing;
  mustRefuse: boolean;
  /** The one field the case broke: a refusal (400/422) must name it (or a field inside or around it). */
  field?: string;
  /**
   * A field left out: a refusal may name a field beside it instead (a rule that wants one of
   * several fields names one of them: "lines.2.line_id: Give exactly one of line_id, variant_id or sku").
   */
  missing?: boolean;
  /** The only statuses allowed (another shop's or an unknown id: 404 or 422). */
  only?: readonly number[];
  /** Text sent at `path` that an accepted answer showing that path must show unchanged (nothing stripped or normalised). */
  echo?: { path: JsonPath; value: string };
  /** Rows the case may write even when refused (an Idempotency-Key claim is the request's own record). */
  ignore?: Partial<Record<"ApiIdempotencyKey", "all">>;
}

export interface Attack {
  family: string;
  label: string;
  build(valid: ValidRequest): Built;
}

export interface ApiOperationShape extends OpenApiOperation {
  method: string;
  path: string;
}

/** The operation takes a read key (its summary names its scope, as the document writes it). */
const readsOnly = (operation: ApiOperationShape) => operation.summary.includes("(read scope)");

/** The operations of the served document, with their method and path. */
export function documentOperations(document: OpenApiDocument): ApiOperationShape[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
  );
}

/** The request side of the contract: ajv over the served document, as tests/support/api.ts checks responses. */
export function requestContract(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats.default(ajv);
  ajv.addSchema(document, "openapi");
  // Query parameters arrive as text: an integer parameter takes "7" (as OpenAPI's form style serialises it).
  const coercing = new Ajv2020({ strict: false, coerceTypes: true });
  addFormats.default(coercing);
  const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
  const bodies = new Map<string, ValidateFunction>();
  return {
    /** Whether `body` (parsed JSON, or multipart fields) fits the operation's documented request body. */
    body(operation: ApiOperationShape, body: unknown, mediaType = "application/json"): boolean {
      const key = `${operation.operationId} ${mediaType}`;
      let validate = bodies.get(key);
      if (!validate) {
        validate = ajv.compile({
          $ref: `openapi#/paths/${escape(operation.path)}/${operation.method.toLowerCase()}/requestBody/content/${escape(mediaType)}/schema`,
        });
        bodies.set(key, validate);
      }
      return validate(body);
    },
    /** Whether a query (as the server reads it: a repeated parameter is an array) fits the documented parameters. */
    query(operation: ApiOperationShape, query: Record<string, string | string[]>): boolean {
      const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === "query");
      if (Object.keys(query).some((name) => !parameters.some((parameter) => parameter.name === name))) return false;
      return parameters.every((parameter) => {
        const value = query[parameter.name];
        if (value === undefined) return !parameter.required;
        // Coercion writes into its container, so each check gets its own copy.
        return coercing.validate(parameter.schema, structuredClone({ value }).value);
      });
    },
  };
}

export type RequestContract = ReturnType<typeof requestContract>;

// ---------------------------------------------------------------------------------------------
// Building requests

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte of the text's UTF-8 (a lone surrogate becomes U+FFFD, as any client sends it). */
export function percentEncoded(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((byte) => (UNRESERVED.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}

type Query = Record<string, string | string[]>;

function queryText(query: Query): string {
  const pairs = Object.entries(query).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => `${percentEncoded(name)}=${percentEncoded(item)}`),
  );
  return pairs.length ? `?${pairs.join("&")}` : "";
}

interface Overrides {
  /** Path segments as sent (already encoded). */
  rawParams?: Record<string, string>;
  query?: Query;
  /** The body as sent (text is sent as JSON unless `headers` say otherwise); null: none. */
  body?: string | Uint8Array | FormData | null;
  headers?: Record<string, string>;
  caller?: Caller;
}

function formOf(files: NonNullable<ValidRequest["files"]>): FormData {
  const form = new FormData();
  for (const file of files) form.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: "application/pdf" }), file.name);
  return form;
}

/** The valid request as sent, with what a case overrides. */
export function compose(operation: ApiOperationShape, valid: ValidRequest, overrides: Overrides = {}): Outgoing {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => overrides.rawParams?.[name] ?? percentEncoded(valid.params![name]!));
  const headers: Record<string, string> = {};
  let body: Outgoing["body"];
  if (overrides.body !== undefined) body = overrides.body ?? undefined;
  else if (valid.files) body = formOf(valid.files);
  else if (valid.body !== undefined) body = JSON.stringify(valid.body);
  if (typeof body === "string") headers["Content-Type"] = "application/json";
  return {
    method: operation.method,
    path: `/api/v1${path}${queryText(overrides.query ?? valid.query ?? {})}`,
    headers: { ...headers, ...overrides.headers },
    body,
    caller: overrides.caller ?? (readsOnly(operation) ? "reader" : "writer"),
  };
}

// ---------------------------------------------------------------------------------------------
// Paths in a body

/** The value at `path` (undefined where there is none). */
export const valueAt = (value: unknown, path: JsonPath): unknown =>
  path.reduce<unknown>((inner, key) => (inner as Record<string | number, unknown> | undefined)?.[key], value);

function withValue(value: unknown, path: JsonPath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? withValue(item, rest, replacement) : item));
  return { ...(value as object), [head as string]: withValue((value as Record<string, unknown>)[head as string], rest, replacement) };
}

const dotted = (path: string): JsonPath => path.split(".").map((key) => (/^\d+$/.test(key) ? Number(key) : key));

/**
 * A mutation of the template body, carried over to a fresh valid body of the same shape: the
 * template's text values (fresh ids, dates) are swapped for the fresh body's, so a mutation worked
 * out once applies to every case's own records.
 */
function carriedOver(json: string, template: unknown, fresh: unknown): string {
  let text = json;
  for (const path of jsonPaths(template)) {
    const before = valueAt(template, path);
    const after = valueAt(fresh, path);
    if (typeof before === "string" && typeof after === "string" && before !== after) {
      text = text.split(JSON.stringify(before)).join(JSON.stringify(after));
    } else if (before !== after && (typeof before !== "object" || before === null)) {
      text = text.split(`${JSON.stringify(path.at(-1))}:${JSON.stringify(before)}`).join(`${JSON.stringify(path.at(-1))}:${JSON.stringify(after)}`);
    }
  }
  return text;
}

/** The first text field of a body (for bytes that are not UTF-8), if it has one. */
function firstTextPath(body: unknown): JsonPath | undefined {
  return jsonPaths(body).find((path) => path.length > 0 && typeof valueAt(body, path) === "string");
}

// ---------------------------------------------------------------------------------------------
// The families

const PATH_VALUE_LIMIT = 4000;

/** A hostile value as text in a URL: long text kept below what an HTTP server reads as a request line. */
function asUrlText(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > PATH_VALUE_LIMIT ? text.slice(0, PATH_VALUE_LIMIT) : text;
}

const PATH_VALUES: ReadonlyArray<{ family: string; label: string; raw: string }> = [
  ...HOSTILE_VALUES.filter((hostile) => hostile.family !== "huge" || typeof hostile.value === "string").map((hostile) => ({
    family: hostile.family,
    label: asUrlText(hostile.value).length < String(hostile.value).length ? `${hostile.label} (first ${PATH_VALUE_LIMIT})` : hostile.label,
    raw: percentEncoded(asUrlText(hostile.value)),
  })),
  { family: "id", label: "undecodable percent-encoding", raw: "%E0%A4%A" },
  { family: "id", label: "encoded slash", raw: "a%2Fb" },
  { family: "id", label: "encoded NUL", raw: "a%00b" },
  { family: "id", label: "65 characters", raw: "a".repeat(65) },
];

/** The kind of record a path parameter names. */
function paramKind(operation: ApiOperationShape, name: string): RecordKind {
  if (name === "id") return operation.path.startsWith("/suppliers") ? "supplier" : "order";
  const kinds: Record<string, RecordKind> = {
    delivery_id: "delivery",
    payment_id: "payment",
    shipment_id: "shipment",
    file_id: "file",
    application_id: "application",
    item_id: "item",
    run_id: "run",
  };
  return kinds[name]!;
}

export interface CaseContext {
  operation: ApiOperationShape;
  template: ValidRequest;
  contract: RequestContract;
  neighbour: Readonly<Record<RecordKind, string>>;
}

/** Every attack on the operation, by family. */
export function attacksOn(context: CaseContext): Record<string, Attack[]> {
  const { operation, template } = context;
  const families: Record<string, Attack[]> = {};
  const add = (family: string, attack: Attack) => (families[family] ??= []).push(attack);
  const takesJson = Boolean(operation.requestBody?.content["application/json"]);
  const takesFiles = Boolean(operation.requestBody?.content["multipart/form-data"]);

  if (takesJson && template.body) for (const attack of bodyAttacks(context)) add("body", attack);
  for (const attack of pathAttacks(context)) add(attack.family === "foreign id" ? "foreign id" : "path id", attack);
  for (const attack of foreignBodyAttacks(context)) add("foreign id", attack);
  for (const attack of queryAttacks(context)) add("query", attack);
  if (takesJson) for (const attack of jsonFramingAttacks(context)) add(attack.family, attack);
  if (takesFiles) for (const attack of multipartAttacks(context)) add(attack.family, attack);
  if (operation.method === "DELETE") for (const attack of deleteBodyAttacks(context)) add("body", attack);
  for (const attack of callerAttacks(context)) add("caller", attack);
  if (operation.method === "POST") for (const attack of idempotencyAttacks(context)) add("header", attack);
  return families;
}

/**
 * Values at the edges of what the API's fields take, beyond the shared corpus: the largest
 * amounts and quantities and one past them, decimals written the ways people write them, days that
 * do not exist or lie at the ends of the calendar, record ids at their longest.
 */
const EDGE_VALUES: ReadonlyArray<{ label: string; value: unknown }> = [
  { label: "1000000", value: 1_000_000 },
  { label: "1000001", value: 1_000_001 },
  { label: "2^31", value: 2 ** 31 },
  { label: "MAX_SAFE_INTEGER", value: Number.MAX_SAFE_INTEGER },
  { label: '"999999999999.9999" (12 digits, 4 decimals)', value: "999999999999.9999" },
  { label: '"1234567890123" (13 digits)', value: "1234567890123" },
  { label: '"0.00001" (5 decimals)', value: "0.00001" },
  { label: '"1,50" (decimal comma)', value: "1,50" },
  { label: '"+1"', value: "+1" },
  { label: '"1e3"', value: "1e3" },
  { label: '"١٢" (Arabic-Indic digits)', value: "١٢" },
  { label: '"１" (fullwidth digit)', value: "１" },
  { label: "day 2026-02-30", value: "2026-02-30" },
  { label: "day 0001-01-01", value: "0001-01-01" },
  { label: "instant 9999-12-31T23:59:59Z", value: "9999-12-31T23:59:59Z" },
  { label: "time without a zone", value: "2026-12-04T10:00:00" },
  { label: "nanoseconds", value: "2026-12-04T10:00:00.123456789Z" },
  { label: "64-character id", value: "a".repeat(64) },
  { label: "65-character id", value: "a".repeat(65) },
];

/** Families whose values are text a field stores as sent (decision 009): an accepted one must come back unchanged. */
const KEPT_AS_SENT = new Set(["characters"]);

function bodyAttacks({ operation, template, contract }: CaseContext): Attack[] {
  const judged = (label: string, family: string, path: JsonPath, json: (valid: ValidRequest) => string): Attack => ({
    family,
    label,
    build(valid) {
      const text = json(valid);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return { request: compose(operation, valid, { body: text }), mustRefuse: true };
      }
      return {
        request: compose(operation, valid, { body: text }),
        mustRefuse: !contract.body(operation, parsed),
        field: path.length > 0 ? path.join(".") : undefined,
        missing: family === "missing field",
        echo:
          KEPT_AS_SENT.has(family) && path.length > 0 && typeof valueAt(parsed, path) === "string"
            ? { path, value: valueAt(parsed, path) as string }
            : undefined,
      };
    },
  });
  const mutations = bodyMutations(template.body!).map((mutation) =>
    judged(`body ${mutation.label}`, mutation.family, mutation.path, (valid) => carriedOver(mutation.json, template.body, valid.body)),
  );
  const leaves = jsonPaths(template.body).filter(
    (path) => path.length > 0 && (valueAt(template.body, path) === null || typeof valueAt(template.body, path) !== "object"),
  );
  const edges = leaves.flatMap((path) =>
    EDGE_VALUES.map((edge) =>
      judged(`body ${path.join(".")} = ${edge.label}`, "edge", path, (valid) => JSON.stringify(withValue(valid.body, path, edge.value))),
    ),
  );
  return [...mutations, ...edges];
}

function pathAttacks({ operation, template, neighbour }: CaseContext): Attack[] {
  const names = Object.keys(template.params ?? {});
  const attacks: Attack[] = [];
  for (const name of names) {
    for (const value of PATH_VALUES) {
      attacks.push({
        family: "path id",
        label: `path ${name} = ${value.label}`,
        build: (valid) => ({
          request: compose(operation, valid, { rawParams: { [name]: value.raw } }),
          mustRefuse: true,
          field: name,
          only: [404, 422],
        }),
      });
    }
    attacks.push({
      family: "path id",
      label: `path ${name} = an unknown well-formed id`,
      build: (valid) => ({
        request: compose(operation, valid, { rawParams: { [name]: "cm0000000000000000unknown" } }),
        mustRefuse: true,
        field: name,
        only: [404, 422],
      }),
    });
    attacks.push({
      family: "foreign id",
      label: `path ${name} = the neighbour's ${paramKind(operation, name)}`,
      build: (valid) => ({
        request: compose(operation, valid, { rawParams: { [name]: percentEncoded(neighbour[paramKind(operation, name)]) } }),
        mustRefuse: true,
        field: name,
        only: [404, 422],
      }),
    });
  }
  if (names.length > 1) {
    attacks.push({
      family: "foreign id",
      label: `path ${names.join(", ")} = the neighbour's own (a whole record of the other shop)`,
      build: (valid) => ({
        request: compose(operation, valid, {
          rawParams: Object.fromEntries(names.map((name) => [name, percentEncoded(neighbour[paramKind(operation, name)])])),
        }),
        mustRefuse: true,
        only: [404, 422],
      }),
    });
  }
  return attacks;
}

/** The neighbour's record named in the body (or a filter) in place of the shop's own. */
function foreignBodyAttacks({ operation, template, neighbour }: CaseContext): Attack[] {
  return Object.entries(template.names ?? {}).map(([path, kind]) => {
    if (path.startsWith("query.")) {
      const name = path.slice("query.".length);
      // A filter naming another shop's record is a valid search that finds nothing of it.
      return {
        family: "foreign id",
        label: `query ${name} = the neighbour's ${kind}`,
        build: (valid) => ({ request: compose(operation, valid, { query: { ...valid.query, [name]: neighbour[kind] } }), mustRefuse: false }),
      };
    }
    return {
      family: "foreign id",
      label: `body ${path} = the neighbour's ${kind}`,
      build: (valid) => ({
        request: compose(operation, valid, { body: JSON.stringify(withValue(valid.body, dotted(path), neighbour[kind])) }),
        mustRefuse: true,
        field: path,
        only: [404, 422],
      }),
    };
  });
}

function queryAttacks({ operation, template, contract }: CaseContext): Attack[] {
  const attacks: Attack[] = [];
  const judged = (query: Query, field: string, label: string, family = "query"): Attack => ({
    family,
    label,
    build: (valid) => {
      const sent = { ...valid.query, ...query };
      return { request: compose(operation, valid, { query: sent }), mustRefuse: !contract.query(operation, sent), field };
    },
  });
  for (const key of HOSTILE_KEYS) attacks.push(judged({ [key]: "1" }, key, `query ${key}=1 (a parameter the operation does not take)`));
  const parameters = (operation.parameters ?? []).filter((parameter) => parameter.in === "query");
  for (const parameter of parameters) {
    const name = parameter.name;
    for (const hostile of HOSTILE_VALUES) {
      if (Array.isArray(hostile.value)) {
        if (hostile.value.length === 0) continue;
        const items = hostile.value.slice(0, 200).map((item) => asUrlText(item));
        attacks.push(
          judged(
            { [name]: items },
            name,
            `query ${name} repeated: ${hostile.label}${hostile.value.length > 200 ? " (first 200)" : ""}`,
            hostile.family,
          ),
        );
      } else if (hostile.value !== null && typeof hostile.value === "object") {
        attacks.push({
          family: hostile.family,
          label: `query ${name}[nested][deeper]=1 (an object)`,
          build: (valid) => {
            const query = { ...valid.query, [`${name}[nested][deeper]`]: "1" };
            return { request: compose(operation, valid, { query }), mustRefuse: !contract.query(operation, query), field: `${name}[nested][deeper]` };
          },
        });
      } else {
        const text = asUrlText(hostile.value);
        attacks.push(
          judged(
            { [name]: text },
            name,
            `query ${name} = ${text.length < String(hostile.value).length ? `${hostile.label} (first ${PATH_VALUE_LIMIT})` : hostile.label}`,
            hostile.family,
          ),
        );
      }
    }
    const validValue = template.query?.[name];
    if (validValue !== undefined) {
      attacks.push(judged({ [name]: [validValue, validValue] }, name, `query ${name} given twice`, "repeated parameter"));
      attacks.push({
        family: "repeated parameter",
        label: `query ${name}[]=… (bracketed array)`,
        build: (valid) => {
          const query = { ...valid.query, [`${name}[]`]: valid.query![name]! };
          return { request: compose(operation, valid, { query }), mustRefuse: !contract.query(operation, query), field: `${name}[]` };
        },
      });
    }
  }
  return attacks;
}

/** Content types, bytes and sizes of a JSON body. */
function jsonFramingAttacks({ operation, template, contract }: CaseContext): Attack[] {
  const attacks: Attack[] = [];
  const json = (valid: ValidRequest) => JSON.stringify(valid.body ?? {});
  const scalarFields = (valid: ValidRequest) =>
    Object.entries(valid.body ?? {}).filter((entry): entry is [string, string | number | boolean] =>
      ["string", "number", "boolean"].includes(typeof entry[1]),
    );
  const wrongType = (label: string, body: (valid: ValidRequest) => { body: string | FormData | Uint8Array; contentType?: string }): Attack => ({
    family: "content type",
    label,
    build(valid) {
      const sent = body(valid);
      return {
        request: compose(operation, valid, { body: sent.body, headers: sent.contentType ? { "Content-Type": sent.contentType } : {} }),
        mustRefuse: true,
        field: "Content-Type",
      };
    },
  });
  attacks.push(wrongType("JSON text sent as text/plain", (valid) => ({ body: json(valid), contentType: "text/plain" })));
  attacks.push(
    wrongType("the fields sent as application/x-www-form-urlencoded", (valid) => ({
      body: new URLSearchParams(scalarFields(valid).map(([name, value]) => [name, String(value)])).toString() || "x=1",
      contentType: "application/x-www-form-urlencoded",
    })),
  );
  attacks.push(
    wrongType("the fields sent as multipart/form-data", (valid) => {
      const form = new FormData();
      for (const [name, value] of scalarFields(valid)) form.append(name, String(value));
      if (scalarFields(valid).length === 0) form.append("x", "1");
      return { body: form };
    }),
  );
  attacks.push(wrongType("JSON bytes with no Content-Type", (valid) => ({ body: new Uint8Array(Buffer.from(json(valid))) })));
  attacks.push(wrongType("Content-Type application/jsonp", (valid) => ({ body: json(valid), contentType: "application/jsonp" })));

  // Bytes that are not UTF-8, inside the first text field (or a key when the body has none).
  const notUtf8 = (label: string, bytes: number[]): Attack => ({
    family: "encoding",
    label: `JSON with ${label}`,
    build(valid) {
      const path = firstTextPath(valid.body);
      const marker = "\u0001MARK\u0001";
      const text = path ? JSON.stringify(withValue(valid.body, path, marker)) : JSON.stringify({ [marker]: "x", ...valid.body });
      const [before, after] = text.split(JSON.stringify(marker).slice(1, -1));
      const body = Buffer.concat([Buffer.from(before!), Buffer.from("a"), Buffer.from(bytes), Buffer.from("b"), Buffer.from(after!)]);
      return {
        request: compose(operation, valid, { body: new Uint8Array(body), headers: { "Content-Type": "application/json" } }),
        mustRefuse: true,
        field: "body",
      };
    },
  });
  attacks.push(notUtf8("a byte 0xFF (not UTF-8)", [0xff]));
  attacks.push(notUtf8("an overlong encoding of / (C0 AF)", [0xc0, 0xaf]));
  attacks.push(notUtf8("a lone continuation byte (80)", [0x80]));
  attacks.push(notUtf8("an encoded surrogate (ED A0 80, CESU-8)", [0xed, 0xa0, 0x80]));
  attacks.push(notUtf8("a truncated sequence (E2 82)", [0xe2, 0x82]));
  attacks.push({
    family: "encoding",
    label: "the body in UTF-16LE with its byte order mark",
    build: (valid) => ({
      request: compose(operation, valid, {
        body: new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(valid), "utf16le")])),
        headers: { "Content-Type": "application/json" },
      }),
      mustRefuse: true,
      field: "body",
    }),
  });
  attacks.push({
    family: "encoding",
    label: "UTF-8 byte order mark before the JSON",
    build: (valid) => ({
      request: compose(operation, valid, {
        body: new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json(valid))])),
        headers: { "Content-Type": "application/json" },
      }),
      // RFC 8259 lets a parser ignore it: either answer keeps the contract.
      mustRefuse: false,
    }),
  });
  attacks.push({
    family: "encoding",
    label: "no body at all",
    build: (valid) => ({
      request: compose(operation, valid, { body: null, headers: { "Content-Type": "application/json" } }),
      mustRefuse: operation.requestBody!.required,
    }),
  });

  const MEGABYTES = 3;
  attacks.push({
    family: "size",
    label: `${MEGABYTES} MB of whitespace around the valid body`,
    build: (valid) => ({ request: compose(operation, valid, { body: `${" ".repeat(MEGABYTES * 1024 * 1024)}${json(valid)}` }), mustRefuse: false }),
  });
  const textPath = firstTextPath(template.body);
  if (textPath) {
    attacks.push({
      family: "size",
      label: `body ${textPath.join(".")} = ${MEGABYTES} MB of text`,
      build(valid) {
        const body = withValue(valid.body, textPath, "x".repeat(MEGABYTES * 1024 * 1024));
        return {
          request: compose(operation, valid, { body: JSON.stringify(body) }),
          mustRefuse: !contract.body(operation, body),
          field: textPath.join("."),
        };
      },
    });
  }
  return attacks;
}

const CRLF = "\r\n";

function multipartAttacks({ operation, contract }: CaseContext): Attack[] {
  const raw = (label: string, family: string, contentType: string, body: string | Buffer, mustRefuse: boolean, field?: string): Attack => ({
    family,
    label,
    build: (valid) => ({
      request: compose(operation, valid, { body: typeof body === "string" ? body : new Uint8Array(body), headers: { "Content-Type": contentType } }),
      mustRefuse,
      field,
    }),
  });
  const part = (name: string, fileName: string | null, content: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--xyz${CRLF}Content-Disposition: form-data; name="${name}"${fileName === null ? "" : `; filename="${fileName}"`}${CRLF}`),
      Buffer.from(fileName === null ? CRLF : `Content-Type: application/octet-stream${CRLF}${CRLF}`),
      typeof content === "string" ? Buffer.from(content) : content,
      Buffer.from(CRLF),
    ]);
  const closed = (...parts: Buffer[]) => Buffer.concat([...parts, Buffer.from(`--xyz--${CRLF}`)]);
  const multipart = "multipart/form-data; boundary=xyz";
  const pdf = Buffer.from(minimalPdf());
  const form =
    (files: Array<{ name: string; bytes: Uint8Array; type?: string }>, fields: Record<string, string> = {}): Attack["build"] =>
    (valid) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) data.append(name, value);
      for (const file of files)
        data.append("file", new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? "application/pdf" }), file.name);
      return {
        request: compose(operation, valid, { body: data }),
        mustRefuse: !contract.body(operation, fields, "multipart/form-data") || files.some((file) => !isDocumented(file.bytes)) || files.length > 10,
        field: Object.keys(fields)[0] ?? "file",
      };
    };
  /** The description's own promise: PDF or image content, not empty, at most 20 MB. */
  const isDocumented = (bytes: Uint8Array) =>
    bytes.length > 0 && bytes.length <= 20 * 1024 * 1024 && Buffer.from(bytes.slice(0, 5)).toString("latin1") === "%PDF-";
  return [
    raw("multipart with no closing boundary (boundary=xyz)", "multipart", multipart, part("file", "a.pdf", pdf), true, "body"),
    raw(
      "multipart whose boundary is not the one declared",
      "multipart",
      multipart,
      `--abc${CRLF}not the boundary${CRLF}--abc--${CRLF}`,
      true,
      "body",
    ),
    raw("multipart/form-data with no boundary parameter", "multipart", "multipart/form-data", closed(part("file", "a.pdf", pdf)), true, "body"),
    raw(
      "multipart with a part missing its headers' blank line",
      "multipart",
      multipart,
      `--xyz${CRLF}Content-Disposition: form-data; name="file"; filename="a.pdf"${CRLF}%PDF-1.4${CRLF}--xyz--${CRLF}`,
      true,
      "body",
    ),
    raw(
      "multipart with a part of no name",
      "multipart",
      multipart,
      closed(Buffer.from(`--xyz${CRLF}Content-Type: application/pdf${CRLF}${CRLF}%PDF-1.4${CRLF}`)),
      true,
    ),
    raw("multipart with no parts at all", "multipart", multipart, `--xyz--${CRLF}`, false),
    raw("JSON sent to an upload", "content type", "application/json", JSON.stringify({ file: "JVBERi0xLjQ=" }), true, "Content-Type"),
    raw("text/plain sent to an upload", "content type", "text/plain", "%PDF-1.4", true, "Content-Type"),
    raw("a file name with bytes that are not UTF-8", "encoding", multipart, closed(part("file", "\xff\xfe.pdf", pdf)), false),
    {
      family: "multipart",
      label: "a text field beside the file (unexpected_field)",
      build: form([{ name: "a.pdf", bytes: pdf }], { unexpected_field: "1" }),
    },
    {
      family: "multipart",
      label: "a text field named __proto__",
      build: form([{ name: "a.pdf", bytes: pdf }], Object.fromEntries([["__proto__", "1"]])),
    },
    { family: "multipart", label: "an empty file", build: form([{ name: "empty.pdf", bytes: new Uint8Array() }]) },
    { family: "multipart", label: "a Windows executable named .pdf", build: form([{ name: "invoice.pdf", bytes: EXE }]) },
    {
      family: "multipart",
      label: "a text file",
      build: form([{ name: "note.txt", bytes: new Uint8Array(Buffer.from("just text")), type: "text/plain" }]),
    },
    {
      family: "multipart",
      label: "11 files (a delivery holds 10)",
      build: form(Array.from({ length: 11 }, (_, index) => ({ name: `page-${index}.pdf`, bytes: pdf }))),
    },
    {
      family: "size",
      label: "a PDF of 21 MB (at most 20)",
      build: form([{ name: "big.pdf", bytes: Buffer.concat([pdf, Buffer.alloc(21 * 1024 * 1024)]) }]),
    },
    {
      family: "characters",
      label: "a file name with a NUL, a path and a right-to-left override",
      build: form([{ name: "../../etc/pa\u0000ss\u202ewd.pdf", bytes: pdf }]),
    },
    { family: "huge", label: "a file name of 10 000 characters", build: form([{ name: `${"n".repeat(10_000)}.pdf`, bytes: pdf }]) },
  ];
}

function deleteBodyAttacks({ operation }: CaseContext): Attack[] {
  return [
    {
      family: "extra field",
      label: "body {unexpected_field: 1} on a delete",
      build: (valid) => ({ request: compose(operation, valid, { body: '{"unexpected_field":1}' }), mustRefuse: true, field: "unexpected_field" }),
    },
    {
      family: "extra field",
      label: "body {} on a delete",
      build: (valid) => ({ request: compose(operation, valid, { body: "{}" }), mustRefuse: false }),
    },
  ];
}

/** The valid request from the wrong caller: a read key writing, no key, the neighbour's key on this shop's records. */
function callerAttacks({ operation, template }: CaseContext): Attack[] {
  const attacks: Attack[] = [
    { family: "caller", label: "no API key", build: (valid) => ({ request: compose(operation, valid, { caller: "nobody" }), mustRefuse: true }) },
  ];
  if (!readsOnly(operation)) {
    attacks.push({
      family: "caller",
      label: "a read key on a write",
      build: (valid) => ({ request: compose(operation, valid, { caller: "reader" }), mustRefuse: true }),
    });
  }
  const namesRecords = Object.keys(template.params ?? {}).length > 0 || Object.keys(template.names ?? {}).some((path) => !path.startsWith("query."));
  if (namesRecords) {
    attacks.push({
      family: "foreign id",
      label: "the neighbour's key on this shop's records",
      build: (valid) => ({ request: compose(operation, valid, { caller: "neighbour" }), mustRefuse: true, only: [404, 422] }),
    });
  }
  return attacks;
}

function idempotencyAttacks({ operation }: CaseContext): Attack[] {
  const key = (label: string, value: string, mustRefuse: boolean): Attack => ({
    family: "header",
    label: `Idempotency-Key ${label}`,
    build: (valid) => ({
      request: compose(operation, valid, { headers: { "Idempotency-Key": value } }),
      mustRefuse,
      field: "Idempotency-Key",
      ignore: { ApiIdempotencyKey: "all" },
    }),
  });
  return [key("of 256 characters (at most 255)", "k".repeat(256), true), key("of one space", " ", false), key("of latin-1 text (é)", "clé", false)];
}

// ---------------------------------------------------------------------------------------------
// Sampling

/** How much more often a family is drawn than the others: a body has the most to break. */
const FAMILY_WEIGHT: Readonly<Record<string, number>> = { body: 3 };

/**
 * `count` attacks spread over the families, each drawn with its weight (FAMILY_WEIGHT, else 1)
 * and without repeats, seeded: a few cases reach many kinds of attack across the operations, and
 * the long run covers each operation's families many times over.
 */
export function sampleAttacks(families: Record<string, Attack[]>, count: number, random: () => number): Attack[] {
  const queues = Object.keys(families)
    .sort()
    .map((family) => ({ weight: FAMILY_WEIGHT[family] ?? 1, attacks: sample(families[family]!, families[family]!.length, random) }));
  const chosen: Attack[] = [];
  for (
    let left = queues.filter((queue) => queue.attacks.length > 0);
    chosen.length < count && left.length > 0;
    left = left.filter((queue) => queue.attacks.length > 0)
  ) {
    let draw = random() * left.reduce((sum, queue) => sum + queue.weight, 0);
    const queue = left.find((candidate) => (draw -= candidate.weight) < 0) ?? left.at(-1)!;
    chosen.push(queue.attacks.shift()!);
  }
  return chosen;
}
