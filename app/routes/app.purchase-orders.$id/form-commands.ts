import { renameLineErrors, ValidationError } from "~/domain/errors";
import { LIFECYCLE_ACTIONS, type LifecycleAction, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import type { AddLineInput } from "~/services/purchase-order-lines.server";

/**
 * Turns the detail screen's form posts into lifecycle commands. Field names: `intent` (the
 * action), `version`, and per line `<field>.<lineId>` (confirmed, received, rejected,
 * cancelled, reason). Numbers are parsed strictly; anything else becomes NaN, which the domain
 * refuses with a field error, so one set of rules judges every caller.
 */
/** A form's fields: a posted form, or the same fields as a URL query (an action's preview). */
export type FormFields = Pick<FormData, "get">;

export interface ParsedForm {
  command: LifecycleCommand;
  expectedVersion: number | undefined;
}

export function parseLifecycleForm(form: FormFields, order: PurchaseOrderState): ParsedForm {
  const intent = String(form.get("intent") ?? "");
  if (!(LIFECYCLE_ACTIONS as readonly string[]).includes(intent)) {
    throw new ValidationError({ intent: `Unknown action; expected one of ${LIFECYCLE_ACTIONS.join(", ")}` });
  }
  return { command: commandFor(intent as LifecycleAction, form, order), expectedVersion: formVersion(form) };
}

/** The order version the form was rendered with; missing means "no concurrency check". */
export function formVersion(form: FormFields): number | undefined {
  const text = String(form.get("version") ?? "");
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function commandFor(action: LifecycleAction, form: FormFields, order: PurchaseOrderState): LifecycleCommand {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const quantity = (name: string) => {
    const value = text(name);
    if (value === "") return 0;
    return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  };
  switch (action) {
    case "send":
      return { action, via: text("via") === "email" ? "email" : "manual" };
    case "confirm_lines":
      return {
        action,
        lines: order.lines
          .filter((line) => text(`confirmed.${line.id}`) !== "")
          .map((line) => ({ lineId: line.id, confirmed: quantity(`confirmed.${line.id}`) })),
      };
    case "receive":
      return {
        action,
        note: text("note") || null,
        lines: order.lines.map((line) => ({
          lineId: line.id,
          received: quantity(`received.${line.id}`),
          rejected: quantity(`rejected.${line.id}`),
          cancelled: quantity(`cancelled.${line.id}`),
          reason: text(`reason.${line.id}`) || null,
        })),
      };
    case "unreceive":
      return { action, bookingId: text("bookingId") };
    case "complete":
      return { action, closeRemainder: text("closeRemainder") === "1" };
    case "pause":
    case "dispute":
    case "cancel":
      return { action, reason: text("reason") || null };
    case "edit_header":
      return {
        action,
        changes: {
          // Left out when the form has no location field (or it is locked, so not sent): unchanged.
          ...(form.get("locationId") === null ? {} : { locationId: text("locationId") || null }),
          reference: text("reference") || null,
          note: text("note") || null,
          privateNote: text("privateNote") || null,
          shippingCost: text("shippingCost") || "0",
          tax: text("tax") || "0",
        },
      };
    case "remove_line":
      return { action, lineId: text("lineId") };
    case "update_line":
      return { action, lineId: text("lineId"), ordered: quantity("ordered") };
    case "add_line":
      throw new ValidationError({ intent: "Lines are added through parseAddLineForm, which resolves them in Shopify" });
    case "adjust_incoming":
      return {
        action,
        inventoryItemId: text("inventoryItemId"),
        locationId: text("locationId") || null,
        delta: /^-?\d+$/.test(text("delta")) ? Number(text("delta")) : Number.NaN,
      };
    case "sync_to_shopify":
    case "reset_sync":
    case "close_deliveries":
    case "confirm_all":
    case "start":
    case "quick_complete":
    case "resume":
    case "resolve_dispute":
    case "reopen":
    case "delete":
      return { action };
  }
}

/** The "Add line" form: a SKU to resolve in Shopify, or a custom line's description. */
export function parseAddLineForm(form: FormFields): AddLineInput {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const orderedText = text("ordered");
  const ordered = /^-?\d+$/.test(orderedText) ? Number(orderedText) : Number.NaN;
  const unitCost = text("unitCost") || null;
  if (text("lineType") === "custom") {
    if (!text("title")) throw new ValidationError({ "line.productTitle": "Describe the custom line" });
    return { source: { type: "custom", title: text("title"), sku: text("sku") || null }, ordered, unitCost };
  }
  if (!text("sku")) throw new ValidationError({ "line.sku": "Enter the variant's SKU" });
  return { source: { type: "sku", sku: text("sku") }, ordered, unitCost };
}

/** A refusal's field errors name lines by their place in the command; the forms name them by line id (`received.<lineId>`). */
export function byLineId(error: unknown, command: LifecycleCommand | undefined): unknown {
  if (!(error instanceof ValidationError)) return error;
  const lines = command && "lines" in command ? command.lines : [];
  return new ValidationError(
    renameLineErrors(error.fieldErrors, (index, field) => {
      const line = lines[index];
      return line && `${field}.${line.lineId}`;
    }),
  );
}
