import { GuardrailError, NotFoundError, StaleVersionError, ValidationError } from "~/domain/errors";

import { ORDER_FIELDS, type RefusalFix, type ScreenRefusal } from "./refusals";

/**
 * One mapping of the domain's typed errors to what a screen shows (the API has its own, in
 * app/api/errors.server.ts). A merchant reads what is wrong, in the domain's words, and where to
 * fix it: a link to the place, or the field to put in focus. The rule and the allowed actions
 * are for the API and assistants; screens offer the actions allowed now as their buttons.
 */

/** What the screen that showed the refused action knows, to link the fix. */
export interface RefusalContext {
  supplierId?: string;
}

function fixFor(error: GuardrailError | ValidationError, context: RefusalContext): RefusalFix | null {
  if (error instanceof ValidationError) {
    const fields = Object.keys(error.fieldErrors);
    if (fields.includes("emailSettings")) return { label: "Set up email sending", url: "/app/settings/email" };
    if (fields.includes("supplierEmail") && context.supplierId)
      return { label: "Add the supplier's email address", url: `/app/suppliers/${context.supplierId}` };
    return null;
  }
  const unreceive = error.allowed.includes("unreceive");
  switch (error.rule) {
    case "exchange_rate_required":
      return { label: "Set the exchange rate", focus: ORDER_FIELDS.exchangeRate };
    case "send_requires_location":
      return { label: "Choose a receiving location", focus: ORDER_FIELDS.location };
    case "send_requires_lines":
      return { label: "Add a line", focus: ORDER_FIELDS.addLine };
    case "send_requires_drop_ship_address":
      return { label: "Set the shipping address", focus: ORDER_FIELDS.shippingAddress };
    case "send_on_hold":
      return { label: "Change the hold", focus: ORDER_FIELDS.holdUntil };
    case "location_locked_after_receipt":
    case "received_quantities_block":
      return unreceive ? { label: "Go to the receipts", focus: ORDER_FIELDS.receipts } : null;
    case "incoming_tracking_off":
      return { label: "Open Settings", url: "/app/settings" };
    default:
      return null;
  }
}

/** The typed error as a screen shows it; undefined for anything else (a failure on our side: let it throw). */
export function screenRefusal(error: unknown, context: RefusalContext = {}): ScreenRefusal | undefined {
  if (error instanceof ValidationError) {
    // Field errors show beside their fields; what has no field on the form is the message itself.
    const elsewhere = Object.entries(error.fieldErrors).filter(([field]) => ["emailSettings", "supplierEmail"].includes(field));
    return {
      status: 400,
      title: "Nothing was saved",
      message: elsewhere.length > 0 ? elsewhere.map(([, message]) => message).join(" ") : "Fix the fields marked in red.",
      fix: fixFor(error, context),
      fieldErrors: error.fieldErrors,
    };
  }
  if (error instanceof GuardrailError) {
    return { status: 409, title: "Nothing was changed", message: error.message, fix: fixFor(error, context), fieldErrors: {} };
  }
  if (error instanceof StaleVersionError) {
    return {
      status: 409,
      title: "Someone else changed this order",
      message: "It changed since this page was loaded, so nothing was saved. Reload it to see the changes, then try again.",
      fix: { label: "Reload", reload: true },
      fieldErrors: {},
    };
  }
  if (error instanceof NotFoundError) return { status: 404, title: "Not found", message: error.message, fix: null, fieldErrors: {} };
  return undefined;
}

/**
 * A refusal as plain text, for requests a screen makes outside a form (the index's bulk actions
 * and downloads): each field named with its problem, else the message; the status as above.
 */
export function plainTextRefusal(error: unknown): Response {
  const refusal = screenRefusal(error);
  if (!refusal) throw error;
  const fieldErrors = Object.entries(refusal.fieldErrors);
  const text = fieldErrors.length > 0 ? fieldErrors.map(([field, problem]) => `${field}: ${problem}`).join("; ") : refusal.message;
  return new Response(text, { status: refusal.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
