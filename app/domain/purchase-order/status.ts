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

/**
 * The index's status tabs, in the order shown. Every tab but All covers its own statuses, and
 * each status is in exactly one of them (status.test.ts holds it): an order is never lost
 * between tabs nor counted in two.
 * - Open: sent and not yet confirmed as a whole, or on hold (paused, disputed): the merchant acts.
 * - Awaiting delivery: confirmed, possibly partly delivered: the supplier acts.
 */
export const STATUS_TABS = [
  { id: "all", label: "All", statuses: null },
  { id: "draft", label: "Draft", statuses: ["draft"] },
  { id: "open", label: "Open", statuses: ["sent", "partially_confirmed", "paused", "disputed"] },
  { id: "awaiting_delivery", label: "Awaiting delivery", statuses: ["confirmed", "in_progress", "partially_received"] },
  { id: "received", label: "Received", statuses: ["received"] },
  { id: "completed", label: "Completed", statuses: ["completed"] },
  { id: "cancelled", label: "Cancelled", statuses: ["cancelled"] },
] as const satisfies ReadonlyArray<{ id: string; label: string; statuses: readonly PurchaseOrderStatus[] | null }>;

export type StatusTab = (typeof STATUS_TABS)[number]["id"];

export const STATUS_TAB_IDS = STATUS_TABS.map((tab) => tab.id) as [StatusTab, ...StatusTab[]];

/** The statuses a tab shows; null for All (no narrowing). */
export function statusesOfTab(tab: StatusTab): readonly PurchaseOrderStatus[] | null {
  return STATUS_TABS.find((entry) => entry.id === tab)!.statuses;
}
