import { z } from "zod";

import { INTAKE_REASONS } from "~/domain/intake-reasons";
import { MAX_QUANTITY, MAX_RECEIPT_NOTE_LENGTH, MAX_REASON_LENGTH, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { performAction } from "~/services/purchase-order-lifecycle.server";

import { actionResultJson, ActionResultResponse } from "../action-result";
import { defineOperation, type OperationContext } from "../operation";
import { OrderIdParams, quantityInput, recordId, requestSchemas, shopifyId } from "../schemas";

/**
 * The lifecycle actions, `POST /purchase_orders/{id}/{action}`: each builds the lifecycle's own
 * command and runs it through performAction, exactly as the order screen does, so the same rules
 * refuse the same moves (409 with the rule and the allowed actions). Each answers the order, the
 * audit entry and the side-effect report (ActionResult).
 */

const expectedVersion = z
  .int()
  .positive()
  .optional()
  .describe("The order `version` you last read; if the order changed since, the action is refused (409 stale_version) instead of applied.");

const quantity = quantityInput(0);

interface LifecycleOperation<Body extends z.ZodObject> {
  name: string;
  /** The last path segment: `/purchase_orders/{id}/<segment>`. */
  segment: string;
  title: string;
  description: string;
  body: Body;
  destructive?: boolean;
  idempotent?: boolean;
  command(body: z.output<Body>): LifecycleCommand;
}

function lifecycleOperation<Body extends z.ZodObject>(definition: LifecycleOperation<Body>) {
  const body = definition.body.extend({ expected_version: expectedVersion }).register(requestSchemas, {
    id: `${definition.name.replace(/(^|_)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Request`,
  });
  return defineOperation({
    name: definition.name,
    method: "POST",
    path: `/purchase_orders/{id}/${definition.segment}`,
    scope: "write",
    title: definition.title,
    description: `${definition.description} Answers the order after the action, the audit entry and the Shopify effects it staged. Refused (409) with the rule and the allowed actions when the order's status does not allow it.`,
    params: OrderIdParams,
    body,
    response: ActionResultResponse,
    destructive: definition.destructive,
    idempotent: definition.idempotent,
    async handle(context: OperationContext, { params, body: input }) {
      const deps = lifecycleDeps(context.db, await context.gateway());
      const { expected_version, ...fields } = input as z.output<Body> & { expected_version?: number };
      const result = await performAction(deps, context.shopDomain, context.actor, params.id, definition.command(fields as z.output<Body>), {
        expectedVersion: expected_version,
      });
      return actionResultJson(context.db, context.shopDomain, result);
    },
  });
}

const noFields = z.strictObject({});
const DELTA_MESSAGE = `Must be a whole number other than 0, from -${MAX_QUANTITY.toLocaleString("en-US")} to ${MAX_QUANTITY.toLocaleString("en-US")}`;
const reason = z.strictObject({ reason: z.string().trim().min(1).max(MAX_REASON_LENGTH).optional().describe("Why; kept in the audit log.") });

export const lifecycleOperations = [
  lifecycleOperation({
    name: "send_purchase_order",
    segment: "send",
    title: "Send to the supplier by email",
    description:
      "Sends a draft to its supplier by email (Draft → Sent) and pushes the ordered quantities to Shopify as incoming. Needs a receiving " +
      "location, email sending set up and a supplier email address; use mark_purchase_order_sent when the order went out another way.",
    body: noFields,
    command: () => ({ action: "send", via: "email" }),
  }),
  lifecycleOperation({
    name: "mark_purchase_order_sent",
    segment: "mark_sent",
    title: "Mark as sent",
    description: "Records that a draft was sent to the supplier outside Inbound (Draft → Sent); pushes incoming to Shopify like send.",
    body: noFields,
    command: () => ({ action: "send", via: "manual" }),
  }),
  lifecycleOperation({
    name: "confirm_purchase_order",
    segment: "confirm",
    title: "Record the supplier's confirmation",
    description:
      "Records what the supplier confirmed: either `lines` (confirmed quantity per line id; status becomes Partially confirmed or " +
      "Confirmed) or `all: true` (every line as ordered; status In progress). Shopify's incoming follows the confirmed quantities.",
    body: z
      .strictObject({
        lines: z
          .array(z.strictObject({ line_id: recordId, confirmed: quantity }))
          .min(1)
          .optional()
          .describe("Confirmed quantity per line; lines left out are unchanged."),
        all: z.literal(true).optional().describe("Confirm every line as ordered."),
      })
      .refine((body) => (body.lines === undefined) !== (body.all === undefined), {
        message: "Give either `lines` or `all: true`",
        path: ["lines"],
      }),
    command: (body) =>
      body.lines
        ? { action: "confirm_lines", lines: body.lines.map((line) => ({ lineId: line.line_id, confirmed: line.confirmed })) }
        : { action: "confirm_all" },
  }),
  lifecycleOperation({
    name: "start_purchase_order",
    segment: "start",
    title: "Start (in progress)",
    description: "Moves a confirmed order to In progress: the supplier is preparing it.",
    body: noFields,
    command: () => ({ action: "start" }),
  }),
  lifecycleOperation({
    name: "receive_purchase_order",
    segment: "receive",
    title: "Receive goods",
    description:
      "Books goods received (and optionally rejected or cancelled) per line id in one receipt; the status follows the quantities " +
      "(Partially received / Received). With auto-sync on, received units are added to Shopify's on hand at once; otherwise use sync.",
    body: z.strictObject({
      lines: z
        .array(
          z.strictObject({
            line_id: recordId,
            received: quantity.default(0),
            rejected: quantity.default(0),
            cancelled: quantity.default(0),
            reason: z.enum(INTAKE_REASONS).optional().describe("Why units were rejected or cancelled."),
          }),
        )
        .min(1),
      location_id: shopifyId("Location")
        .optional()
        .describe("Shopify location gid, one of the shop's active locations; default: the order's receiving location."),
      note: z.string().max(MAX_RECEIPT_NOTE_LENGTH).optional(),
    }),
    command: (body) => ({
      action: "receive",
      locationId: body.location_id ?? null,
      note: body.note ?? null,
      lines: body.lines.map((line) => ({
        lineId: line.line_id,
        received: line.received,
        rejected: line.rejected,
        cancelled: line.cancelled,
        reason: line.reason ?? null,
      })),
    }),
  }),
  lifecycleOperation({
    name: "unreceive_purchase_order",
    segment: "unreceive",
    title: "Reverse a receipt",
    description:
      "Reverses one receipt (booking id from the order's receipts) as a compensating booking; if it was synced, Shopify's on hand is " +
      "reduced again and incoming restored.",
    body: z.strictObject({ booking_id: recordId }),
    destructive: true,
    command: (body) => ({ action: "unreceive", bookingId: body.booking_id }),
  }),
  lifecycleOperation({
    name: "close_purchase_order_deliveries",
    segment: "close_deliveries",
    title: "Close deliveries",
    description: "No more goods will come: releases every pending quantity (and Shopify's incoming for it); the order becomes Received.",
    body: noFields,
    destructive: true,
    command: () => ({ action: "close_deliveries" }),
  }),
  lifecycleOperation({
    name: "complete_purchase_order",
    segment: "complete",
    title: "Complete",
    description:
      "Completes a received order after syncing unit costs to Shopify. From Partially received, pass `close_remainder: true` to " +
      "cancel what is still pending.",
    body: z.strictObject({ close_remainder: z.boolean().optional() }),
    command: (body) => ({ action: "complete", closeRemainder: body.close_remainder ?? false }),
  }),
  lifecycleOperation({
    name: "quick_complete_purchase_order",
    segment: "quick_complete",
    title: "Quick complete",
    description: "Receives everything still pending, syncs it and the unit costs to Shopify, and completes the order in one step.",
    body: noFields,
    command: () => ({ action: "quick_complete" }),
  }),
  lifecycleOperation({
    name: "pause_purchase_order",
    segment: "pause",
    title: "Pause",
    description: "Pauses the order (resume returns it to where it was).",
    body: reason,
    command: (body) => ({ action: "pause", reason: body.reason ?? null }),
  }),
  lifecycleOperation({
    name: "resume_purchase_order",
    segment: "resume",
    title: "Resume",
    description: "Resumes a paused order to the status it was paused from.",
    body: noFields,
    command: () => ({ action: "resume" }),
  }),
  lifecycleOperation({
    name: "dispute_purchase_order",
    segment: "dispute",
    title: "Dispute",
    description: "Marks the order disputed with the supplier (resolve returns it to where it was).",
    body: reason,
    command: (body) => ({ action: "dispute", reason: body.reason ?? null }),
  }),
  lifecycleOperation({
    name: "resolve_purchase_order_dispute",
    segment: "resolve",
    title: "Resolve the dispute",
    description: "Resolves a dispute: the order returns to the status it was disputed from.",
    body: noFields,
    command: () => ({ action: "resolve_dispute" }),
  }),
  lifecycleOperation({
    name: "cancel_purchase_order",
    segment: "cancel",
    title: "Cancel",
    description: "Cancels the order: pending quantities are released and Shopify's incoming for them rolled back. Refused once goods were received.",
    body: reason,
    destructive: true,
    command: (body) => ({ action: "cancel", reason: body.reason ?? null }),
  }),
  lifecycleOperation({
    name: "reopen_purchase_order",
    segment: "reopen",
    title: "Reopen",
    description: "Reopens a cancelled or completed order to where it was; incoming is pushed to Shopify again.",
    body: noFields,
    command: () => ({ action: "reopen" }),
  }),
  lifecycleOperation({
    name: "sync_purchase_order",
    segment: "sync",
    title: "Sync receipts to Shopify",
    description: "Stages every receipt not yet synced as an on-hand change in Shopify (manual sync, when auto-sync is off).",
    body: noFields,
    idempotent: true,
    command: () => ({ action: "sync_to_shopify" }),
  }),
  lifecycleOperation({
    name: "reset_purchase_order_sync",
    segment: "sync_reset",
    title: "Reset sync",
    description:
      "Marks every receipt as not synced without touching Shopify (for when Shopify was corrected by hand); a later sync pushes them again.",
    body: noFields,
    command: () => ({ action: "reset_sync" }),
  }),
  lifecycleOperation({
    name: "adjust_purchase_order_incoming",
    segment: "incoming_adjustment",
    title: "Adjust incoming",
    description:
      "Corrects what this order holds as incoming in Shopify for one inventory item (at the order's location unless given) by `delta` " +
      "units; for completed or cancelled orders whose incoming drifted. Never below zero.",
    body: z.strictObject({
      inventory_item_id: shopifyId("InventoryItem").describe("Shopify InventoryItem gid."),
      location_id: shopifyId("Location").optional().describe("One of the shop's active locations; default: the order's."),
      delta: z
        .int(DELTA_MESSAGE)
        .min(-MAX_QUANTITY, DELTA_MESSAGE)
        .max(MAX_QUANTITY, DELTA_MESSAGE)
        .refine((value) => value !== 0, DELTA_MESSAGE),
    }),
    command: (body) => ({
      action: "adjust_incoming",
      inventoryItemId: body.inventory_item_id,
      locationId: body.location_id ?? null,
      delta: body.delta,
    }),
  }),
];
