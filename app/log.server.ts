import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/**
 * Operational logging: one JSON object per line on stdout (warnings and errors on stderr), so a
 * log collector reads every process the same way: `time`, `level`, `msg`, the `requestId` and
 * `shop` of the work the line belongs to when known, then the call's own fields.
 *
 * A request's id is taken from a sane X-Request-Id (a load balancer's) or made here, answered
 * back in X-Request-Id, and recorded on the work the request queues (staged effects, webhook
 * deliveries), so the worker's lines for that work carry it too (withLogContext).
 *
 * Nothing secret and nothing huge is written: a field whose name says it holds a secret (token,
 * key, secret, hmac, password, authorization, cookie, session…) is replaced by "[redacted]", and
 * any string longer than MAX_ECHOED_CHARS is cut there, saying how long it was. No dependency:
 * pino and winston do far more than one line of JSON, and their redaction is also by field name.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";
export interface LogContext {
  requestId?: string;
  shop?: string;
}
export type LogFields = Record<string, unknown>;

/** How much of any string (an echoed header, a payload, an error message) a line carries. */
export const MAX_ECHOED_CHARS = 2048;
const SECRET_FIELD = /token|secret|password|passwd|hmac|signature|authorization|cookie|api_?key|apikey|session|credential|^key$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const context = new AsyncLocalStorage<LogContext>();

/**
 * Where lines go: through the console (info and debug on stdout, warnings and errors on stderr),
 * so whatever watches the console (the tests' guard against unexpected errors) sees every line.
 */
const CONSOLE_WRITERS: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.log(line),
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
  error: (line) => console.error(line),
};
let sink = (level: LogLevel, line: string): void => CONSOLE_WRITERS[level](line);

export function setLogSink(write: (level: LogLevel, line: string) => void): () => void {
  const previous = sink;
  sink = write;
  return () => {
    sink = previous;
  };
}

/** Runs `work` with `extra` added to the context every log line inside it carries. */
export function withLogContext<T>(extra: LogContext, work: () => T): T {
  return context.run({ ...context.getStore(), ...withoutUndefined(extra) }, work);
}

export function currentLogContext(): LogContext {
  return context.getStore() ?? {};
}

/** The request's X-Request-Id when it is a sane one (up to 128 of letters, digits and ._:-), else a new id. */
export function requestIdOf(request: Request): string {
  const given = request.headers.get("X-Request-Id")?.trim();
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Runs a request's handling with its request id in the log context, and answers it back in
 * X-Request-Id (a thrown Response, Remix's way of answering early, gets it too).
 */
export async function withRequestLog(request: Request, handle: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(request);
  const tagged = (response: Response) => {
    try {
      response.headers.set("X-Request-Id", requestId);
    } catch {
      // A response with immutable headers (a fetch() result passed through) keeps its own.
    }
    return response;
  };
  return withLogContext({ requestId }, async () => {
    try {
      return tagged(await handle());
    } catch (thrown) {
      throw thrown instanceof Response ? tagged(thrown) : thrown;
    }
  });
}

/** A value as it may appear in a log line: secrets redacted, long strings cut, errors described. */
export function loggable(value: unknown, depth = 0): unknown {
  if (typeof value === "string") {
    return value.length > MAX_ECHOED_CHARS ? `${value.slice(0, MAX_ECHOED_CHARS)}… (${value.length} chars)` : value;
  }
  if (value instanceof Error) {
    return { name: value.name, message: loggable(value.message), ...(value.stack ? { stack: loggable(value.stack) } : {}) };
  }
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? value.toString() : value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= 6) return "[nested too deep]";
  if (Array.isArray(value)) {
    const items = value.slice(0, 50).map((item) => loggable(item, depth + 1));
    return value.length > 50 ? [...items, `… (${value.length} items)`] : items;
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, field]) => [name, SECRET_FIELD.test(name) ? "[redacted]" : loggable(field, depth + 1)]),
  );
}

const LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/**
 * The least severe level written: LOG_LEVEL (debug, info, warn or error; default info), read on
 * each line so a process that sets it after importing app code (the tests) is obeyed. An unknown
 * value is not silently honoured as something else: it writes everything, as debug would.
 */
export function logThreshold(source: Record<string, string | undefined> = process.env): LogLevel {
  const given = source.LOG_LEVEL?.trim().toLowerCase();
  if (!given) return "info";
  return LEVELS.includes(given as LogLevel) ? (given as LogLevel) : "debug";
}

function write(level: LogLevel, msg: string, fields: LogFields = {}): void {
  if (LEVELS.indexOf(level) < LEVELS.indexOf(logThreshold())) return;
  const line = {
    time: new Date().toISOString(),
    level,
    msg: loggable(msg),
    ...currentLogContext(),
    ...(loggable(fields) as LogFields),
  };
  sink(level, JSON.stringify(line));
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write("debug", msg, fields),
  info: (msg: string, fields?: LogFields) => write("info", msg, fields),
  warn: (msg: string, fields?: LogFields) => write("warn", msg, fields),
  error: (msg: string, fields?: LogFields) => write("error", msg, fields),
};

function withoutUndefined(extra: LogContext): LogContext {
  return Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)) as LogContext;
}
