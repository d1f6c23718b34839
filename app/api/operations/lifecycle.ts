import { z } from "zod";

import { COMMANDS } from "~/commands";
import type { AnyCommand, Command } from "~/commands/command";
import { confirmAll, confirmLines } from "~/commands/confirm";
import { commandDeps } from "~/commands/deps.server";
import type { ActionResult } from "~/services/purchase-order-lifecycle.server";

import { actionResultJson, ActionResultResponse } from "../action-result";
import { defineOperation, type OperationContext } from "../operation";
import { OrderIdParams, requestSchemas } from "../schemas";

/**
 * The lifecycle actions, `POST /purchase_orders/{id}/{action}`: each is a command of app/commands
 * served as it is — the command's schema is the body, its description (rules generated from the
 * lifecycle table) the operation's, its run the handler — exactly what the order screen runs, so
 * the same rules refuse the same moves (409 with the rule and the allowed actions). Each answers
 * the order as saved, the audit entry and the side-effect report (ActionResult).
 */

const expectedVersion = z
  .int()
  .positive()
  .optional()
  .describe("The order `version` you last read; if the order changed since, the action is refused (409 stale_version) instead of applied.");

const ANSWERS =
  "Answers the order after the action, the audit entry and the Shopify effects it staged. Refused (409) with the rule and the allowed actions when the order's status does not allow it.";

/** The request body's component name in the OpenAPI document, from the operation's name. */
function requestId(name: string): string {
  return `${name.replace(/(^|_)(\w)/g, (_, __, letter: string) => letter.toUpperCase())}Request`;
}

/** Runs a command for the API's caller, and answers what it saved. */
export async function runCommand<Schema extends z.ZodObject>(
  context: OperationContext,
  command: Command<Schema>,
  orderId: string,
  input: z.output<Schema>,
  expected_version: number | undefined,
): Promise<ActionResult> {
  const deps = commandDeps(context.db, await context.gateway(), context.shopDomain, context.actor);
  return command.run(deps, { orderId, expectedVersion: expected_version }, input);
}

interface CommandOperation {
  name: string;
  /** The last path segment: `/purchase_orders/{id}/<segment>`. */
  segment: string;
  title: string;
  command: AnyCommand;
  /** The input when the operation fixes it (send by email vs mark as sent): the body then takes no fields. */
  fixedInput?: Record<string, unknown>;
  /** What the operation adds to the command's description (the fixed input's meaning). */
  note?: string;
  destructive?: boolean;
  idempotent?: boolean;
}

/** One command as one operation: its schema (plus expected_version) is the body. */
function commandOperation(definition: CommandOperation) {
  const fields = definition.fixedInput ? z.strictObject({}) : definition.command.schema;
  const body = fields.extend({ expected_version: expectedVersion }).register(requestSchemas, { id: requestId(definition.name) });
  return defineOperation({
    name: definition.name,
    method: "POST",
    path: `/purchase_orders/{id}/${definition.segment}`,
    scope: "write",
    title: definition.title,
    description: [definition.note, definition.command.description, ANSWERS].filter(Boolean).join(" "),
    params: OrderIdParams,
    body,
    response: ActionResultResponse,
    destructive: definition.destructive,
    idempotent: definition.idempotent,
    async handle(context, { params, body: parsed }) {
      const { expected_version, ...input } = parsed as { expected_version?: number } & Record<string, unknown>;
      const result = await runCommand(context, definition.command, params.id, definition.fixedInput ?? input, expected_version);
      return actionResultJson(context.db, context.shopDomain, result);
    },
  });
}

/** confirm: either the lines' quantities (confirm_lines) or every line as ordered (confirm_all), one endpoint. */
const ConfirmRequest = z
  .strictObject({
    lines: confirmLines.schema.shape.lines.optional(),
    all: z.literal(true).optional().describe("Confirm every line as ordered (confirm_all)."),
    expected_version: expectedVersion,
  })
  .refine((body) => (body.lines === undefined) !== (body.all === undefined), { message: "Give either `lines` or `all: true`", path: ["lines"] })
  .register(requestSchemas, { id: requestId("confirm_purchase_order") });

