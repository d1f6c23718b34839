import { Badge, BlockStack, Box, Button, Divider, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { Fragment } from "react";

import type { FieldErrors } from "~/domain/errors";
import { INTAKE_REASON_TABLE } from "~/domain/intake-reasons";

import { outcomeOf, type ReceivingLine } from "./receiving-state";

const REASON_OPTIONS = INTAKE_REASON_TABLE.map((reason) => ({ label: `${reason.code} · ${reason.label}`, value: String(reason.code) }));

/** Where the service's line fields show: each on its input, anything else under the line. */
const FIELD_PLACES = { quantityDelivered: "delivered", quantityReturned: "returned", intakeReason: "reason", unitPrice: "unitPrice" } as const;

export interface LineHandlers {
  onQuantity: (key: string, field: "delivered" | "returned", value: number) => void;
  onReason: (key: string, reason: number) => void;
  onPrice: (key: string, price: string) => void;
  onReject: (key: string) => void;
  onRemove: (key: string) => void;
}

/**
 * Expected (still pending on the order) against what this delivery counted, one block per
 * line, stacked so it reads on a tablet held upright.
 */
export function ReceivingLines({
  lines,
  highlighted,
  errors,
  handlers,
}: {
  lines: readonly ReceivingLine[];
  highlighted: string | null;
  /** The service's field errors, re-keyed by line: `<key>.<field>`. */
  errors: FieldErrors;
  handlers: LineHandlers;
}) {
  if (lines.length === 0) {
    return (
      <Text as="p" tone="subdued">
        Nothing is pending on this order.
      </Text>
    );
  }
  return (
    <BlockStack gap="0">
      {lines.map((line, index) => (
        <Fragment key={line.key}>
          {index > 0 ? <Divider /> : null}
          <LineRow line={line} highlighted={highlighted === line.key} errors={errorsOf(errors, line.key)} handlers={handlers} />
        </Fragment>
      ))}
    </BlockStack>
  );
}

function errorsOf(errors: FieldErrors, key: string) {
  const placed: Partial<Record<(typeof FIELD_PLACES)[keyof typeof FIELD_PLACES], string>> = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (!field.startsWith(`${key}.`)) continue;
    const place = FIELD_PLACES[field.slice(key.length + 1) as keyof typeof FIELD_PLACES];
    if (place) placed[place] = message;
    else other.push(message);
  }
  return { ...placed, other };
}

function LineRow({
  line,
  highlighted,
  errors,
  handlers,
}: {
  line: ReceivingLine;
  highlighted: boolean;
  errors: ReturnType<typeof errorsOf>;
  handlers: LineHandlers;
}) {
  const outcome = outcomeOf(line.reason);
  const counted = outcome === "returned" ? line.returned : line.delivered;
  // Short visible labels; the line's title completes them for screen readers (and tests).
  const label = (caption: string) => (
    <>
      {caption}
      <Text as="span" visuallyHidden>{` for ${line.title}`}</Text>
    </>
  );
  const quantity = (field: "delivered" | "returned", caption: string) => (
    <TextField
      label={label(caption)}
      type="number"
      min={0}
      value={String(line[field])}
      onChange={(value) => handlers.onQuantity(line.key, field, value === "" ? 0 : Number(value))}
      autoComplete="off"
      inputMode="numeric"
      error={errors[field]}
    />
  );
  return (
    <div data-line-key={line.key} data-highlighted={highlighted ? "true" : undefined}>
      <Box padding="300" background={highlighted ? "bg-surface-success" : undefined}>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
            <BlockStack gap="100">
              <Text as="h3" variant="headingSm">
                {line.title}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {[line.sku ? `SKU ${line.sku}` : null, line.barcode ? `Barcode ${line.barcode}` : null].filter(Boolean).join(" · ") || "No SKU or barcode"}
              </Text>
              {line.lineId === null ? (
                <InlineStack gap="200" align="start" blockAlign="center">
                  <Badge tone="attention">Not on the order</Badge>
                  <Button variant="plain" tone="critical" onClick={() => handlers.onRemove(line.key)} accessibilityLabel={`Remove ${line.title}`}>
                    Remove
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
            <InlineStack gap="200" wrap={false} blockAlign="center">
              <Badge tone={countTone(line, counted)} aria-label={`${line.delivered} delivered of ${line.expected} expected`}>
                {`${line.delivered} / ${line.expected}`}
              </Badge>
              <Button
                tone="critical"
                onClick={() => handlers.onReject(line.key)}
                accessibilityLabel={`Reject ${line.title}`}
                disabled={outcome === "returned" && line.returned > 0}
              >
                Reject
              </Button>
            </InlineStack>
          </InlineStack>
          <InlineGrid columns={{ xs: "minmax(0, 1fr) minmax(0, 1fr)", md: "minmax(0, 1fr) minmax(0, 1fr) minmax(0, 2fr)" }} gap="200">
            {quantity("delivered", "Delivered")}
            {quantity("returned", "Returned")}
            <Select
              label={label("Intake reason")}
              options={REASON_OPTIONS}
              value={String(line.reason)}
              onChange={(value) => handlers.onReason(line.key, Number(value))}
              error={errors.reason}
            />
          </InlineGrid>
          {/* A variant not on the order is added at a price in the order's currency: its default when one is known, else the one entered. */}
          {line.lineId === null && outcome === "accepted" ? (
            <TextField
              label={label("Unit price")}
              value={line.unitPrice ?? ""}
              onChange={(value) => handlers.onPrice(line.key, value)}
              autoComplete="off"
              inputMode="decimal"
              helpText="Blank: the supplier's catalogue price, else Shopify's cost, in the order's currency"
              error={errors.unitPrice}
            />
          ) : null}
          {errors.other.map((message) => (
            <InlineError key={message} message={message} fieldID={`line-${line.key}`} />
          ))}
        </BlockStack>
      </Box>
    </div>
  );
}

function countTone(line: ReceivingLine, counted: number): "success" | "warning" | "critical" | undefined {
  if (outcomeOf(line.reason) === "returned" && line.returned > 0) return "critical";
  if (line.delivered > line.expected) return "warning";
  if (counted > 0 && line.delivered === line.expected) return "success";
  return undefined;
}
