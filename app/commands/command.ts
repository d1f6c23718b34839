import type { z } from "zod";

import { actionRule } from "~/domain/purchase-order/lifecycle-docs";
import type { LifecycleAction, LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import type { ActionPreview, ActionResult } from "~/services/purchase-order-lifecycle.server";
import type { AddLineInput } from "~/services/purchase-order-lines.server";

/**
 * A command: one thing done to a purchase order, defined once (docs/decisions/013). It is its
 * zod input schema (limits included), a description whose rules come from the lifecycle table,
 * and `run`, which loads the order once, decides, saves with the version guard, stages the
 * Shopify effects in the same transaction and answers the saved state. The order screen (through
 * ./form.ts), the REST API and the MCP tools (app/api/operations) all call these; none parses
 * the same input another way.
 *
 * This module and the commands stay free of server code (their services are reached through
 * `CommandDeps`, made by ./deps.server.ts), so a screen may use a schema in the browser too.
 */

/** Which order, and the version the caller saw (none: a concurrent change is retried on fresh state). */
export interface CommandTarget {
  orderId: string;
  expectedVersion?: number;
  /** Told the order as loaded, before anything is decided (a screen links a refusal's fix to its supplier). */
  onLoad?: (order: PurchaseOrderState) => void;
}

/** What commands run on, for one shop and one actor (./deps.server.ts). */
export interface CommandDeps {
  /** Load once → decide → save + stage effects in one transaction → the saved state. */
  perform(command: LifecycleCommand, target: CommandTarget): Promise<ActionResult>;
  /** The same decision and effect plan, saving and sending nothing. */
  preview(command: LifecycleCommand, target: CommandTarget): Promise<ActionPreview>;
  /** Adding a line: resolved in Shopify first, then performed as add_line. */
  addLine(input: AddLineInput, target: CommandTarget): Promise<ActionResult>;
}

export interface Command<Schema extends z.ZodObject = z.ZodObject> {
  /** The lifecycle action it performs: its row of LIFECYCLE is its rule. */
  action: LifecycleAction;
  /** Snake_case field names, as the REST API and MCP publish them; the screens post them in camelCase (./form.ts). */
  schema: Schema;
  /** What it does, then where it is allowed from and what it leads to, from LIFECYCLE. */
  description: string;
  /** Form fields named otherwise than the schema's paths in camelCase (schema path → form field). */
  formNames?: Readonly<Record<string, string>>;
  run(deps: CommandDeps, target: CommandTarget, input: z.output<Schema>): Promise<ActionResult>;
  /** Absent for commands that are never previewed (adding a line asks nothing first). */
  preview?(deps: CommandDeps, target: CommandTarget, input: z.output<Schema>): Promise<ActionPreview>;
}

interface LifecycleCommandDefinition<Schema extends z.ZodObject> {
  action: LifecycleAction;
  /** What the command does, in a sentence or two. Never when it is allowed: that is generated. */
  purpose: string;
  schema: Schema;
  /** The lifecycle's command for a parsed input. */
  command(input: z.output<Schema>): LifecycleCommand;
  formNames?: Readonly<Record<string, string>>;
}

/** The description every command carries: its purpose, then its row of the lifecycle table. */
export function commandDescription(action: LifecycleAction, purpose: string): string {
  return `${purpose} ${actionRule(action)}`;
}

/** A command that is one lifecycle decision of its input. */
export function lifecycleCommand<Schema extends z.ZodObject>(definition: LifecycleCommandDefinition<Schema>): Command<Schema> {
  return {
    action: definition.action,
    schema: definition.schema,
    description: commandDescription(definition.action, definition.purpose),
    ...(definition.formNames ? { formNames: definition.formNames } : {}),
    run: (deps, target, input) => deps.perform(definition.command(input), target),
    preview: (deps, target, input) => deps.preview(definition.command(input), target),
  };
}

/** A command as the tables hold it (their inputs differ; each is parsed by its own schema first). */
export type AnyCommand = Command<z.ZodObject>;

export function erased<Schema extends z.ZodObject>(command: Command<Schema>): AnyCommand {
  return command as unknown as AnyCommand;
}
