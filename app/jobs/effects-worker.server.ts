import type { PrismaClient } from "@prisma/client";

import type { AdjustIncomingPayload } from "~/services/effects.server";
import { ShopifyApiError } from "~/services/shopify/errors";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

/**
 * The worker: drains each shop's staged Shopify effects, oldest first. An effect is marked
 * applied only after Shopify answered; if the process dies in between, the next run sends it
 * again with the same idempotency key (the effect's id) and Shopify applies it once. A
 * transient failure (throttled, 5xx, network) leaves the effect staged and stops the shop's
 * queue, so effects never overtake each other; a refusal (userErrors) marks it failed.
 */

export interface DrainResult {
  applied: number;
  failed: number;
  /** Staged effects left for a later run (a transient failure stopped the queue). */
  waiting: number;
}

export async function drainEffects(
  db: PrismaClient,
  shopDomain: string,
  gateway: ShopifyGateway,
  batchSize = 50,
): Promise<DrainResult> {
  const result: DrainResult = { applied: 0, failed: 0, waiting: 0 };
  const effects = await db.shopifyEffect.findMany({
    where: { shop: { domain: shopDomain }, status: "staged" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: batchSize,
  });
  for (const [index, effect] of effects.entries()) {
    await db.shopifyEffect.update({ where: { id: effect.id }, data: { attempts: { increment: 1 } } });
    try {
      const payload = JSON.parse(effect.payload) as AdjustIncomingPayload;
      await gateway.adjustIncoming({ idempotencyKey: effect.id, ...payload });
      await db.shopifyEffect.update({ where: { id: effect.id }, data: { status: "applied", appliedAt: new Date(), lastError: null } });
      result.applied += 1;
    } catch (error) {
      if (!(error instanceof ShopifyApiError)) throw error;
      const permanent = error.kind === "rejected" || error.kind === "graphql";
      await db.shopifyEffect.update({
        where: { id: effect.id },
        data: { status: permanent ? "failed" : "staged", lastError: error.message },
      });
      if (permanent) {
        result.failed += 1;
        continue;
      }
      result.waiting = effects.length - index;
      break;
    }
  }
  return result;
}

/** Shops with effects waiting, for a worker that serves every shop. */
export async function shopsWithStagedEffects(db: PrismaClient): Promise<string[]> {
  const shops = await db.shop.findMany({
    where: { shopifyEffects: { some: { status: "staged" } }, uninstalledAt: null },
    select: { domain: true },
  });
  return shops.map((shop) => shop.domain);
}

/**
 * Drains every shop's queue every `intervalMs` until `signal` aborts. `gatewayFor` builds a
 * shop's gateway from its offline session; a shop without one is skipped.
 */
export async function runEffectsWorker(options: {
  db: PrismaClient;
  gatewayFor: (shopDomain: string) => Promise<ShopifyGateway | null>;
  intervalMs: number;
  signal: AbortSignal;
  onError?: (shopDomain: string, error: unknown) => void;
}): Promise<void> {
  while (!options.signal.aborted) {
    // A failing round (a locked or unreachable database, a shop's broken session) is reported
    // and retried next round: the worker itself must not die.
    try {
      for (const shopDomain of await shopsWithStagedEffects(options.db)) {
        try {
          const gateway = await options.gatewayFor(shopDomain);
          if (gateway) await drainEffects(options.db, shopDomain, gateway);
        } catch (error) {
          options.onError?.(shopDomain, error);
        }
      }
    } catch (error) {
      options.onError?.("(all shops)", error);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
