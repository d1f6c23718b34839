import { spawn, type ChildProcess } from "node:child_process";

import { WRITE_TRANSACTION_LOCK_KEY } from "~/db-client.server";
import { providerOf } from "~/db-provider.server";

import type { AppProcessJob } from "./app-process";

/**
 * Other processes on a test's database, as production has them: `npm run worker`, a second
 * app process running the app's own writes, a connection that holds the write lock. Each is a
 * real Node process; the test kills what it started (`stopAll`).
 */

const started: ChildProcess[] = [];

/** Kills every process these helpers started that is still running (call in afterAll). */
export function stopAll(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  started.length = 0;
}

function startTypeScript(script: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, NODE_ENV: "test", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  /** Resolves once the process printed `line` (rejects if it exits first). */
  const printed = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => output.split("\n").includes(line) && resolve();
      child.stdout!.on("data", check);
      check();
      void exited.then(() => reject(new Error(`${script} exited before printing "${line}":\n${output}`)));
    });
  return { child, exited, printed, output: () => output };
}

/** The standalone worker, exactly as `npm run worker` starts it, pointed at a stand-in (demo mode). */
export function startWorkerProcess(options: { databaseUrl: string; shopDomain: string; adminApiOrigin: string; leaseMs?: number }) {
  return startTypeScript("scripts/worker.ts", [], {
    DATABASE_URL: options.databaseUrl,
    INBOUND_DEMO: "1",
    DEMO_SHOP_DOMAIN: options.shopDomain,
    SHOPIFY_ADMIN_API_ORIGIN: options.adminApiOrigin,
    WORKER_INTERVAL_MS: "50",
    // A killed worker's shop is free again after a second (not the production default of two minutes).
    WORKER_LEASE_MS: String(options.leaseMs ?? 1000),
    // Only effects in these tests: the scheduled reconciliation would read Shopify between them.
    RECONCILE_EVERY_HOURS: "0",
  });
}

/** One write through the app's own services, as another app process makes it. */
export type AppWrite =
  | { kind: "receive"; orderId: string; lineId: string; received: number }
  | { kind: "submit"; orderId: string; deliveryId: string }
  | { kind: "payment"; orderId: string; amount: string }
  | { kind: "credit"; orderId: string; creditId: string; amount: string };

export interface AppWriterJob {
  databaseUrl: string;
  shopDomain: string;
  /** Sent orders; each write opens a delivery on the next one, in turn. */
  orderIds: string[];
  count: number;
  /** Made all at once after the deliveries (receipts, delivery submissions, payments, credit applications). */
  writes?: AppWrite[];
}

export interface AppWriterResult {
  succeeded: number;
  errors: string[];
  /**
   * Each of `writes`, in its order: the status the REST API answers for the same outcome (200
   * done, a refusal's 4xx, 503 busy, 500 for anything the API would not describe) and why.
   */
  outcomes: Array<{ status: number; detail?: string }>;
}

/**
 * A second app process (tests/support/app-writer-process.ts) that opens `count` deliveries with
 * the app's createDelivery, then makes `writes`, once `go()` is called. Start several, wait for
 * each `ready`, then let them go together.
 */
export function startAppWriter(job: AppWriterJob) {
  const writer = startTypeScript("tests/support/app-writer-process.ts", [JSON.stringify(job)], {});
  return {
    ready: writer.printed("ready"),
    go: () => writer.child.stdin!.write("go\n"),
    async result(): Promise<AppWriterResult> {
      const { code } = await writer.exited;
      const last = writer.output().trim().split("\n").at(-1) ?? "";
      if (code !== 0) throw new Error(`app writer exited with ${code}:\n${writer.output()}`);
      return JSON.parse(last) as AppWriterResult;
    },
  };
}

/**
 * A second app process that stays up and runs jobs one after another (each as startAppWriter
 * runs its one): `run(job)` sends it at once and resolves with its result. `close()` ends it.
 */