const confirmOperation = defineOperation({
  name: "confirm_purchase_order",
  method: "POST",
  path: "/purchase_orders/{id}/confirm",
  scope: "write",
  title: "Record the supplier's confirmation",
  description: `Either \`lines\`: ${confirmLines.description} Or \`all: true\`: ${confirmAll.description} ${ANSWERS}`,
  params: OrderIdParams,
  body: ConfirmRequest,
  response: ActionResultResponse,
  async handle(context, { params, body }) {
    const result = body.lines
      ? await runCommand(context, confirmLines, params.id, { lines: body.lines }, body.expected_version)
      : await runCommand(context, confirmAll, params.id, {}, body.expected_version);
    return actionResultJson(context.db, context.shopDomain, result);
  },
});

export const lifecycleOperations = [
  commandOperation({
    name: "send_purchase_order",
    segment: "send",
    title: "Send to the supplier by email",
    command: COMMANDS.send,
    fixedInput: { via: "email" },
    note: "Sends the order by email (via: email); use mark_purchase_order_sent when it went out another way.",
  }),
  commandOperation({
    name: "mark_purchase_order_sent",
    segment: "mark_sent",
    title: "Mark as sent",
    command: COMMANDS.send,
    fixedInput: { via: "manual" },
    note: "Records that the order was sent outside Inbound (via: manual).",
  }),
  confirmOperation,
  commandOperation({ name: "start_purchase_order", segment: "start", title: "Start (in progress)", command: COMMANDS.start }),
  commandOperation({ name: "receive_purchase_order", segment: "receive", title: "Receive goods", command: COMMANDS.receive }),
  commandOperation({
    name: "unreceive_purchase_order",
    segment: "unreceive",
    title: "Reverse a receipt",
    command: COMMANDS.unreceive,
    destructive: true,
  }),
  commandOperation({
    name: "close_purchase_order_deliveries",
    segment: "close_deliveries",
    title: "Close deliveries",
    command: COMMANDS.close_deliveries,
    destructive: true,
  }),
  commandOperation({ name: "complete_purchase_order", segment: "complete", title: "Complete", command: COMMANDS.complete }),
  commandOperation({ name: "quick_complete_purchase_order", segment: "quick_complete", title: "Quick complete", command: COMMANDS.quick_complete }),
  commandOperation({ name: "pause_purchase_order", segment: "pause", title: "Pause", command: COMMANDS.pause }),
  commandOperation({ name: "resume_purchase_order", segment: "resume", title: "Resume", command: COMMANDS.resume }),
  commandOperation({ name: "dispute_purchase_order", segment: "dispute", title: "Dispute", command: COMMANDS.dispute }),
  commandOperation({ name: "resolve_purchase_order_dispute", segment: "resolve", title: "Resolve the dispute", command: COMMANDS.resolve_dispute }),
  commandOperation({ name: "cancel_purchase_order", segment: "cancel", title: "Cancel", command: COMMANDS.cancel, destructive: true }),
  commandOperation({ name: "reopen_purchase_order", segment: "reopen", title: "Reopen", command: COMMANDS.reopen }),
  commandOperation({
    name: "sync_purchase_order",
    segment: "sync",
    title: "Sync receipts to Shopify",
    command: COMMANDS.sync_to_shopify,
    idempotent: true,
  }),
  commandOperation({ name: "reset_purchase_order_sync", segment: "sync_reset", title: "Reset sync", command: COMMANDS.reset_sync }),
  commandOperation({
    name: "adjust_purchase_order_incoming",
    segment: "incoming_adjustment",
    title: "Adjust incoming",
    command: COMMANDS.adjust_incoming,
  }),
];
