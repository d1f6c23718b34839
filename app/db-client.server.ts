import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";

import type { Client, Config, InArgs, InStatement, ResultSet, Transaction } from "@libsql/client";
import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";

import { POSTGRESQL_CLIENT_MODULE, providerOf } from "./db-provider.server";

/**
 * The one way to a Prisma client, chosen by DATABASE_URL: SQLite (`file:`) or PostgreSQL
 * (`postgresql://`), both Prisma 7 on a driver adapter (no native Prisma engine). Both clients
 * have the one PrismaClient type the app uses (docs/decisions/016-postgresql.md).
 *
 * On SQLite: safe for several processes writing one file — the app, `npm run worker`,
 * scripts — and for long transactions inside one process. Why each rule and number:
 * docs/decisions/010-sqlite-write-contention.md.
 *
 * - Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). Prisma's adapter
 *   begins them DEFERRED: one that read, then writes after another process committed cannot
 *   move its snapshot forward and fails at once (SQLITE_BUSY_SNAPSHOT, Prisma's P1008) however
 *   long it would wait. Taking the lock first turns every such race into a wait.
 * - Waiting is bounded and never blocks the event loop for long: SQLite's busy handler waits
 *   LOCK_ATTEMPT_WAIT_MS per attempt, then the attempt is repeated after a short pause, until
 *   WRITE_LOCK_WAIT_MS has passed; then DatabaseBusyError (the API answers 503, Retry-After).
 *   A busy statement or BEGIN changed nothing, so repeating it is safe. Statements outside a
 *   transaction (Prisma's single-statement writes) wait the same way.
 * - Inside one process the adapter runs one transaction or statement at a time (its mutex):
 *   a request queued behind a long transaction (a 2 000-line order) waits for it, up to
 *   TRANSACTION_MAX_WAIT_MS; Prisma's defaults (2 s to start, 5 s to run) would fail it instead.
 */

/** How long SQLite's own busy handler waits for the lock in one attempt (it blocks the process meanwhile). */
const LOCK_ATTEMPT_WAIT_MS = 20;
/** The most a statement or a transaction's BEGIN waits for another connection's write lock. */
const WRITE_LOCK_WAIT_MS = 15_000;
/** The most a transaction waits to begin: behind this process's own transactions, then for the write lock. */
const TRANSACTION_MAX_WAIT_MS = 30_000;
/** The most a transaction may run: the largest order's heaviest action, with room for a loaded machine. */
const TRANSACTION_TIMEOUT_MS = 60_000;
/** What a refused request is told to wait before trying again. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 2;

/** Another connection held the write lock for longer than this one may wait: nothing was changed. */
export class DatabaseBusyError extends Error {
  constructor(waitedMs: number) {
    super(`The database was busy with another writer for ${Math.round(waitedMs / 1000)} s; nothing was changed. Try again shortly.`);
    this.name = "DatabaseBusyError";
  }
}

/**
 * Whether a failed request only had to wait too long for the database (try again later), as
 * opposed to a fault: the write lock stayed taken past WRITE_LOCK_WAIT_MS, this process's
 * queue of transactions was longer than TRANSACTION_MAX_WAIT_MS, or PostgreSQL chose this
 * transaction as a deadlock's or a serialization conflict's loser (P2034; it was rolled back).
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof DatabaseBusyError) return true;
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return (error.code === "P2028" && error.message.includes("Unable to start a transaction in the given time")) || error.code === "P2034";
}

export interface PrismaClientOptions {
  /** WRITE_LOCK_WAIT_MS unless given (tests of the bound give less). */
  writeLockWaitMs?: number;
  /** Told every statement sent, with its parameters (the benchmark explains them). */
  onStatement?: (statement: { sql: string; params: unknown[] }) => void;
}

export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const writeLockWaitMs = options.writeLockWaitMs ?? WRITE_LOCK_WAIT_MS;
  const settings = {
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
    ...(options.onStatement ? { log: [{ emit: "event", level: "query" }] as Prisma.LogDefinition[] } : {}),
  };
  const observed = (client: PrismaClient) => {
    const onStatement = options.onStatement;
    if (onStatement) {
      (client as PrismaClient<Prisma.PrismaClientOptions, "query">).$on("query", (event) =>
        onStatement({ sql: event.query, params: JSON.parse(event.params) as unknown[] }),
      );
    }
    return client;
  };
  if (providerOf(databaseUrl) === "postgresql") {
    return withLikeAsOnSqlite(observed(new (postgresqlPrismaClient())({ adapter: new WriteLockingPg(databaseUrl, writeLockWaitMs), ...settings })));
  }
  return observed(
    new PrismaClient({ adapter: new WriteLockingLibSql({ url: databaseUrl, timeout: LOCK_ATTEMPT_WAIT_MS }, writeLockWaitMs), ...settings }),
  );
}

