// `npm run worker`: drains staged Shopify effects for every shop, as its own process (beside
// or instead of the app's embedded worker; shop leases keep each shop to one worker at a time).
// Environment: app/jobs/worker-config.server.ts. SIGTERM/SIGINT stop it between effects.
import "dotenv/config";

import { createPrismaClient } from "../app/db-client.server";
import { runEffectsWorker } from "../app/jobs/effects-worker.server";
import { configuredWorker, parseWorkerConfig } from "../app/jobs/worker-config.server";

const config = parseWorkerConfig(process.env);
const db = createPrismaClient(config.databaseUrl);
const stop = new AbortController();
process.on("SIGINT", () => stop.abort());
process.on("SIGTERM", () => stop.abort());

await runEffectsWorker(configuredWorker(db, config, stop.signal));
await db.$disconnect();
