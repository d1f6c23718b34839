import { Form } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";

import { UnsavedChanges, useChangedSinceMount } from "~/components/app-bridge/UnsavedChanges";
import type { FieldErrors } from "~/domain/errors";
import { ORDER_FIELDS } from "~/http/refusals";

import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

// The order screen's own cards: its details, the supplier's confirmation, its receipts and history.

export function DetailsCard({ order, errors }: { order: OrderView; errors: FieldErrors }) {
  const [values, setValues] = useState(order.header);
  const form = useRef<HTMLFormElement>(null);
  const dirty = useChangedSinceMount(values);
  // Goods booked at the location keep it there (un-receiving them frees it).
  const locationLocked = order.lines.some((line) => line.received + line.rejected + line.cancelled > 0);
  const field = (name: Exclude<keyof typeof values, "locationId">, label: string, multiline = false) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      multiline={multiline ? 2 : undefined}
      error={errors[name]}
    />
  );
  return (
    <Card>
      {/* Outside the form: the save bar's buttons would submit it themselves. */}
      <UnsavedChanges dirty={dirty} onSave={() => form.current?.requestSubmit()} onDiscard={() => setValues(order.header)} />
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="edit_header" />
        <input type="hidden" name="version" value={order.version} />
        <BlockStack gap="200">
          <PanelHeading title="Details" />
          <Select
            id={ORDER_FIELDS.location}
            label="Receiving location"
            name="locationId"
            value={values.locationId}
            onChange={(locationId) => setValues((current) => ({ ...current, locationId }))}
            options={[
              ...(values.locationId && !order.locations.some((location) => location.id === values.locationId)
                ? [{ label: "A location Shopify no longer has", value: values.locationId }]
                : []),
              ...(values.locationId ? [] : [{ label: "Choose a location", value: "" }]),
              ...order.locations.map((location) => ({ label: location.name, value: location.id })),
            ]}
            disabled={locationLocked}
            helpText={locationLocked ? "Goods were booked here: un-receive them to change it." : undefined}
            error={errors.locationId}
          />
          {field("reference", "Supplier reference")}
          {field("note", "Note to supplier", true)}
          {field("privateNote", "Private note", true)}
          <InlineGrid columns={2} gap="200">
            {field("shippingCost", "Shipping cost")}
            {field("tax", "Tax")}
          </InlineGrid>
          <InlineStack align="end">
            <Button submit>Save details</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** The supplier's confirmed quantities, per line (opened by the header's "Record confirmation"). */
export function ConfirmCard({ order, errors, onCancel }: { order: OrderView; errors: FieldErrors; onCancel: () => void }) {
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm_lines" />
        <input type="hidden" name="version" value={order.version} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Supplier confirmation
          </Text>
          {order.lines.map((line) => (
            <QuantityField
              key={line.id}
              label={`Confirmed quantity for ${line.title}`}
              name={`confirmed.${line.id}`}
              initial={line.confirmed === null ? "" : String(line.confirmed)}
              error={errors[`confirmed.${line.id}`]}
            />
          ))}
          <InlineStack align="end" gap="200">
            <Button onClick={onCancel}>Cancel</Button>
            <Button submit variant="primary">
              Save confirmation
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function QuantityField({
  label,
  name,
  initial,
  error,
  labelHidden = false,
}: {
  label: string;
  name: string;
  initial: string;
  error?: string;
  labelHidden?: boolean;
}) {
  const [value, setValue] = useState(initial);
  return (
    <TextField
      label={label}
      labelHidden={labelHidden}
      name={name}
      value={value}
      onChange={setValue}
      autoComplete="off"
      inputMode="numeric"
      error={error}
    />
  );
}

export function ReceiptsCard({
  order,
  canUnreceive,
  onUnreceive,
}: {
  order: OrderView;
  canUnreceive: boolean;
  onUnreceive: (bookingId: string) => void;
}) {
  if (order.receipts.length === 0) return null;
  return (
    <div id={ORDER_FIELDS.receipts} tabIndex={-1}>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Receipts
          </Text>
          {order.receipts.map((receipt) => (
            <InlineStack key={receipt.id} align="space-between" blockAlign="center">
              <Text as="span">
                {new Date(receipt.bookedAt).toLocaleString("en-US")} · {receipt.units} received
                {receipt.reversed
                  ? " · reversed"
                  : receipt.units === 0
                    ? ""
                    : receipt.synced
                      ? " · in Shopify on hand"
                      : " · not yet synced to Shopify"}
              </Text>
              {/* A synced receipt can be un-received too: its reversal takes the units back off Shopify's on hand. */}
              {canUnreceive && !receipt.reversed ? (
                <Button variant="plain" tone="critical" onClick={() => onUnreceive(receipt.id)}>
                  Un-receive
                </Button>
              ) : null}
            </InlineStack>
          ))}
        </BlockStack>
      </Card>
    </div>
  );
}

/** How many of the newest history entries show before "Show all". */
const RECENT_ACTIVITY = 4;

/** The order's history, newest first: the last few entries, the rest on demand. */
export function ActivityCard({ activity }: { activity: OrderView["activity"] }) {
  const [all, setAll] = useState(false);
  const shown = all ? activity : activity.slice(0, RECENT_ACTIVITY);
  return (
    <div data-activity-count={activity.length}>
      <Card>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingSm">
              Activity
            </Text>
            {activity.length > RECENT_ACTIVITY ? (
              <Button variant="plain" onClick={() => setAll((current) => !current)}>
                {all ? "Show fewer" : `Show all ${activity.length}`}
              </Button>
            ) : null}
          </InlineStack>
          {shown.map((entry) => (
            <div key={entry.id} data-activity-entry>
              <InlineStack align="space-between" gap="200" wrap={false}>
                <Text as="span">
                  {entry.label}
                  {entry.statusChange ? (
                    <Text as="span" tone="subdued">
                      {` · ${entry.statusChange}`}
                    </Text>
                  ) : null}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {new Date(entry.at).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })} · {entry.actor}
                </Text>
              </InlineStack>
              {entry.reason ? (
                <Text as="p" tone="subdued" variant="bodySm">
                  {entry.reason}
                </Text>
              ) : null}
            </div>
          ))}
        </BlockStack>
      </Card>
    </div>
  );
}
