import prisma from "~/db.server";

import { runEffectsWorker } from "./effects-worker.server";
import { configuredWorker, parseWorkerConfig } from "./worker-config.server";

declare global {
  // One worker per process, even when Vite re-evaluates server modules in development.
  var inboundEffectsWorker: Promise<void> | undefined;
}

/**
 * The embedded default: the app process drains Shopify effects itself, so a single-process
 * deployment on SQLite needs nothing else. Runs when INBOUND_WORKER allows it
 * (app/jobs/worker-config.server.ts); `npm run worker` beside it is safe (shop leases).
 * Stops between effects when the server is asked to stop (remix-serve closes on SIGTERM and
 * SIGINT; an unfinished effect is sent again by the next worker, with the same key).
 */
export function startEmbeddedEffectsWorker(source: Record<string, string | undefined> = process.env): void {
  if (globalThis.inboundEffectsWorker) return;
  const config = parseWorkerConfig(source);
  if (!config.embedded) return;
  const stop = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => stop.abort());
  globalThis.inboundEffectsWorker = runEffectsWorker(configuredWorker(prisma, config, stop.signal));
}
