import { Badge, BlockStack, Box, Button, Divider, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { Fragment } from "react";

import type { FieldErrors } from "~/domain/errors";
import { INTAKE_REASON_TABLE, intakeReasonByCode } from "~/domain/intake-reasons";

import { countedOf, deliveredOf, outcomeOf, returnedOf, type ReceivingLine } from "./receiving-state";

const REASON_OPTIONS = INTAKE_REASON_TABLE.map((reason) => ({ label: `${reason.code} · ${reason.label}`, value: String(reason.code) }));
/** A part split off is of units that came: accepted or returned, never "not delivered" or "canceled". */
const SPLIT_REASON_OPTIONS = INTAKE_REASON_TABLE.filter((reason) => reason.outcome === "accepted" || reason.outcome === "returned").map((reason) => ({
  label: `${reason.code} · ${reason.label}`,
  value: String(reason.code),
}));

export interface LineHandlers {
  onQuantity: (key: string, part: number, value: number) => void;
  onReason: (key: string, part: number, reason: number) => void;
  onSplit: (key: string) => void;
  onRemovePart: (key: string, part: number) => void;
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
          <LineRow line={line} highlighted={highlighted === line.key} errors={errorsOf(errors, line)} handlers={handlers} />
        </Fragment>
      ))}
    </BlockStack>
  );
}

interface LineErrors {
  /** Per part: its quantity's and its reason's. */
  parts: Array<{ quantity?: string; reason?: string }>;
  unitPrice?: string;
  other: string[];
}

/**
 * The delivery API's field errors of one line (`<key>.<field>`, fields as the API names them) in
 * their places: a part's quantity and reason on its inputs (a one-part line's quantities and reason
 * are its part's), the price on its field, anything else under the line.
 */
function errorsOf(errors: FieldErrors, line: ReceivingLine): LineErrors {
  const placed: LineErrors = { parts: line.parts.map(() => ({})), other: [] };
  const onePart = line.parts.length === 1;
  for (const [field, message] of Object.entries(errors)) {
    if (!field.startsWith(`${line.key}.`)) continue;
    const name = field.slice(line.key.length + 1);
    const split = /^splits\.(\d+)\.(quantity|intake_reason)$/.exec(name);
    const part = split ? placed.parts[Number(split[1])] : undefined;
    if (part && split![2] === "quantity") part.quantity = message;
    else if (part) part.reason = message;
    else if (onePart && (name === "quantity_delivered" || name === "quantity_returned")) placed.parts[0]!.quantity = message;
    else if (onePart && name === "intake_reason") placed.parts[0]!.reason = message;
    else if (name === "unit_price") placed.unitPrice = message;
    else placed.other.push(message);
  }
  return placed;
}

function LineRow({ line, highlighted, errors, handlers }: { line: ReceivingLine; highlighted: boolean; errors: LineErrors; handlers: LineHandlers }) {
  const delivered = deliveredOf(line);
  const returned = returnedOf(line);
  const firstOutcome = outcomeOf(line.parts[0]!.reason);
  // Short visible labels; the line's title completes them for screen readers (and tests).
  const label = (caption: string) => (
    <>
      {caption}
      <Text as="span" visuallyHidden>{` for ${line.title}`}</Text>
    </>
  );
  const canSplit = line.parts.length < INTAKE_REASON_TABLE.length && (firstOutcome === "accepted" || firstOutcome === "returned");
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
                {[line.sku ? `SKU ${line.sku}` : null, line.barcode ? `Barcode ${line.barcode}` : null].filter(Boolean).join(" · ") ||
                  "No SKU or barcode"}
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
              <Badge tone={countTone(line, delivered, returned)} aria-label={`${delivered} delivered of ${line.expected} expected`}>
                {`${delivered} / ${line.expected}`}
              </Badge>
              <Button
                tone="critical"
                onClick={() => handlers.onReject(line.key)}
                accessibilityLabel={`Reject ${line.title}`}
                disabled={line.parts.length === 1 && firstOutcome === "returned" && returned > 0}
              >
                Reject
              </Button>
            </InlineStack>
          </InlineStack>
          {line.parts.map((part, index) => {
            const caption = (what: string) => label(index === 0 ? what : `${what}, part ${index + 1}`);
            return (
              <InlineGrid key={index} columns={{ xs: "minmax(0, 1fr) minmax(0, 2fr) 5.5rem" }} gap="200" alignItems="end">
                <TextField
                  label={caption("Quantity")}
                  type="number"
                  min={0}
                  value={String(part.quantity)}
                  onChange={(value) => handlers.onQuantity(line.key, index, value === "" ? 0 : Number(value))}
                  autoComplete="off"
                  inputMode="numeric"
                  error={errors.parts[index]?.quantity}
                />
                <Select
                  label={caption("Intake reason")}
                  options={index === 0 ? REASON_OPTIONS : SPLIT_REASON_OPTIONS}
                  value={String(part.reason)}
                  onChange={(value) => handlers.onReason(line.key, index, Number(value))}
                  error={errors.parts[index]?.reason}
                />
                {index === 0 ? (
                  <Button
                    onClick={() => handlers.onSplit(line.key)}
                    disabled={!canSplit}
                    accessibilityLabel={`Split ${line.title}: part of its units under another reason`}
                  >
                    Split
                  </Button>
                ) : (
                  <Button
                    variant="tertiary"
                    onClick={() => handlers.onRemovePart(line.key, index)}
                    accessibilityLabel={`Remove part ${index + 1} of ${line.title}`}
                  >
                    Remove
                  </Button>
                )}
              </InlineGrid>
            );
          })}
          {line.parts.length > 1 ? (
            <Text as="p" tone="subdued" variant="bodySm">
              {`${countedOf(line)} counted: ${line.parts.map((part) => `${part.quantity} ${intakeReasonByCode(part.reason)?.label ?? part.reason}`).join(" · ")}`}
            </Text>
          ) : null}
          {/* A variant not on the order is added at a price in the order's currency: its default when one is known, else the one entered. */}
          {line.lineId === null && delivered > 0 ? (
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

function countTone(line: ReceivingLine, delivered: number, returned: number): "success" | "warning" | "critical" | undefined {
  if (returned > 0 && delivered === 0) return "critical";
  if (delivered > line.expected) return "warning";
  if (delivered + returned > 0 && delivered + returned === line.expected) return "success";
  return undefined;
}
