import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import type { InventoryEffectPayload } from "~/domain/effects";
import {
  requireIncomingTracking,
  decideFix,
  detectDrift,
  detectionStatus,
  narrowToPositions,
  reconciliationPositions,
  type DriftReport,
  type DriftRow,
  type EffectStatus,
  type IncomingEffect,
  type Position,
  type ReconciliationStatus,
} from "~/domain/reconciliation";
import { purchaseOrderName } from "~/domain/purchase-order/status";

import type { Actor } from "./actor";
import { stageEffects } from "./effects.server";
import { loadSettings } from "./settings.server";
import { ShopifyApiError } from "./shopify/errors";
import type { ShopifyGateway } from "./shopify/gateway.server";
import { requireShop } from "./shops.server";
import { now as clockNow } from "~/clock.server";
import { chunks, inChunks } from "~/db-chunks.server";

/**
 * Incoming reconciliation for a shop (app/domain/reconciliation.ts): a run reads what the
 * orders hold and what Shopify shows, and records the drift; fixing a run stages the
 * corrections as adjust_incoming effects (the worker applies them) with an audit entry, in one
 * transaction. Runs on demand (the reconciliation screen) and on a schedule (the worker calls
 * runDueReconciliations).
 */

/** manual (Run now), scheduled (the worker's daily run), webhook (a drift check after inventory_levels/update). */
export type ReconciliationTrigger = "manual" | "scheduled" | "webhook";

export const DEFAULT_RECONCILIATION_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface ReconciliationRun {
  id: string;
  trigger: ReconciliationTrigger;
  status: ReconciliationStatus;
  report: DriftReport;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  fixedAt: Date | null;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Reads the shop's orders and Shopify, records the run and what it found. Shopify errors end the run as failed. */
export async function runReconciliation(
  db: PrismaClient,
  shopDomain: string,
  gateway: ShopifyGateway,
  trigger: ReconciliationTrigger,
  now: () => Date = clockNow,
  /** Only these positions (a drift check); every position the shop's orders touch when absent. */
  only?: readonly Position[],
): Promise<ReconciliationRun> {
  const shop = await requireShop(db, shopDomain);
  requireIncomingTracking((await loadSettings(db, shop.id)).incomingTracking);
  const startedAt = now();
  const run = await db.incomingReconciliation.create({ data: { shopId: shop.id, trigger, status: "running", startedAt } });
  try {
    const all = await Promise.all([shopLedger(db, shop.id), incomingEffects(db, { shopId: shop.id })]);
    const { ledger, effects } = only ? narrowToPositions(all[0], all[1], only) : { ledger: all[0], effects: all[1] };
    const shopify = await gateway.incomingQuantities(reconciliationPositions(ledger, effects));
    // Effects staged, retried or applied while Shopify was read make those positions unreliable
    // for this run: they are reported as pending instead of as drift.
    const settling = await incomingEffects(db, {
      shopId: shop.id,
      OR: [{ status: { in: ["staged", "sent"] } }, { createdAt: { gte: startedAt } }, { appliedAt: { gte: startedAt } }],
    });
    const report = detectDrift({ ledger, effects, shopify, settling: settling.flatMap((effect) => effect.changes) });
    return toRun(
      await db.incomingReconciliation.update({
        where: { id: run.id },
        data: { status: detectionStatus(report), drift: JSON.stringify(report), finishedAt: now() },
      }),
    );
  } catch (error) {
    await db.incomingReconciliation.update({
      where: { id: run.id },
      data: { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: now() },
    });
    if (error instanceof ShopifyApiError) return requireRun(db, shop.id, run.id);
    throw error;
  }
}

export interface FixResult {
  run: ReconciliationRun;
  /** The side-effect report: the adjust_incoming effects staged (the worker applies them). */
  stagedEffects: string[];
}

/**
 * Fixes a run's drift: stages one correction per order document (≤ 250 changes per effect),
 * marks the failed effects it takes the place of as superseded (so a retry cannot apply them on
 * top of it), writes one audit entry and marks the run fixed, all in one transaction. Refused
 * (GuardrailError) when the run is not the latest, effects were staged since, or nothing is
 * ours to fix.
 */
export async function fixReconciliation(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  runId: string,
  now: () => Date = clockNow,
): Promise<FixResult> {
  const shop = await requireShop(db, shopDomain);
  return db.$transaction(async (tx) => {
    requireIncomingTracking((await loadSettings(tx, shop.id)).incomingTracking);
    const run = await requireRun(tx, shop.id, runId);
    const [newerRun, stagedSince, stillFailed] = await Promise.all([
      tx.incomingReconciliation.count({ where: { shopId: shop.id, id: { not: run.id }, startedAt: { gte: run.startedAt } } }),
      tx.shopifyEffect.count({ where: { shopId: shop.id, kind: "adjust_incoming", createdAt: { gte: run.startedAt } } }),
      inChunks(run.report.failedEffectIds, (chunk) =>
        tx.shopifyEffect.findMany({ where: { id: { in: chunk }, status: "failed" }, select: { id: true } }),
      ).then((failed) => failed.length),
    ]);
    const request = {
      status: run.status,
      report: run.report,
      newerRun: newerRun > 0,
      effectsChangedSince: stagedSince > 0 || stillFailed !== run.report.failedEffectIds.length,
    };
    const plan = decideFix(request);
    // Of two fixes racing on one run, only the one that moves it from drift to fixed goes on.
    const claimed = await tx.incomingReconciliation.updateMany({ where: { id: run.id, status: "drift" }, data: { status: "fixed", fixedAt: now() } });
    if (claimed.count === 0) decideFix({ ...request, status: "fixed" });
    const stagedEffects: string[] = [];
    for (const { orderId, effects } of plan) stagedEffects.push(...(await stageEffects(tx, shop.id, orderId, effects)));
    await supersede(tx, run.report.failedEffectIds);
    const fixed = run.report.rows.filter((row) => row.documents.some((document) => document.correction !== 0));
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        actorType: actor.type,
        actorId: actor.id,
        action: "reconcile_incoming",
        changes: JSON.stringify({
          reconciliationId: run.id,
          fixed: fixed.map((row) => ({
            inventoryItemId: row.inventoryItemId,
            locationId: row.locationId,
            expected: row.expected,
            shopify: row.shopify,
            drift: row.drift,
            corrections: row.documents.filter((d) => d.correction !== 0).map((d) => ({ purchaseOrderId: d.orderId, delta: d.correction })),
          })),
          supersededEffects: run.report.failedEffectIds,
          stagedEffects,
        }),
      },
    });
    return { run: await requireRun(tx, shop.id, run.id), stagedEffects };
  });
}

