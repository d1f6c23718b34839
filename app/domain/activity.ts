import { isPurchaseOrderStatus, STATUS_LABELS } from "./purchase-order/status";

/**
 * How an order's history reads on its page: each audit entry's action as what happened, in the
 * words of Shopify's own timelines ("Payment recorded", not `record_payment`). The audit keeps the
 * action's key (the API's history returns it); only the page translates it.
 */
const ACTIVITY_LABELS: Record<string, string> = {
  create_draft: "Draft created",
  create_from_items: "Draft created from products",
  edit_header: "Details changed",
  update_purchase_order: "Order changed",
  add_line: "Line added",
  update_line: "Line changed",
  remove_line: "Line removed",
  move_lines_out: "Lines moved to another order",
  send: "Sent to the supplier",
  resend_email: "Email sent again",
  confirm_lines: "Supplier confirmation recorded",
  confirm_all: "Confirmed as ordered",
  start: "Marked in progress",
  receive: "Goods received",
  unreceive: "Receipt taken back",
  close_deliveries: "Deliveries closed",
  complete: "Completed",
  complete_requested: "Completing: unit costs to Shopify",
  complete_failed: "Completing stopped",
  quick_complete: "Quick completed",
  pause: "Paused",
  resume: "Resumed",
  dispute: "Disputed",
  resolve_dispute: "Dispute resolved",
  cancel: "Cancelled",
  reopen: "Reopened",
  delete: "Deleted",
  sync_to_shopify: "Synced to Shopify",
  reset_sync: "Shopify sync reset",
  adjust_incoming: "Shopify incoming corrected",
  reconcile_incoming: "Shopify incoming reconciled",
  record_payment: "Payment recorded",
  update_payment: "Payment changed",
  remove_payment: "Payment removed",
  set_exchange_rate: "Exchange rate set",
  create_credit: "Supplier credit created",
  apply_credit: "Credit applied",
  reverse_credit: "Credit reversed",
  credit_delivery_returns: "Returns credited",
  create_delivery: "Delivery started",
  save_delivery: "Delivery counted",
  submit_delivery: "Delivery submitted",
  cancel_delivery: "Delivery draft cancelled",
  update_delivery_note: "Delivery note changed",
  upload_delivery_file: "Delivery note file added",
  delete_delivery_file: "Delivery note file removed",
  upload_order_document: "Document attached",
  delete_order_document: "Document removed",
  add_shipment: "Shipment added",
  update_shipment: "Shipment changed",
  remove_shipment: "Shipment removed",
  set_addresses: "Addresses changed",
  update_supplier_fields: "Supplier details changed",
  variant_deleted_in_shopify: "A variant was deleted in Shopify",
  location_lost_in_shopify: "The receiving location was deactivated in Shopify",
  location_restored_in_shopify: "The receiving location is active in Shopify again",
};

/** What an audit entry's action says happened; an action without words of its own reads as its key in a sentence. */
export function activityLabel(action: string): string {
  const known = ACTIVITY_LABELS[action];
  if (known) return known;
  const words = action.replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ACTORS: Record<string, string> = { merchant: "Staff", api_key: "API key", webhook: "Shopify", system: "Inbound" };

/** Who did it: staff and API keys by their id (several may act on one order); Shopify and Inbound by name. */
export function actorLabel(type: string, id: string): string {
  const who = ACTORS[type] ?? type;
  return type === "merchant" || type === "api_key" ? `${who} ${id}` : who;
}

/** The move an entry made, e.g. "Draft → Sent"; null when the status stayed. */
export function statusChangeLabel(from: string | null, to: string | null): string | null {
  if (!from || !to || from === to) return null;
  const label = (status: string) => (isPurchaseOrderStatus(status) ? STATUS_LABELS[status] : status);
  return `${label(from)} → ${label(to)}`;
}
