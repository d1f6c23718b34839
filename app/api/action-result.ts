import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { inChunks } from "~/db-chunks.server";
import { EFFECT_KINDS } from "~/domain/effects";
import type { ActionResult } from "~/services/purchase-order-lifecycle.server";

import { purchaseOrderJson } from "./purchase-orders";
import { apiSchemas, PurchaseOrder, timestamp } from "./schemas";

/**
 * What every lifecycle action answers (REST and MCP): the order as saved, the audit entry the
 * action wrote, and the side-effect report (the Shopify effects it staged, and lines Shopify was
 * told nothing about because it deleted their variant).
 */
export const ActionResultResponse = z
  .strictObject({
    purchase_order: PurchaseOrder.nullable().describe("The order after the action; null when the action deleted it."),
    audit: z.strictObject({
      action: z.string(),
      from_status: z.string(),
      to_status: z.string(),
      changes: z.record(z.string(), z.unknown()).describe("What changed, as recorded in the order's audit log."),
    }),
    side_effects: z.strictObject({
      staged: z
        .array(z.strictObject({ id: z.string(), kind: z.enum(EFFECT_KINDS), status: z.string(), created_at: timestamp }))
        .describe("Shopify changes queued by this action in the same transaction; the worker applies them (idempotently)."),
      skipped_lines: z
        .array(z.strictObject({ line_id: z.string(), sku: z.string().nullable(), product_title: z.string() }))
        .describe("Lines whose variant Shopify deleted: Shopify heard nothing of them. Remove or replace them."),
    }),
  })
  .register(apiSchemas, { id: "ActionResult" });

export const StagedEffects = ActionResultResponse.shape.side_effects.shape.staged;

/** The side-effect report of staged effect ids (also for changes that are not lifecycle actions: delivery submit, reconciliation fixes). */
export async function stagedEffectsJson(db: PrismaClient, ids: readonly string[]): Promise<z.input<typeof StagedEffects>> {
  const effects = (
    await inChunks(ids, (chunk) =>
      db.shopifyEffect.findMany({ where: { id: { in: chunk } }, select: { id: true, kind: true, status: true, createdAt: true } }),
    )
  ).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return effects.map((effect) => ({
    id: effect.id,
    kind: effect.kind as (typeof EFFECT_KINDS)[number],
    status: effect.status,
    created_at: effect.createdAt.toISOString(),
  }));
}

export async function actionResultJson(db: PrismaClient, shopDomain: string, result: ActionResult): Promise<z.input<typeof ActionResultResponse>> {
  return {
    purchase_order: result.order && (await purchaseOrderJson(db, shopDomain, result.order)),
    audit: {
      action: result.audit.action,
      from_status: result.audit.fromStatus,
      to_status: result.audit.toStatus,
      changes: JSON.parse(JSON.stringify(result.audit.changes)) as Record<string, unknown>,
    },
    side_effects: {
      staged: await stagedEffectsJson(db, result.stagedEffects),
      skipped_lines: result.skippedLines.map((line) => ({ line_id: line.lineId, sku: line.sku, product_title: line.productTitle })),
    },
  };
}