export function startAppWriterSession() {
  const writer = startTypeScript("tests/support/app-writer-process.ts", [], {});
  const waiting: Array<(result: AppWriterResult) => void> = [];
  let buffered = "";
  writer.child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith("{")) waiting.shift()?.(JSON.parse(line) as AppWriterResult);
  });
  return {
    ready: writer.printed("ready"),
    run(job: AppWriterJob): Promise<AppWriterResult> {
      return new Promise<AppWriterResult>((resolve, reject) => {
        waiting.push(resolve);
        void writer.exited.then(() => reject(new Error(`app writer exited during a job:\n${writer.output()}`)));
        writer.child.stdin!.write(`${JSON.stringify(job)}\n`);
      });
    },
    async close(): Promise<void> {
      if (writer.child.exitCode === null && writer.child.signalCode === null) writer.child.stdin!.end();
      const { code } = await writer.exited;
      if (code !== 0) throw new Error(`app writer exited with ${code}:\n${writer.output()}`);
    },
  };
}

/**
 * Another connection that takes the write lock (and writes a shop row), says so, and holds it
 * until `release()`: commits then and exits. On SQLite the database's own write lock; on
 * PostgreSQL the lock every app transaction takes first (app/db-client.server.ts).
 */
export function holdWriteLock(databaseUrl: string) {
  const url = JSON.stringify(databaseUrl);
  const insert = JSON.stringify(
    `INSERT INTO "Shop" ("id", "domain", "name", "currencyCode") VALUES ('other', 'other.myshopify.com', 'Other', 'USD')`,
  );
  const script =
    providerOf(databaseUrl) === "postgresql"
      ? `
    import pg from "pg";
    const client = new pg.Client({ connectionString: ${url} });
    await client.connect();
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(${WRITE_TRANSACTION_LOCK_KEY})");
    await client.query(${insert});
    console.log("locked");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    await client.query("COMMIT");
    await client.end();
    process.exit(0);
  `
      : `
    import { createClient } from "@libsql/client";
    const client = createClient({ url: ${url} });
    const tx = await client.transaction("write");
    await tx.execute(${insert});
    console.log("locked");
    await new Promise((resolve) => process.stdin.once("data", resolve));
    await tx.commit();
    client.close();
    process.exit(0);
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd(), stdio: ["pipe", "pipe", "inherit"] });
  started.push(child);
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.on("exit", (code) => reject(new Error(`lock holder exited with ${code} before taking the lock`)));
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    locked,
    /** Commits and ends the holder; resolves once it exited (the lock is free). Safe to call again. */
    async release() {
      if (child.exitCode === null && child.signalCode === null && child.stdin.writable) child.stdin.end("release\n");
      await exited;
    },
  };
}

export interface OfflineTokenCall {
  databaseUrl: string;
  shopDomain: string;
  adminApiOrigin: string;
  /** The app clock in that process (ISO). */
  now: string;
}

/** A separate process that reads the shop once through its offline token (tests/support/offline-token-process.ts). */
export function startOfflineTokenCall(call: OfflineTokenCall) {
  const caller = startTypeScript("tests/support/offline-token-process.ts", [JSON.stringify(call)], {});
  return {
    async result(): Promise<{ ok: true; shopName: string } | { ok: false; error: string }> {
      const { code } = await caller.exited;
      const last = caller.output().trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) throw new Error(`offline token call exited with ${code}:\n${caller.output()}`);
      return JSON.parse(last) as { ok: true; shopName: string } | { ok: false; error: string };
    },
  };
}

/**
 * An app process serving the app's routes over HTTP (tests/support/app-process.ts); resolves with
 * its origin once it listens. Give each its own files directory: processes share the database only.
 */
export async function startAppProcess(job: AppProcessJob): Promise<{ origin: string; output: () => string }> {
  const app = startTypeScript("tests/support/app-process.ts", [JSON.stringify(job)], {});
  const origin = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const line = app
        .output()
        .split("\n")
        .find((candidate) => candidate.startsWith("listening "));
      if (line) resolve(line.slice("listening ".length));
    };
    app.child.stdout!.on("data", check);
    void app.exited.then(() => reject(new Error(`the app process exited before listening:\n${app.output()}`)));
  });
  return { origin, output: app.output };
}