async function supersede(tx: Prisma.TransactionClient, effectIds: readonly string[]): Promise<void> {
  const effects = await inChunks(effectIds, (chunk) =>
    tx.shopifyEffect.findMany({ where: { id: { in: chunk }, status: "failed" }, select: { id: true, lastError: true } }),
  );
  for (const effect of effects) {
    await tx.shopifyEffect.update({
      where: { id: effect.id },
      data: {
        status: "superseded",
        lastError: `${effect.lastError ?? "Failed"} — superseded: the incoming reconciliation corrected Shopify instead`,
      },
    });
  }
}

export interface ScheduledRun {
  shopDomain: string;
  status: ReconciliationStatus;
  /** Why the run failed (Shopify's answer, or an error before the run could be recorded). */
  error: string | null;
}

/**
 * Runs a detection (never a fix) for every installed shop whose last run started `intervalMs`
 * or longer ago (or that never ran). A shop without a gateway (no offline session) is skipped.
 * One shop's failure does not stop the others: it is returned (and recorded on its run) for the
 * caller to report.
 */
export async function runDueReconciliations(
  db: PrismaClient,
  gatewayFor: (shopDomain: string) => Promise<ShopifyGateway | null>,
  now: Date = clockNow(),
  intervalMs: number = DEFAULT_RECONCILIATION_INTERVAL_MS,
): Promise<ScheduledRun[]> {
  const shops = await db.shop.findMany({
    where: {
      uninstalledAt: null,
      reconciliations: { none: { startedAt: { gt: new Date(now.getTime() - intervalMs) } } },
      // Shops that turned incoming tracking off have nothing to reconcile (see requireIncomingTracking).
      OR: [{ settings: null }, { settings: { incomingTracking: true } }],
    },
    select: { domain: true },
    orderBy: { domain: "asc" },
  });
  const results: ScheduledRun[] = [];
  for (const { domain } of shops) {
    try {
      const gateway = await gatewayFor(domain);
      if (!gateway) continue;
      const run = await runReconciliation(db, domain, gateway, "scheduled");
      results.push({ shopDomain: domain, status: run.status, error: run.error });
    } catch (error) {
      results.push({ shopDomain: domain, status: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/**
 * Runs the drift checks that are due (asked for by inventory_levels/update, debounced): one
 * detection per shop for the positions it asked about. A check moved later by a newer update
 * while this ran stays for its new time. Shops that are uninstalled, have no gateway, or turned
 * incoming tracking off drop their checks (there is nothing Inbound would do about them).
 */
export async function runDueDriftChecks(
  db: PrismaClient,
  gatewayFor: (shopDomain: string) => Promise<ShopifyGateway | null>,
  now: Date = clockNow(),
): Promise<ScheduledRun[]> {
  const due = await db.driftCheck.findMany({
    where: { dueAt: { lte: now } },
    include: { shop: { select: { domain: true, uninstalledAt: true } } },
    orderBy: { dueAt: "asc" },
  });
  const byShop = new Map<string, typeof due>();
  for (const check of due) byShop.set(check.shop.domain, [...(byShop.get(check.shop.domain) ?? []), check]);
  const results: ScheduledRun[] = [];
  for (const [domain, checks] of byShop) {
    try {
      const gateway = checks[0]!.shop.uninstalledAt ? null : await gatewayFor(domain);
      const tracking = (await loadSettings(db, checks[0]!.shopId)).incomingTracking;
      if (gateway && tracking) {
        const run = await runReconciliation(db, domain, gateway, "webhook", clockNow, checks);
        results.push({ shopDomain: domain, status: run.status, error: run.error });
      }
      for (const chunk of chunks(checks.map((check) => check.id)))
        await db.driftCheck.deleteMany({ where: { id: { in: chunk }, dueAt: { lte: now } } });
    } catch (error) {
      results.push({ shopDomain: domain, status: "failed", error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/** A drift row as the screen shows it: the item's SKU and title, and the orders by name. */
export interface DriftRowView extends DriftRow {
  sku: string | null;
  title: string | null;
  documents: Array<DriftRow["documents"][number] & { orderName: string | null }>;
}

export interface ReconciliationView {
  run: (Omit<ReconciliationRun, "report"> & { rows: DriftRowView[] }) | null;
}

/** The shop's latest run, its rows labelled from the orders' lines, for the reconciliation screen. */
export async function latestReconciliation(db: PrismaClient, shopDomain: string): Promise<ReconciliationView> {
  const shop = await requireShop(db, shopDomain);
  const row = await db.incomingReconciliation.findFirst({ where: { shopId: shop.id }, orderBy: [{ startedAt: "desc" }, { id: "desc" }] });
  if (!row) return { run: null };
  const { report, ...run } = toRun(row);
  const itemIds = [...new Set(report.rows.map((r) => r.inventoryItemId))];
  const orderIds = [...new Set(report.rows.flatMap((r) => r.documents.map((d) => d.orderId)))];
  const lines = await inChunks(itemIds, (chunk) =>
    db.purchaseOrderLine.findMany({
      where: { inventoryItemId: { in: chunk }, purchaseOrder: { shopId: shop.id } },
      select: { inventoryItemId: true, sku: true, productTitle: true, variantTitle: true },
    }),
  );
  const orders = await inChunks(orderIds, (chunk) =>
    db.purchaseOrder.findMany({ where: { id: { in: chunk }, shopId: shop.id }, select: { id: true, number: true } }),
  );
  const lineOf = new Map(lines.map((line) => [line.inventoryItemId, line]));
  const nameOf = new Map(orders.map((order) => [order.id, purchaseOrderName(order.number)]));
  return {
    run: {
      ...run,
      rows: report.rows.map((r) => {
        const line = lineOf.get(r.inventoryItemId);
        return {
          ...r,
          sku: line?.sku ?? null,
          title: line ? [line.productTitle, line.variantTitle].filter(Boolean).join(" · ") : null,
          documents: r.documents.map((d) => ({ ...d, orderName: nameOf.get(d.orderId) ?? null })),
        };
      }),
    },
  };
}

/** What the shop's orders (not deleted) hold as incoming. */
async function shopLedger(db: Db, shopId: string) {
  const orders = await db.purchaseOrder.findMany({ where: { shopId, deletedAt: null }, select: { id: true } });
  const ledger = await inChunks(
    orders.map((order) => order.id),
    (chunk) => db.incomingLedger.findMany({ where: { purchaseOrderId: { in: chunk } } }),
  );
  return ledger.map(({ purchaseOrderId, inventoryItemId, locationId, quantity }) => ({
    orderId: purchaseOrderId,
    inventoryItemId,
    locationId,
    quantity,
  }));
}

async function incomingEffects(db: Db, where: Prisma.ShopifyEffectWhereInput): Promise<IncomingEffect[]> {
  const effects = await db.shopifyEffect.findMany({
    where: { ...where, kind: "adjust_incoming", purchaseOrderId: { not: null } },
    select: { id: true, purchaseOrderId: true, status: true, payload: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return effects.map((effect) => ({
    id: effect.id,
    orderId: effect.purchaseOrderId!,
    status: effect.status as EffectStatus,
    changes: (JSON.parse(effect.payload) as InventoryEffectPayload).changes,
  }));
}

async function requireRun(db: Db, shopId: string, runId: string): Promise<ReconciliationRun> {
  const row = await db.incomingReconciliation.findFirst({ where: { id: runId, shopId } });
  if (!row) throw new NotFoundError("Incoming reconciliation", runId);
  return toRun(row);
}

function toRun(row: Prisma.IncomingReconciliationGetPayload<object>): ReconciliationRun {
  const parsed = JSON.parse(row.drift) as DriftReport | [];
  return {
    id: row.id,
    trigger: row.trigger as ReconciliationTrigger,
    status: row.status as ReconciliationStatus,
    // A run that never finished (or failed) keeps the column's default, an empty list.
    report: Array.isArray(parsed) ? { rows: [], failedEffectIds: [] } : parsed,
    error: row.error,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    fixedAt: row.fixedAt,
  };
}
