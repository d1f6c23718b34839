import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

import type { Prisma, PrismaClient } from "@prisma/client";

import type { UnitCostsEffectPayload } from "~/domain/effects";
import { log, withLogContext } from "~/log.server";
import { drainSupplierEmails } from "~/services/email/sender.server";
import { runDueDriftChecks, runDueReconciliations } from "~/services/reconciliation.server";
import { settleCompletion } from "~/services/purchase-order-lifecycle.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import { applyEffect, type EffectOutcome } from "./effect-tasks.server";
import { handleQueuedWebhooks } from "./webhook-deliveries.server";
import { now as clockNow } from "~/clock.server";

/**
 * The worker: drains each shop's staged Shopify effects (the outbox rows staged with every
 * change, app/services/effects.server.ts), one shop at a time per worker, oldest first.
 *
 * Exactly once, from at-least-once: an effect is claimed ("sent", with an attempt row) before
 * Shopify is called and marked applied only after Shopify answered. If the worker dies in
 * between, the effect stays "sent" and the next worker to take the shop sends it again with the
 * same idempotency key (the effect's id); Shopify replays its first answer instead of applying
 * it twice.
 *
 * Order: a shop's effects are applied strictly in (createdAt, id) order, the order the core
 * planned them in (on hand before incoming, incoming before tags). A transient failure puts the
 * effect back to "staged" with a backoff (notBefore) and stops the shop's queue there: a later
 * effect must not overtake it (incoming pushed after a cancel's rollback would be wrong). A
 * refused effect (failed) does not block later ones: retrying it would be refused the same way,
 * and the merchant retries it from the order screen once the cause is fixed.
 */

