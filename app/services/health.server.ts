import type { PrismaClient } from "@prisma/client";

import { providerOf } from "~/db-provider.server";
import { MIGRATIONS_TABLE, migrationsDirectory, readMigrations } from "~/migrations.server";

/**
 * Readiness of one app or worker process, for a load balancer or orchestrator (`/readyz`):
 * the database answers, every committed migration is applied, and the queues are not falling
 * behind. The answer names only counts, ages and migration names: nothing about any shop and
 * nothing secret, since the route asks for no authentication.
 */

/** Staged Shopify effects and webhook deliveries waiting longer than this make the process not ready (READY_MAX_QUEUE_LAG_SECONDS). */
export const DEFAULT_MAX_QUEUE_LAG_SECONDS = 600;

/** READY_MAX_QUEUE_LAG_SECONDS, when set to a positive number of seconds. */
export function maxQueueLagSecondsFrom(source: Record<string, string | undefined>): number {
  const seconds = Number(source.READY_MAX_QUEUE_LAG_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_MAX_QUEUE_LAG_SECONDS;
}

export interface ReadinessCheck {
  ok: boolean;
  /** What is wrong, when not ok, in words an operator can act on. */
  problem?: string;
}

export interface Readiness {
  ready: boolean;
  database: ReadinessCheck;
  migrations: ReadinessCheck & { applied: number; expected: number; pending: string[] };
  effectQueue: ReadinessCheck & { queued: number; oldestAgeSeconds: number | null; maxAgeSeconds: number };
  webhookQueue: ReadinessCheck & { queued: number; oldestAgeSeconds: number | null; maxAgeSeconds: number };
}

export interface ReadinessOptions {
  databaseUrl: string;
  now: Date;
  maxQueueLagSeconds?: number;
}

const ageSeconds = (since: Date | null | undefined, now: Date) => (since ? Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)) : null);

function queueCheck(queued: number, oldest: Date | null | undefined, now: Date, maxAgeSeconds: number, what: string) {
  const oldestAgeSeconds = ageSeconds(oldest, now);
  const lagging = oldestAgeSeconds !== null && oldestAgeSeconds > maxAgeSeconds;
  return {
    ok: !lagging,
    ...(lagging
      ? { problem: `the oldest queued ${what} has waited ${oldestAgeSeconds} s (more than ${maxAgeSeconds} s): are the workers running?` }
      : {}),
    queued,
    oldestAgeSeconds,
    maxAgeSeconds,
  };
}

export async function checkReadiness(db: PrismaClient, options: ReadinessOptions): Promise<Readiness> {
  const maxAgeSeconds = options.maxQueueLagSeconds ?? DEFAULT_MAX_QUEUE_LAG_SECONDS;
  const { now } = options;
  const expected = await readMigrations(migrationsDirectory(providerOf(options.databaseUrl)));
  let applied: Set<string>;
  try {
    const rows = await db.$queryRawUnsafe<Array<{ name: string }>>(`SELECT "name" FROM "${MIGRATIONS_TABLE}"`);
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    const problem = `the database did not answer: ${error instanceof Error ? error.name : "error"}`;
    const unknownQueue = { ok: false, problem: "unknown: the database did not answer", queued: 0, oldestAgeSeconds: null, maxAgeSeconds };
    return {
      ready: false,
      database: { ok: false, problem },
      migrations: { ok: false, problem: "unknown: the database did not answer", applied: 0, expected: expected.length, pending: [] },
      effectQueue: unknownQueue,
      webhookQueue: unknownQueue,
    };
  }
  const pending = expected.map((migration) => migration.name).filter((name) => !applied.has(name));
  const migrations = {
    ok: pending.length === 0,
    ...(pending.length > 0 ? { problem: `${pending.length} migration(s) not applied (run npm run setup): ${pending.join(", ")}` } : {}),
    applied: applied.size,
    expected: expected.length,
    pending,
  };
  // A database one migration behind may lack the queues' columns: their lag is only read when current.
  if (!migrations.ok) {
    const unread = { ok: true, queued: 0, oldestAgeSeconds: null, maxAgeSeconds };
    return { ready: false, database: { ok: true }, migrations, effectQueue: unread, webhookQueue: unread };
  }
  // What a worker would send now (app/jobs/effects-worker.server.ts shopsWithDueEffects): not backing off, of an installed shop.
  const dueEffects = { status: { in: ["staged", "sent"] }, shop: { uninstalledAt: null }, OR: [{ notBefore: null }, { notBefore: { lte: now } }] };
  const [effects, oldestEffect, deliveries, oldestDelivery] = await Promise.all([
    db.shopifyEffect.count({ where: dueEffects }),
    db.shopifyEffect.findFirst({ where: dueEffects, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.webhookDelivery.count({ where: { result: "queued" } }),
    db.webhookDelivery.findFirst({ where: { result: "queued" }, orderBy: { receivedAt: "asc" }, select: { receivedAt: true } }),
  ]);
  const effectQueue = queueCheck(effects, oldestEffect?.createdAt, now, maxAgeSeconds, "Shopify effect");
  const webhookQueue = queueCheck(deliveries, oldestDelivery?.receivedAt, now, maxAgeSeconds, "webhook delivery");
  return {
    ready: migrations.ok && effectQueue.ok && webhookQueue.ok,
    database: { ok: true },
    migrations,
    effectQueue,
    webhookQueue,
  };
}
