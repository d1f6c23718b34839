import { BlockStack, Divider, InlineStack, Text } from "@shopify/polaris";

import type { MoneyView } from "./PaymentsCard";

/**
 * The order's derived money: what it costs (what the lines are owed for, with the ordered value
 * beside it where they differ), what was settled by credits and payments, what is due.
 */
export function Totals({ totals, settling }: { totals: MoneyView["totals"]; settling: boolean }) {
  return (
    <BlockStack gap="100">
      {totals.orderedValue ? <Row label="Ordered value" value={totals.orderedValue} /> : null}
      <Row label="Order cost" value={totals.orderCost} />
      {totals.orderedValue ? (
        <Text as="p" tone="subdued" variant="bodySm">
          Units the supplier did not confirm, and units cancelled, are not owed.
        </Text>
      ) : null}
      {totals.returnedValue ? (
        <Text as="p" tone="subdued" variant="bodySm" id="total-returned-note">
          {`Includes ${totals.returnedValue} for returned units: owed until the supplier's credit for them is applied.`}
        </Text>
      ) : null}
      <Row label="Shipping" value={totals.shippingCost} />
      <Row label="Tax" value={totals.tax} />
      <Row label="Total" value={totals.total} strong />
      <Divider />
      {settling ? (
        <>
          <Row label="Credits applied" value={totals.creditsApplied} />
          <Row label="Paid" value={totals.totalPaid} />
          <Row label="Due" value={totals.totalDue} strong />
        </>
      ) : (
        <Text as="p" tone="subdued">
          Nothing paid or credited yet: the total is due.
        </Text>
      )}
    </BlockStack>
  );
}

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <InlineStack align="space-between">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" numeric fontWeight={strong ? "semibold" : undefined} id={`total-${label.toLowerCase().replaceAll(" ", "-")}`}>
        {value}
      </Text>
    </InlineStack>
  );
}
