import { z } from "zod";

import { EFFECT_KINDS } from "~/domain/effects";
import { listOrderAudit } from "~/services/audit.server";
import { listOrderEffects } from "~/services/effects.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";

import { defineOperation } from "../operation";
import { apiSchemas, OrderIdParams, timestamp } from "../schemas";

/**
 * What happened to an order: its audit log, and the Shopify effects its changes staged with
 * where each stands (so a client can see an action's effects reach Shopify, or fail).
 */

const AuditLog = z
  .strictObject({
    entries: z.array(
      z.strictObject({
        id: z.string(),
        action: z.string().describe("A lifecycle action (send, receive…) or another change (update_purchase_order, record_payment…)."),
        from_status: z.string().nullable(),
        to_status: z.string().nullable(),
        actor: z.strictObject({
          type: z.enum(["merchant", "api_key", "webhook", "system"]),
          id: z.string().describe("The staff member, API key id, webhook topic or process."),
        }),
        changes: z.record(z.string(), z.unknown()),
        created_at: timestamp,
      }),
    ),
  })
  .register(apiSchemas, { id: "AuditLog" });

const EffectList = z
  .strictObject({
    effects: z.array(
      z.strictObject({
        id: z.string().describe("Also the idempotency key Shopify sees, so a retry never applies twice."),
        kind: z.enum(EFFECT_KINDS),
        status: z.enum(["staged", "sent", "applied", "failed", "superseded"]).describe("staged → sent → applied; failed after its retries."),
        attempts: z.int().nonnegative(),
        last_error: z.string().nullable(),
        changes: z.int().nonnegative().describe("How many quantities, tags or metafields it changes."),
        created_at: timestamp,
        applied_at: timestamp.nullable(),
      }),
    ),
  })
  .register(apiSchemas, { id: "ShopifyEffectList" });

export const historyOperations = [
  defineOperation({
    name: "list_purchase_order_audit",
    method: "GET",
    path: "/purchase_orders/{id}/audit",
    scope: "read",
    title: "Read an order's audit log",
    description:
      "Every change to the order, newest first: the action, the status before and after, who made it (merchant, API key, webhook, " +
      "system) and what changed. Use it to see what happened to an order, or to confirm your own change was recorded.",
    params: OrderIdParams,
    response: AuditLog,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      const entries = await listOrderAudit(db, shopDomain, params.id);
      return {
        entries: entries.map((entry) => ({
          id: entry.id,
          action: entry.action,
          from_status: entry.fromStatus,
          to_status: entry.toStatus,
          actor: { type: entry.actorType as "merchant" | "api_key" | "webhook" | "system", id: entry.actorId },
          changes: entry.changes,
          created_at: entry.createdAt.toISOString(),
        })),
      };
    },
  }),
  defineOperation({
    name: "list_purchase_order_effects",
    method: "GET",
    path: "/purchase_orders/{id}/effects",
    scope: "read",
    title: "List an order's Shopify effects",
    description:
      "The Shopify changes (incoming, on hand, tags, metafields) the order's actions staged, newest first, with where each stands: " +
      "staged and sent are on their way, applied reached Shopify, failed needs attention (last_error says why).",
    params: OrderIdParams,
    response: EffectList,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      const order = await loadOrderState(db, shopDomain, params.id);
      const effects = await listOrderEffects(db, shopDomain, order.id);
      return {
        effects: effects.map((effect) => ({
          id: effect.id,
          kind: effect.kind as (typeof EFFECT_KINDS)[number],
          status: effect.status as "staged" | "sent" | "applied" | "failed" | "superseded",
          attempts: effect.attempts,
          last_error: effect.lastError,
          changes: effect.changes,
          created_at: effect.createdAt,
          applied_at: effect.appliedAt,
        })),
      };
    },
  }),
];
