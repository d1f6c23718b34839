import { BlockStack, Button, InlineError, OptionList, Popover, Text } from "@shopify/polaris";
import { useId, useState } from "react";

import { PURCHASE_ORDER_STATUSES, STATUS_LABELS, type PurchaseOrderStatus } from "~/domain/purchase-order/status";

const OPTIONS = PURCHASE_ORDER_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }));

/**
 * Chooses any number of purchase order statuses. The button shows the choice; the list opens
 * in a popover so that a rule with two or three status lists stays compact.
 */
export function StatusPicker({
  label,
  selected,
  onChange,
  helpText,
  error,
}: {
  label: string;
  selected: readonly PurchaseOrderStatus[];
  onChange: (statuses: PurchaseOrderStatus[]) => void;
  helpText?: string;
  error?: string;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const summary = selected.length > 0 ? selected.map((status) => STATUS_LABELS[status]).join(", ") : "None";
  return (
    <div role="group" aria-labelledby={`${id}-label`}>
      <BlockStack gap="100">
        <Text as="span" id={`${id}-label`}>
          {label}
        </Text>
        <Popover
          active={open}
          onClose={() => setOpen(false)}
          preferredAlignment="left"
          activator={
            <Button id={id} disclosure={open ? "up" : "down"} textAlign="left" fullWidth onClick={() => setOpen((current) => !current)}>
              {summary}
            </Button>
          }
        >
          <OptionList
            allowMultiple
            options={OPTIONS}
            selected={[...selected]}
            // In lifecycle order, whatever order they were ticked in.
            onChange={(values) => onChange(PURCHASE_ORDER_STATUSES.filter((status) => values.includes(status)))}
          />
        </Popover>
        {helpText ? (
          <Text as="span" tone="subdued">
            {helpText}
          </Text>
        ) : null}
        {error ? <InlineError message={error} fieldID={id} /> : null}
      </BlockStack>
    </div>
  );
}
