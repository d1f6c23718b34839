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

/** The order's status; "Completing" while a completion waits for Shopify to have the unit costs (the status is still the one before). */
export function StatusBadge({ status, completing = false }: { status: PurchaseOrderStatus; completing?: boolean }) {
  if (completing) {
    return (
      <span data-status={status} data-completing="">
        <Badge tone="info" progress="partiallyComplete">
          Completing
        </Badge>
      </span>
    );
  }
  const tone = TONES[status];
  return <span data-status={status}>{tone ? <Badge tone={tone}>{STATUS_LABELS[status]}</Badge> : <Badge>{STATUS_LABELS[status]}</Badge>}</span>;
}
