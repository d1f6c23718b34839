/**
 * `npm run demo`: Inbound running locally against a demo store, no Shopify account needed.
 *
 * 1. applies the database migrations to a local SQLite file, or to the PostgreSQL database
 *    DATABASE_URL names (postgresql://…; created when the server does not have it yet);
 * 2. starts the Admin API stand-in (tests/standin) with the seeded demo store;
 * 3. installs the demo shop in the app database (shop, offline session, suppliers);
 * 4. starts the app (Remix on Vite) in demo mode, whose Admin API calls go to the stand-in,
 *    and the worker that sends staged Shopify effects there.
 *
 * Demo mode is refused with NODE_ENV=production (app/env.server.ts refuses it too).
 *
 * `--build`: the app as it runs in production instead of Vite's dev server — built first
 * (`remix vite:build --mode demo`, into build-demo/) and served by remix-serve with
 * NODE_ENV=production, still in demo mode. Only a server built that way accepts demo mode in
 * production: the build's mode is a constant of its bundle (app/demo-build.ts), and a build of
 * `npm run build` refuses INBOUND_DEMO whatever its environment says. The launcher itself still
 * refuses NODE_ENV=production; it sets it for the server it starts.
 * Ports: PORT (app, default 3000), SHOPIFY_STANDIN_PORT (stand-in, default 3457).
 * Each start is fresh (the SQLite file deleted, or PostgreSQL's schema dropped and made again):
 * the stand-in keeps the demo store in memory, so a database kept from an earlier run would
 * remember Shopify effects the new store never saw. `--keep-data` keeps it
 * anyway (for looking at old orders).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";

import pg from "pg";

import { createPrismaClient } from "../app/db-client.server";
import { DEMO_BUILD } from "../app/demo-build";
import { runEffectsWorker } from "../app/jobs/effects-worker.server";
import { offlineGateway } from "../app/jobs/offline-gateway.server";
import { providerOf } from "../app/db-provider.server";
import { applyMigrations } from "../app/migrations.server";
import { DEMO_ACCESS_TOKEN, DEMO_SHOP_DOMAIN, startStandin } from "../tests/standin";
import { installDemoShop } from "./demo-shop";
import { startSmtpCapture } from "./demo-smtp";

if (process.env.NODE_ENV === "production") {
  console.error("Refusing to start the demo with NODE_ENV=production: demo mode bypasses Shopify OAuth.");
  process.exit(1);
}

const productionBuild = process.argv.includes("--build");
const remixCli = path.resolve("node_modules/@remix-run/dev/dist/cli.js");
if (productionBuild) {
  const started = Date.now();
  const built = spawnSync(process.execPath, [remixCli, "vite:build", "--mode", DEMO_BUILD.mode], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (built.status !== 0) {
    console.error("The demo's production build failed.");
    process.exit(1);
  }
  console.log(`Built for the demo (${DEMO_BUILD.directory}/) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const appPort = Number(process.env.PORT ?? 3000);
const standinPort = Number(process.env.SHOPIFY_STANDIN_PORT ?? 3457);
const databaseUrl = process.env.DATABASE_URL ?? "file:prisma/demo.db";
const host = "127.0.0.1";

// Delivery note files belong with the demo's database: fresh together, kept together.
const filesDir =
  process.env.INBOUND_FILES_DIR ?? (databaseUrl.startsWith("file:") ? `${databaseUrl.slice("file:".length)}.files` : "storage/demo-files");
if (!process.argv.includes("--keep-data")) {
  await emptyDatabase(databaseUrl);
  rmSync(path.resolve(filesDir), { recursive: true, force: true });
}
// A database file in a folder that does not exist yet (a fresh clone's tests/output) is made there.
if (databaseUrl.startsWith("file:")) mkdirSync(path.dirname(path.resolve(databaseUrl.slice("file:".length))), { recursive: true });

await applyMigrations(databaseUrl);
const standin = await startStandin({ port: standinPort, host });
await installDemoShop(databaseUrl, standin);
// Supplier email without an account: a local SMTP server captures what Send to supplier sends.
const smtpPort = Number(process.env.DEMO_SMTP_PORT ?? appPort + 2);
const smtpCapture = await startSmtpCapture(databaseUrl, DEMO_SHOP_DOMAIN, host, smtpPort, `http://${host}:${appPort}`);

// The effects worker runs beside the app, as in the embedded default, sending to the stand-in.
const workerDb = createPrismaClient(databaseUrl);
const stopWorker = new AbortController();
const worker = runEffectsWorker({
  db: workerDb,
  // The app's demo credentials (app/env-schema.server.ts): the stand-in accepts any pair.
  gatewayFor: (shopDomain) =>
    offlineGateway(workerDb, shopDomain, { clientId: "demo-api-key", clientSecret: "demo-api-secret", adminApiOrigin: standin.origin }),
  intervalMs: 1000,
  signal: stopWorker.signal,
  onError: (shopDomain, error) => console.error(`effects worker: ${shopDomain}:`, error),
});

const demoEnv = {
  ...process.env,
  INBOUND_DEMO: "1",
  DATABASE_URL: databaseUrl,
  INBOUND_FILES_DIR: filesDir,
  DEMO_SHOP_DOMAIN,
  SHOPIFY_ADMIN_API_ORIGIN: standin.origin,
  // Links the app gives out (supplier emails, Settings → API access) point at this demo.
  SHOPIFY_APP_URL: process.env.SHOPIFY_APP_URL ?? `http://${host}:${appPort}`,
};
const app = productionBuild
  ? spawn(process.execPath, [path.resolve("node_modules/@remix-run/serve/dist/cli.js"), `${DEMO_BUILD.directory}/server/index.js`], {
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...demoEnv,
        NODE_ENV: "production",
        HOST: host,
        PORT: String(appPort),
        // The worker above sends the effects; production's embedded one stays off. Production
        // asks for the app's client credentials: the demo's (the stand-in accepts any pair).
        INBOUND_WORKER: "off",
        SHOPIFY_API_KEY: "demo-api-key",
        SHOPIFY_API_SECRET: "demo-api-secret",
      },
    })
  : spawn(process.execPath, [remixCli, "vite:dev", "--host", host, "--port", String(appPort), "--strictPort"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...demoEnv, NODE_ENV: "development", HMR_PORT: process.env.HMR_PORT ?? String(appPort + 1) },
    });

// remix-serve logs every request; the dev server logs none, and neither does this demo.
if (app.stdout) {
  createInterface({ input: app.stdout }).on("line", (line) => {
    if (!/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+ (\d{3}|-) /.test(line)) console.log(line);
  });
}

console.log(`
Inbound demo${productionBuild ? " (production build)" : ""}
  App:                 http://${host}:${appPort}/app
  REST API and MCP:    http://${host}:${appPort}/api/v1 and /mcp (keys: Settings → API access, or npm run apikey)
  MCP over stdio:      INBOUND_API_KEY=<key> INBOUND_DEMO=1 DEMO_SHOP_DOMAIN=${DEMO_SHOP_DOMAIN} \\
                         SHOPIFY_ADMIN_API_ORIGIN=${standin.origin} DATABASE_URL=${databaseUrl} npm run mcp
  Admin API stand-in:  ${standin.graphqlUrl}
  Demo shop:           ${DEMO_SHOP_DOMAIN}
  Supplier email:      captured by the local SMTP server on ${host}:${smtpPort}
  Access token (demo): ${DEMO_ACCESS_TOKEN}

  Query the demo store with ordinary Admin GraphQL, e.g.
  curl -s ${standin.graphqlUrl} -H 'Content-Type: application/json' \\
    -H 'X-Shopify-Access-Token: ${DEMO_ACCESS_TOKEN}' -d '{"query":"{ shop { name } }"}'
`);

/** Everything the demo stored before, gone: SQLite's file (with its log), or PostgreSQL's schema. */
async function emptyDatabase(url: string): Promise<void> {
  if (providerOf(url) === "sqlite") {
    if (!url.startsWith("file:")) return;
    // With its write-ahead log and index: a log left behind would be replayed into the new file.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(path.resolve(url.slice("file:".length) + suffix), { force: true });
    return;
  }
  await createDatabaseIfMissing(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The schema the URL's tables live in, with everything in it (migrations bookkeeping too).
    const { rows } = await client.query<{ schema: string }>("SELECT current_schema() AS schema");
    const schema = `"${rows[0]!.schema.replaceAll('"', '""')}"`;
    await client.query(`DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
}

/** PostgreSQL: the database the URL names, created (on the server's `postgres` database) when it does not exist yet. */
async function createDatabaseIfMissing(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = new URL(url);
  server.pathname = "/postgres";
  server.search = "";
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

const shutdown = async (code: number) => {
  app.kill("SIGTERM");
  stopWorker.abort();
  await worker;
  await workerDb.$disconnect();
  await standin.close();
  smtpCapture.close();
  process.exit(code);
};
app.on("exit", (code) => void shutdown(code ?? 0));
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