/** Statuses still to be applied: "sent" ones were left by a worker that died mid-call. */
const QUEUED = ["staged", "sent"];
const QUEUE_ORDER = [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** Longer than one effect can take (a few calls, each with the gateway's retries and 30 s timeout). */
export const DEFAULT_LEASE_MS = 120_000;
const DEFAULT_BATCH_SIZE = 50;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 300_000;
/** A retry waits its delay plus up to half again, so shops that failed together do not retry together. */
const RETRY_JITTER = 0.5;

export interface DrainOptions {
  /** Who holds the shop's lease and made each attempt; one per worker (default: a new one for this drain). */
  workerId?: string;
  /** Effects handled before the lease is released, so one busy shop does not starve the others. */
  batchSize?: number;
  leaseMs?: number;
  now?: () => Date;
  /** Uniform in [0, 1), for the retry jitter. */
  random?: () => number;
  /** Stops between effects (a shutdown): the effect being sent finishes first. */
  signal?: AbortSignal;
}

export interface DrainResult {
  applied: number;
  failed: number;
  /** Effects still queued for the shop after this run (stopped by a backoff, a full batch, or another worker's lease). */
  waiting: number;
}

/** Unique per worker: a restarted process is a new worker and waits for its predecessor's lease to expire. */
export function newWorkerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/**
 * One worker at a time per shop, without `FOR UPDATE` (SQLite has none): the lease is a
 * conditional update of the shop row, taken only when free, expired or already ours. Both
 * databases make it atomic: SQLite runs one write at a time, and PostgreSQL re-checks the WHERE
 * clause on the row it locks, so of two workers racing for an expired lease exactly one updates.
 */
async function takeLease(db: PrismaClient, shopId: string, workerId: string, at: Date, leaseMs: number): Promise<boolean> {
  const taken = await db.shop.updateMany({
    where: {
      id: shopId,
      OR: [{ effectsLeaseOwner: null }, { effectsLeaseUntil: null }, { effectsLeaseUntil: { lt: at } }, { effectsLeaseOwner: workerId }],
    },
    data: { effectsLeaseOwner: workerId, effectsLeaseUntil: new Date(at.getTime() + leaseMs) },
  });
  return taken.count === 1;
}

async function releaseLease(db: PrismaClient, shopId: string, workerId: string): Promise<void> {
  await db.shop.updateMany({
    where: { id: shopId, effectsLeaseOwner: workerId },
    data: { effectsLeaseOwner: null, effectsLeaseUntil: null },
  });
}

/**
 * Claims an effect for one attempt, in one transaction with renewing the lease: an effect is
 * only ever marked sent by the lease holder. If the lease expired and another worker took the
 * shop (this one was stalled longer than the lease), nothing is claimed and this worker stops.
 * Returns the attempt's id, or null when the lease was lost.
 */
async function claim(db: PrismaClient, shopId: string, effectId: string, workerId: string, at: Date, leaseMs: number) {
  return db.$transaction(async (tx) => {
    const renewed = await tx.shop.updateMany({
      where: { id: shopId, effectsLeaseOwner: workerId },
      data: { effectsLeaseUntil: new Date(at.getTime() + leaseMs) },
    });
    if (renewed.count === 0) return null;
    const claimed = await tx.shopifyEffect.updateMany({
      where: { id: effectId, status: { in: QUEUED } },
      data: { status: "sent", attempts: { increment: 1 }, notBefore: null },
    });
    if (claimed.count === 0) return null;
    const attempt = await tx.shopifyEffectAttempt.create({ data: { effectId, workerId, startedAt: at }, select: { id: true } });
    return attempt.id;
  });
}

/** Exponential in the effect's attempts, capped, with jitter. */
function retryDelayMs(attempts: number, random: () => number): number {
  const delay = Math.min(RETRY_BASE_MS * 2 ** Math.max(attempts - 1, 0), RETRY_MAX_MS);
  return Math.round(delay * (1 + RETRY_JITTER * random()));
}

/**
 * Records how an attempt ended, on the effect and its attempt row together. Only a "sent"
 * effect is updated: a late answer must never overwrite an outcome another worker recorded.
 */
async function record(
  db: PrismaClient,
  effect: { id: string; attempts: number },
  attemptId: string,
  outcome: EffectOutcome,
  at: Date,
  random: () => number,
  /** What the outcome settles, in the same transaction (a completion's cost sync). */
  settle?: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<void> {
  const data =
    outcome.kind === "applied"
      ? { status: "applied", appliedAt: at, lastError: null }
      : outcome.kind === "failed"
        ? { status: "failed", lastError: outcome.error }
        : {
            status: "staged",
            lastError: outcome.error,
            notBefore: new Date(at.getTime() + retryDelayMs(effect.attempts + 1, random)),
          };
  try {
    await db.$transaction(async (tx) => {
      const recorded = await tx.shopifyEffect.updateMany({ where: { id: effect.id, status: "sent" }, data });
      await tx.shopifyEffectAttempt.update({
        where: { id: attemptId },
        data: { finishedAt: at, outcome: outcome.kind, error: outcome.kind === "applied" ? null : outcome.error },
      });
      if (recorded.count === 1 && settle) await settle(tx);
    });
  } catch (error) {
    if (!settle) throw error;
    // What the outcome settles could not be saved (the database was busy, say): nothing of it was
    // kept, so the effect is tried again later, as after any passing fault (writing a cost twice is harmless).
    const reason = `Shopify answered, but recording it failed: ${error instanceof Error ? error.message : String(error)}`;
    await record(db, effect, attemptId, { kind: "retry", error: reason }, at, random);
  }
}

/**
 * A completion's cost sync is tried this many times when Shopify cannot be reached, then ends as
 * failed: the order must not stay completing (every action refused) through a long outage. With
 * the backoff that is about twenty minutes.
 */
export const MAX_COST_SYNC_ATTEMPTS = 12;

/** An outcome as recorded: a cost sync's retries end as failed after MAX_COST_SYNC_ATTEMPTS (the order leaves Completing). */
function finalOutcome(effect: { kind: string; attempts: number }, outcome: EffectOutcome): EffectOutcome {
  if (effect.kind !== "update_unit_costs" || outcome.kind !== "retry" || effect.attempts + 1 < MAX_COST_SYNC_ATTEMPTS) return outcome;
  return { kind: "failed", error: `Shopify could not be reached after ${MAX_COST_SYNC_ATTEMPTS} attempts (${outcome.error})` };
}

/** What an effect's final outcome settles: a completion waits for its cost sync (settleCompletion). */
function settlementOf(shopDomain: string, effect: { kind: string; payload: string }, outcome: EffectOutcome) {
  if (effect.kind !== "update_unit_costs" || outcome.kind === "retry") return undefined;
  const payload = safeJson(effect.payload) as UnitCostsEffectPayload | undefined;
  if (typeof payload?.purchaseOrderId !== "string") return undefined;
  return (tx: Prisma.TransactionClient) => settleCompletion(tx, shopDomain, payload, outcome);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Drains up to `batchSize` of a shop's queued effects, holding the shop's lease meanwhile
 * (renewed with every claim, released at the end). Sends nothing while another worker holds it.
 */
export async function drainEffects(db: PrismaClient, shopDomain: string, gateway: ShopifyGateway, options: DrainOptions = {}): Promise<DrainResult> {
  const workerId = options.workerId ?? newWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? clockNow;
  const random = options.random ?? Math.random;
  const result: DrainResult = { applied: 0, failed: 0, waiting: 0 };
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  if (!shop) return result;
  const waiting = () => db.shopifyEffect.count({ where: { shopId: shop.id, status: { in: QUEUED } } });

  // Another worker is draining this shop: it sends these effects, in order.
  if (!(await takeLease(db, shop.id, workerId, now(), leaseMs))) return { ...result, waiting: await waiting() };
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  try {
    // Read again when a batch is done: what an effect's outcome staged (a completion's own
    // effects, after its cost sync) follows in the same drain.
    drain: for (let handled = 0; handled < batchSize;) {
      const queue = await db.shopifyEffect.findMany({
        where: { shopId: shop.id, status: { in: QUEUED } },
        orderBy: QUEUE_ORDER,
        take: batchSize - handled,
        select: { id: true, kind: true, payload: true, attempts: true, notBefore: true, requestId: true },
      });
      if (queue.length === 0) break;
      for (const effect of queue) {
        if (options.signal?.aborted) break drain;
        // The head of the queue is backing off: everything behind it waits too (order).
        if (effect.notBefore && effect.notBefore > now()) break drain;
        const attemptId = await claim(db, shop.id, effect.id, workerId, now(), leaseMs);
        if (!attemptId) break drain;
        handled += 1;
        const outcome = await withLogContext({ ...(effect.requestId ? { requestId: effect.requestId } : {}), shop: shopDomain }, async () => {
          const outcome = finalOutcome(effect, await applyEffect(gateway, effect));
          await record(db, effect, attemptId, outcome, now(), random, settlementOf(shopDomain, effect, outcome));
          (outcome.kind === "applied" ? log.info : log.warn)(`effect ${outcome.kind}`, {
            effectId: effect.id,
            kind: effect.kind,
            attempt: effect.attempts + 1,
            ...(outcome.kind === "applied" ? {} : { error: outcome.error }),
          });
          return outcome;
        });
        if (outcome.kind === "retry") break drain;
        result[outcome.kind] += 1;
      }
    }
  } finally {
    await releaseLease(db, shop.id, workerId);
  }
  return { ...result, waiting: await waiting() };
}

/**
 * Installed shops with an effect to send now: staged or left sent, and not backing off. (A shop
 * whose head effect is backing off may still be listed for a later one; its drain stops at once.)
 */
export async function shopsWithDueEffects(db: PrismaClient, at: Date = clockNow()): Promise<string[]> {
  const shops = await db.shop.findMany({
    where: {
      uninstalledAt: null,
      shopifyEffects: { some: { status: { in: QUEUED }, OR: [{ notBefore: null }, { notBefore: { lte: at } }] } },
    },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  return shops.map((shop) => shop.domain);
}

export interface WorkerOptions {
  db: PrismaClient;
  /** A shop's gateway from its offline session; null (no session) skips the shop. */
  gatewayFor: (shopDomain: string) => Promise<ShopifyGateway | null>;
  /** Pause between rounds when no shop had more than a batch to do. */
  intervalMs: number;
  signal: AbortSignal;
  onError?: (shopDomain: string, error: unknown) => void;
  workerId?: string;
  leaseMs?: number;
  batchSize?: number;
  /**
   * Scheduled incoming reconciliation: each shop's drift is detected when its last run is older
   * than this (app/services/reconciliation.server.ts). Off when absent.
   */
  reconcileEveryMs?: number;
}

/** How often a worker asks the database whether a scheduled reconciliation is due. */
const RECONCILIATION_CHECK_MS = 60_000;

/**
 * Drains every shop's queue, one batch per shop per round (fair between shops), until `signal`
 * aborts; rounds follow each other at once while some shop had a full batch, else every
 * `intervalMs`. Several such workers (processes, or the app and `npm run worker`) can run on
 * one database: the shop leases keep each shop's queue to one of them at a time.
 */
export async function runEffectsWorker(options: WorkerOptions): Promise<void> {
  const { db, signal } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const drainOptions: DrainOptions = {
    workerId: options.workerId ?? newWorkerId(),
    batchSize,
    signal,
    ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
  };
  let reconciliationCheckedAt = 0;
  while (!signal.aborted) {
    let moreToDo = false;
    // Webhook deliveries first: Shopify has had its answer, the merchant waits for their effect.
    const webhooks = await handleQueuedWebhooks(db, { workerId: drainOptions.workerId!, signal }).catch((error: unknown) => {
      options.onError?.("(webhook deliveries)", error);
      return { handled: 0, failed: 0 };
    });
    if (webhooks.handled + webhooks.failed > 0) moreToDo = true;
    // Drift checks asked for by inventory_levels/update, once their debounce has passed.
    await runDueDriftChecks(db, options.gatewayFor).catch((error: unknown) => options.onError?.("(drift checks)", error));
    await drainSupplierEmails(db).catch((error: unknown) => options.onError?.("(supplier emails)", error));
    if (options.reconcileEveryMs !== undefined && Date.now() - reconciliationCheckedAt >= RECONCILIATION_CHECK_MS) {
      reconciliationCheckedAt = Date.now();
      // Whether a shop is due is decided by its saved runs, so several workers agree; at worst
      // two detect at once, which changes nothing (detection never fixes).
      await runDueReconciliations(db, options.gatewayFor, clockNow(), options.reconcileEveryMs).catch((error: unknown) =>
        options.onError?.("(reconciliation)", error),
      );
    }
    // A failing round (a locked or unreachable database, a shop's broken session) is reported
    // and retried next round: the worker itself must not die.
    try {
      for (const shopDomain of await shopsWithDueEffects(db)) {
        if (signal.aborted) break;
        try {
          const gateway = await options.gatewayFor(shopDomain);
          if (!gateway) continue;
          const drained = await drainEffects(db, shopDomain, gateway, drainOptions);
          if (drained.applied + drained.failed >= batchSize) moreToDo = true;
        } catch (error) {
          options.onError?.(shopDomain, error);
        }
      }
    } catch (error) {
      options.onError?.("(all shops)", error);
    }
    if (!moreToDo) await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
