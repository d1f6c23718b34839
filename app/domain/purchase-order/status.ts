/** Purchase order statuses, in lifecycle order. The allowed moves between them arrive with the lifecycle core. */
export const PURCHASE_ORDER_STATUSES = [
  "draft",
  "sent",
  "partially_confirmed",
  "confirmed",
  "in_progress",
  "partially_received",
  "received",
  "completed",
  "paused",
  "disputed",
  "cancelled",
] as const;

export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const STATUS_LABELS: Record<PurchaseOrderStatus, string> = {
  draft: "Draft",
  sent: "Sent",
  partially_confirmed: "Partially confirmed",
  confirmed: "Confirmed",
  in_progress: "In progress",
  partially_received: "Partially received",
  received: "Received",
  completed: "Completed",
  paused: "Paused",
  disputed: "Disputed",
  cancelled: "Cancelled",
};

export function isPurchaseOrderStatus(value: string): value is PurchaseOrderStatus {
  return (PURCHASE_ORDER_STATUSES as readonly string[]).includes(value);
}

/** Display name of an order number, e.g. 7 → "PO-0007". */
export function purchaseOrderName(number: number): string {
  return `PO-${String(number).padStart(4, "0")}`;
}