/**
 * The client generated for PostgreSQL (scripts/generate-clients.ts), loaded only when used. Its
 * schema differs from SQLite's in the provider alone, so its API is the same PrismaClient's; it
 * shares @prisma/client's runtime, so Prisma's error classes and Decimal are the same too.
 */
function postgresqlPrismaClient(): typeof PrismaClient {
  try {
    return (createRequire(import.meta.url)(POSTGRESQL_CLIENT_MODULE) as { PrismaClient: typeof PrismaClient }).PrismaClient;
  } catch (error) {
    throw new Error(`The PostgreSQL Prisma client is not generated (${String(error)}); run npm run generate`, { cause: error });
  }
}

/**
 * Prisma's contains / startsWith / endsWith are a LIKE, and the app's text filters (catalogue
 * lookup, order search) were written against SQLite's: it ignores (ASCII) case and has no escape
 * character. PostgreSQL's LIKE is case-sensitive (`mode: "insensitive"`, ILIKE, exists there
 * only) and reads a backslash as an escape, so a search for text holding one (JSON-escaped
 * quotes) found nothing. (% and _ are wildcards on both: Prisma passes them through.) On PostgreSQL every such filter is made to
 * match as on SQLite here, in one place, rather than at each filter. Only `where` trees are
 * touched (including relation filters nested under include/select); data is never rewritten.
 */
function withLikeAsOnSqlite(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: { $allModels: { $allOperations: ({ args, query }) => query(inWhereTrees(args) as typeof args) } },
  }) as unknown as PrismaClient;
}

const LIKE_FILTERS = ["contains", "startsWith", "endsWith"];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

const mapValues = (object: Record<string, unknown>, map: (value: unknown) => unknown) =>
  Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value)]));

/** Finds the `where` objects in a query's arguments: at the top, and in each relation under include/select. */
function inWhereTrees(args: unknown): unknown {
  if (!isPlainObject(args)) return args;
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => {
      if (key === "where") return [key, likeAsOnSqlite(value)];
      if ((key === "include" || key === "select") && isPlainObject(value)) return [key, mapValues(value, inWhereTrees)];
      return [key, value];
    }),
  );
}

function likeAsOnSqlite(where: unknown): unknown {
  if (Array.isArray(where)) return where.map(likeAsOnSqlite);
  if (!isPlainObject(where)) return where;
  const copy = mapValues(where, likeAsOnSqlite);
  const filters = LIKE_FILTERS.filter((filter) => typeof copy[filter] === "string");
  for (const filter of filters) copy[filter] = (copy[filter] as string).replaceAll("\\", "\\\\");
  if (filters.length > 0 && !("mode" in copy)) copy.mode = "insensitive";
  return copy;
}

/**
 * A lock every PostgreSQL transaction takes when it begins, held to its end: one writing
 * transaction at a time, as on SQLite (BEGIN IMMEDIATE above). The app's transactions read,
 * decide, then write, and were written against that guarantee; PostgreSQL's READ COMMITTED
 * would let two of them interleave between read and write. Reads outside transactions and
 * single-statement writes do not take it. The key is any constant private to Inbound.
 */
export const WRITE_TRANSACTION_LOCK_KEY = 16_010_001;

/** PostgreSQL error code when lock_timeout passed waiting for a lock. */
const PG_LOCK_NOT_AVAILABLE = "55P03";

/**
 * Prisma's PostgreSQL adapter whose transactions take WRITE_TRANSACTION_LOCK_KEY first. Every
 * lock wait on its connections (that one, and row locks in and outside transactions) is bounded
 * by writeLockWaitMs: the connections' lock_timeout.
 */
class WriteLockingPg extends PrismaPg {
  constructor(connectionString: string, writeLockWaitMs: number) {
    super({ connectionString, options: `-c lock_timeout=${Math.max(1, Math.round(writeLockWaitMs))}` });
  }

  override async connect(): ReturnType<PrismaPg["connect"]> {
    const adapter = await super.connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const run = (sql: string) => transaction.executeRaw({ sql, args: [], argTypes: [] });
      const started = performance.now();
      try {
        await run(`SELECT pg_advisory_xact_lock(${WRITE_TRANSACTION_LOCK_KEY})`);
        return transaction;
      } catch (error) {
        await run("ROLLBACK").catch(() => undefined);
        await transaction.rollback();
        if (pgErrorCode(error) === PG_LOCK_NOT_AVAILABLE) throw new DatabaseBusyError(performance.now() - started);
        throw error;
      }
    };
    return adapter;
  }
}

