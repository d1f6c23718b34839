import { z } from "zod";

import { InvalidEnvironmentError, parseEnvironment } from "~/env-schema.server";
import { log } from "~/log.server";

import type { PrismaClient } from "@prisma/client";

import { DEFAULT_LEASE_MS, type WorkerOptions } from "./effects-worker.server";
import { offlineGateway, type OfflineAccess } from "./offline-gateway.server";

/**
 * The effects worker's environment, parsed once at start (bad values refuse to start):
 * - INBOUND_WORKER: `on` or `off`. The app process runs the worker itself (the embedded
 *   default) when NODE_ENV=production unless `off`; `on` also starts it in development.
 *   `npm run worker` ignores it: that process is the worker.
 * - WORKER_INTERVAL_MS: pause between rounds when nothing is due (default 1000).
 * - WORKER_LEASE_MS: how long a shop stays with a worker that stopped answering, e.g. one
 *   killed mid-batch (default 120000). Longer than one effect can take.
 * - RECONCILE_EVERY_HOURS: scheduled incoming reconciliation per shop (default 24; 0 turns it off).
 * - SHOPIFY_API_KEY, SHOPIFY_API_SECRET: the app's client credentials, which renewing a shop's
 *   expiring offline token needs (required in production, as for the app).
 * The standalone worker also reads DATABASE_URL, and SHOPIFY_ADMIN_API_ORIGIN under the app's
 * own demo-mode rules (app/env-schema.server.ts: only with INBOUND_DEMO, never in production).
 */

const positiveMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const workerSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  INBOUND_WORKER: z.enum(["on", "off"]).optional(),
  WORKER_INTERVAL_MS: positiveMs(1000),
  WORKER_LEASE_MS: positiveMs(DEFAULT_LEASE_MS),
  RECONCILE_EVERY_HOURS: z.coerce.number().min(0).default(24),
  DATABASE_URL: z.string().min(1).default("file:prisma/inbound.db"),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
});

export interface WorkerConfig {
  /** Whether the app process should run the worker too. */
  embedded: boolean;
  intervalMs: number;
  leaseMs: number;
  /** Scheduled reconciliation interval; absent when turned off. */
  reconcileEveryMs?: number;
  databaseUrl: string;
  /** The app's client credentials and, in demo mode only, the Admin API stand-in. */
  access: OfflineAccess;
}

export function parseWorkerConfig(source: Record<string, string | undefined>): WorkerConfig {
  const parsed = workerSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const env = parsed.data;
  const adminApiOrigin = source.SHOPIFY_ADMIN_API_ORIGIN ? parseEnvironment(source).demo?.adminApiOrigin : undefined;
  if (env.NODE_ENV === "production" && (!env.SHOPIFY_API_KEY || !env.SHOPIFY_API_SECRET)) {
    throw new InvalidEnvironmentError(["SHOPIFY_API_KEY, SHOPIFY_API_SECRET: required in production (renewing offline tokens needs them)"]);
  }
  return {
    embedded: env.INBOUND_WORKER === "on" || (env.INBOUND_WORKER === undefined && env.NODE_ENV === "production"),
    intervalMs: env.WORKER_INTERVAL_MS,
    leaseMs: env.WORKER_LEASE_MS,
    ...(env.RECONCILE_EVERY_HOURS > 0 ? { reconcileEveryMs: env.RECONCILE_EVERY_HOURS * 3_600_000 } : {}),
    databaseUrl: env.DATABASE_URL,
    access: {
      // The same fallbacks as the app's (app/env-schema.server.ts), outside production only.
      clientId: env.SHOPIFY_API_KEY ?? "demo-api-key",
      clientSecret: env.SHOPIFY_API_SECRET ?? "demo-api-secret",
      ...(adminApiOrigin ? { adminApiOrigin } : {}),
    },
  };
}

/** The worker as configured, on this database, until `signal` aborts (the app's and `npm run worker`'s). */
export function configuredWorker(db: PrismaClient, config: WorkerConfig, signal: AbortSignal): WorkerOptions {
  return {
    db,
    gatewayFor: (shopDomain) => offlineGateway(db, shopDomain, config.access),
    intervalMs: config.intervalMs,
    leaseMs: config.leaseMs,
    ...(config.reconcileEveryMs === undefined ? {} : { reconcileEveryMs: config.reconcileEveryMs }),
    signal,
    // `where` is a shop's domain, or what the worker was doing, e.g. "(drift checks)".
    onError: (where, error) => log.error("worker step failed", { ...(where.startsWith("(") ? { step: where } : { shop: where }), error }),
  };
}
