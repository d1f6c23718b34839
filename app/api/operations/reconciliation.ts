import { z } from "zod";

import type { PrismaClient } from "@prisma/client";

import {
  fixReconciliation,
  latestReconciliation,
  runReconciliation,
  type ReconciliationRun,
  type ReconciliationView,
} from "~/services/reconciliation.server";

import { StagedEffects, stagedEffectsJson } from "../action-result";
import { defineOperation } from "../operation";
import { apiSchemas, recordId, timestamp } from "../schemas";

/**
 * Incoming reconciliation, as the reconciliation screen runs it (reconciliation.server.ts): what
 * the shop's orders hold as incoming against what Shopify shows, and fixing the drift that is
 * ours by staging corrections.
 */

const IncomingReconciliation = z
  .strictObject({
    id: z.string(),
    trigger: z
      .enum(["manual", "scheduled", "webhook"])
      .describe("manual: run through the app or the API; scheduled: the daily run; webhook: a drift check after Shopify reported a change."),
    status: z
      .enum(["running", "clean", "drift", "fixed", "failed"])
      .describe("clean: Shopify agrees; drift: see rows; fixed: corrections were staged; failed: Shopify could not be read (see error)."),
    error: z.string().nullable(),
    started_at: timestamp,
    finished_at: timestamp.nullable(),
    fixed_at: timestamp.nullable(),
    rows: z
      .array(
        z.strictObject({
          inventory_item_id: z.string(),
          location_id: z.string(),
          sku: z.string().nullable(),
          title: z.string().nullable(),
          expected: z.int().describe("What the shop's orders hold as incoming here."),
          shopify: z.int().describe("What Shopify shows as incoming here."),
          drift: z.int().describe("shopify − expected."),
          kind: z
            .enum(["fixable", "partly_fixable", "not_ours", "pending"])
            .describe(
              "fixable: our orders explain it all (the fix corrects it); partly_fixable: some is not ours; not_ours: fix it in Shopify; pending: effects are still on their way, run again later.",
            ),
          not_ours: z.int().describe("The part no order explains, left to fix in Shopify."),
          documents: z.array(
            z.strictObject({
              purchase_order_id: z.string(),
              order_name: z.string().nullable(),
              expected: z.int(),
              in_shopify: z.int(),
              correction: z.int().describe("What the fix sends for this order (0: nothing)."),
            }),
          ),
        }),
      )
      .describe("One row per drifting inventory item and location; empty when clean."),
  })
  .register(apiSchemas, { id: "IncomingReconciliation" });

const LatestReconciliation = z
  .strictObject({ run: IncomingReconciliation.nullable().describe("Null when the shop never ran one.") })
  .register(apiSchemas, { id: "IncomingReconciliationLatest" });

function runJson(run: NonNullable<ReconciliationView["run"]>): z.input<typeof IncomingReconciliation> {
  return {
    id: run.id,
    trigger: run.trigger,
    status: run.status,
    error: run.error,
    started_at: run.startedAt.toISOString(),
    finished_at: run.finishedAt?.toISOString() ?? null,
    fixed_at: run.fixedAt?.toISOString() ?? null,
    rows: run.rows.map((row) => ({
      inventory_item_id: row.inventoryItemId,
      location_id: row.locationId,
      sku: row.sku,
      title: row.title,
      expected: row.expected,
      shopify: row.shopify,
      drift: row.drift,
      kind: row.kind,
      not_ours: row.notOurs,
      documents: row.documents.map((document) => ({
        purchase_order_id: document.orderId,
        order_name: document.orderName,
        expected: document.expected,
        in_shopify: document.inShopify,
        correction: document.correction,
      })),
    })),
  };
}

/**
 * A run as the screen shows it, rows labelled with SKUs and order names (the service labels the
 * shop's latest run); when a newer run (the daily one) started meanwhile, with its rows unlabelled.
 */
async function labelledRunJson(db: PrismaClient, shopDomain: string, run: ReconciliationRun) {
  const { run: latest } = await latestReconciliation(db, shopDomain);
  if (latest?.id === run.id) return runJson(latest);
  const rows = run.report.rows.map((row) => ({
    ...row,
    sku: null,
    title: null,
    documents: row.documents.map((document) => ({ ...document, orderName: null })),
  }));
  return runJson({ ...run, rows });
}

export const reconciliationOperations = [
  defineOperation({
    name: "get_incoming_reconciliation",
    method: "GET",
    path: "/reconciliation/incoming",
    scope: "read",
    title: "Latest incoming reconciliation",
    description:
      "The shop's latest incoming reconciliation run (manual, daily or after a Shopify change): its status and the drift rows it found " +
      "(expected vs Shopify's incoming per item and location, what kind of drift, and per order what a fix would correct). Null when none ran.",
    response: LatestReconciliation,
    idempotent: true,
    async handle({ db, shopDomain }) {
      const { run } = await latestReconciliation(db, shopDomain);
      return { run: run && runJson(run) };
    },
  }),
  defineOperation({
    name: "reconcile_incoming",
    method: "POST",
    path: "/reconciliation/incoming",
    scope: "write",
    title: "Run the incoming reconciliation",
    description:
      "Compares now what every order of the shop holds as incoming with what Shopify shows, records the run and answers it with the " +
      "drift rows (status clean when they agree). Changes nothing in Shopify: use fix_incoming_reconciliation with the run's id to " +
      "correct fixable drift. Shopify being unreachable answers the run with status failed and the error. Refused (409 " +
      "incoming_tracking_off) when incoming tracking is off in Settings.",
    body: z.strictObject({}),
    response: IncomingReconciliation,
    async handle({ db, shopDomain, gateway }) {
      return labelledRunJson(db, shopDomain, await runReconciliation(db, shopDomain, await gateway(), "manual"));
    },
  }),
  defineOperation({
    name: "fix_incoming_reconciliation",
    method: "POST",
    path: "/reconciliation/incoming/{run_id}/fix",
    scope: "write",
    title: "Fix incoming drift",
    description:
      "Fixes a run's drift that the shop's orders explain: stages one adjust_incoming correction per order (the worker applies them to " +
      "Shopify), supersedes failed effects they replace, writes an audit entry and marks the run fixed. Only the latest run, and only " +
      "while no effect was staged since: refused (409) with rule reconciliation_stale (run again), reconciliation_already_fixed or " +
      "reconciliation_nothing_to_fix (drift that is not ours is fixed in Shopify). Answers the run and the staged effects; run again " +
      "once they are applied to check.",
    params: z.strictObject({ run_id: recordId.describe("The run's id (from reconcile_incoming or get_incoming_reconciliation).") }),
    body: z.strictObject({}),
    response: z
      .strictObject({ run: IncomingReconciliation, side_effects: z.strictObject({ staged: StagedEffects }) })
      .register(apiSchemas, { id: "IncomingReconciliationFix" }),
    async handle({ db, shopDomain, actor }, { params }) {
      const { run, stagedEffects } = await fixReconciliation(db, shopDomain, actor, params.run_id);
      return {
        run: await labelledRunJson(db, shopDomain, run),
        side_effects: { staged: await stagedEffectsJson(db, stagedEffects) },
      };
    },
  }),
];
