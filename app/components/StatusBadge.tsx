import { Badge, type BadgeProps } from "@shopify/polaris";

import { STATUS_LABELS, type PurchaseOrderStatus } from "~/domain/purchase-order/status";

const TONES: Partial<Record<PurchaseOrderStatus, BadgeProps["tone"]>> = {
  draft: undefined,
  sent: "info",
  partially_confirmed: "attention",
  confirmed: "info",
  in_progress: "info",
  partially_received: "warning",
  received: "success",
  completed: "success",
  paused: "attention",
  disputed: "critical",
  cancelled: "critical",
};

export function StatusBadge({ status }: { status: PurchaseOrderStatus }) {
  const tone = TONES[status];
  return <span data-status={status}>{tone ? <Badge tone={tone}>{STATUS_LABELS[status]}</Badge> : <Badge>{STATUS_LABELS[status]}</Badge>}</span>;
}
