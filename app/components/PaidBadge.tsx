import { Badge } from "@shopify/polaris";

/** Shown beside an order's status once completed payments and applied credits cover its total. */
export function PaidBadge() {
  return (
    <span data-paid="true">
      <Badge tone="success">Paid</Badge>
    </span>
  );
}