/** The PostgreSQL error code inside a driver adapter's error, if any. */
function pgErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { originalCode?: unknown } } | null)?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}

/** Prisma's libSQL adapter, on one connection per client, whose transactions take the write lock first and wait for it (bounded). */
class WriteLockingLibSql extends PrismaLibSql {
  constructor(
    config: Config,
    private readonly writeLockWaitMs: number,
  ) {
    super(config);
  }

  override createClient(config: Config): Client {
    const client = super.createClient(config);
    const execute = client.execute.bind(client) as (statement: InStatement) => Promise<ResultSet>;
    const waiting = <T>(attempt: () => Promise<T>) => waitingForLock(client, attempt, this.writeLockWaitMs);
    client.transaction = (() => waiting(() => writeTransaction(execute))) as Client["transaction"];
    client.execute = ((statement: InStatement | string, args?: InArgs) =>
      waiting(() => execute(typeof statement === "string" ? { sql: statement, args: args ?? [] } : statement))) as Client["execute"];
    return client;
  }
}

/**
 * A write transaction on the client's own connection. libSQL's own client.transaction() hands
 * its connection to the transaction and opens a new one for the next, and nothing ever closes
 * the old: every transaction leaked a connection (two file handles and its page cache) for the
 * life of the process. The adapter lets nothing else use the client while a transaction is open
 * (its mutex is held from start to commit or rollback), so the one connection serves both.
 *
 * Prisma asks for "deferred"; every transaction it starts may write, so this one takes the
 * write lock when it begins. A COMMIT that fails rolls back, so the lock is never left held.
 * Statements inside are never repeated: the transaction holds the lock, so none is refused as busy.
 */
async function writeTransaction(execute: (statement: InStatement) => Promise<ResultSet>): Promise<Transaction> {
  await execute("BEGIN IMMEDIATE");
  let open = true;
  const end = async (statement: "COMMIT" | "ROLLBACK") => {
    if (!open) return;
    try {
      await execute(statement);
      open = false;
    } catch (error) {
      if (statement === "COMMIT") await execute("ROLLBACK").catch(() => undefined);
      open = false;
      throw error;
    }
  };
  const transaction: Transaction = {
    execute: (statement) => (open ? execute(statement) : Promise.reject(new Error("The transaction is closed"))),
    async batch(statements) {
      const results: ResultSet[] = [];
      for (const statement of statements) results.push(await transaction.execute(statement));
      return results;
    },
    executeMultiple: () => Promise.reject(new Error("executeMultiple is not available inside a transaction")),
    commit: () => end("COMMIT"),
    rollback: () => end("ROLLBACK"),
    close: () => void end("ROLLBACK").catch(() => undefined),
    get closed() {
      return !open;
    },
  };
  return transaction;
}

/** Pauses between attempts: short at first (most writes take milliseconds), jittered so waiting processes do not collide. */
const PAUSES_MS = [2, 5, 10, 20, 40];

/**
 * Runs `attempt` until it is not refused as busy, at most `budgetMs` in all; then DatabaseBusyError.
 * A statement refused as busy stays open on its connection, unfinished (SQLite lets it be run
 * again, and libSQL never resets it), and a later COMMIT there fails with "SQL statements in
 * progress". So every refusal costs the connection: the client opens a fresh one (closing the
 * old). The adapter runs one statement or transaction at a time per client, and a refused one
 * holds no transaction open, so nothing else is using it.
 */
async function waitingForLock<T>(client: Client, attempt: () => Promise<T>, budgetMs: number): Promise<T> {
  const started = performance.now();
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      // eslint-disable-next-line @typescript-eslint/await-thenable -- Client types reconnect() as void, but the sqlite3 client's returns a promise: the retry must wait for the new connection.
      await client.reconnect();
      const waited = performance.now() - started;
      if (waited >= budgetMs) throw new DatabaseBusyError(waited);
      const pause = PAUSES_MS[Math.min(tries, PAUSES_MS.length - 1)]!;
      await sleep(Math.min(pause * (0.5 + Math.random()), Math.max(budgetMs - waited, 0)));
    }
  }
}

/** SQLITE_BUSY and its variants (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT): someone else holds the lock. */
function isBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "SQLITE_BUSY";
}
