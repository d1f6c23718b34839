// `npm run worker`: drains staged Shopify effects for every shop, as its own process.
import "dotenv/config";

import { createPrismaClient } from "../app/db-client.server";
import { runEffectsWorker } from "../app/jobs/effects-worker.server";
import { offlineGateway } from "../app/jobs/offline-gateway.server";

const db = createPrismaClient(process.env.DATABASE_URL ?? "file:prisma/inbound.db");
const stop = new AbortController();
process.on("SIGINT", () => stop.abort());
process.on("SIGTERM", () => stop.abort());

await runEffectsWorker({
  db,
  gatewayFor: (shopDomain) => offlineGateway(db, shopDomain),
  intervalMs: Number(process.env.WORKER_INTERVAL_MS ?? 1000),
  signal: stop.signal,
  onError: (shopDomain, error) => console.error(`effects worker: ${shopDomain}:`, error),
});
await db.$disconnect();
