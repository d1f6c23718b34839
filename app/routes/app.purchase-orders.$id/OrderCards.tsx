import { Form } from "@remix-run/react";
import type { FormEvent } from "react";
import {
  Badge,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";

import { NumericCell } from "~/components/NumericCell";
import type { FieldErrors } from "~/domain/errors";
import { INTAKE_REASON_TABLE } from "~/domain/intake-reasons";
import { ORDER_FIELDS } from "~/http/refusals";

import type { OrderView } from "./route";

// The order screen's own cards: its lines, what can be done to them, and its history.

export function LinesCard({ order, onRemove }: { order: OrderView; onRemove?: (lineId: string) => void }) {
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "line", plural: "lines" }}
        itemCount={order.lines.length}
        selectable={false}
        headings={[
          { title: "Variant" },
          { title: "SKU" },
          { title: "Ordered", alignment: "end" },
          { title: "Confirmed", alignment: "end" },
          { title: "Received", alignment: "end" },
          { title: "Rejected", alignment: "end" },
          { title: "Cancelled", alignment: "end" },
          { title: "Pending", alignment: "end" },
          { title: "Total", alignment: "end" },
          { title: "" },
        ]}
      >
        {order.lines.map((line, index) => (
          <IndexTable.Row id={line.id} key={line.id} position={index}>
            <IndexTable.Cell>
              <InlineStack gap="100" blockAlign="center" wrap={false}>
                <span>{line.title}</span>
                {/* Brought by a delivery, not ordered: the merchant sees what the supplier added. */}
                {line.notOrdered ? <Badge tone="attention">Not ordered</Badge> : null}
                {line.variantDeleted ? <Badge tone="critical">Deleted in Shopify</Badge> : null}
                {/* Its Shopify vendor is another supplier's: allowed on this order, worth a look. */}
                {line.otherSupplier ? <Badge tone="warning">{`${line.otherSupplier}'s product`}</Badge> : null}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{line.sku ?? "—"}</IndexTable.Cell>
            <NumericCell>{line.ordered}</NumericCell>
            <NumericCell>{line.confirmed ?? "—"}</NumericCell>
            <NumericCell>{line.received}</NumericCell>
            <NumericCell>{line.rejected}</NumericCell>
            <NumericCell>{line.cancelled}</NumericCell>
            <NumericCell>{line.pending}</NumericCell>
            <NumericCell>{line.total}</NumericCell>
            <IndexTable.Cell>
              {onRemove && line.received + line.rejected + line.cancelled === 0 ? (
                <Button variant="plain" tone="critical" onClick={() => onRemove(line.id)} accessibilityLabel={`Remove ${line.title}`}>
                  Remove
                </Button>
              ) : null}
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}

export function DetailsCard({ order, errors }: { order: OrderView; errors: FieldErrors }) {
  const [values, setValues] = useState(order.header);
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
      <Form method="post">
        <input type="hidden" name="intent" value="edit_header" />
        <input type="hidden" name="version" value={order.version} />
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Details
          </Text>
          <Select
            id={ORDER_FIELDS.location}
            label="Receiving location"
            name="locationId"
            value={values.locationId}
            onChange={(locationId) => setValues((current) => ({ ...current, locationId }))}
            options={[
              ...(values.locationId && !order.locations.some((location) => location.id === values.locationId) ? [{ label: "A location Shopify no longer has", value: values.locationId }] : []),
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

export function AddLineCard({ version, errors }: { version: number; errors: FieldErrors }) {
  const [lineType, setLineType] = useState("variant");
  const [sku, setSku] = useState("");
  const [title, setTitle] = useState("");
  const [ordered, setOrdered] = useState("1");
  const [unitCost, setUnitCost] = useState("");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="add_line" />
        <input type="hidden" name="version" value={version} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Add a line
          </Text>
          <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
            <Select
              label="Line type"
              name="lineType"
              value={lineType}
              onChange={setLineType}
              options={[
                { label: "Shopify variant", value: "variant" },
                { label: "Custom line", value: "custom" },
              ]}
            />
            {lineType === "custom" ? (
              <TextField label="Description" name="title" value={title} onChange={setTitle} autoComplete="off" error={errors["line.productTitle"]} />
            ) : null}
            <TextField
              id={ORDER_FIELDS.addLine}
              label={lineType === "custom" ? "Reference (optional)" : "SKU"}
              name="sku"
              value={sku}
              onChange={setSku}
              autoComplete="off"
              error={errors["line.sku"] ?? errors["line.variantId"]}
            />
            <TextField label="Quantity" name="ordered" value={ordered} onChange={setOrdered} autoComplete="off" inputMode="numeric" error={errors["line.ordered"]} />
            <TextField
              label="Unit cost"
              name="unitCost"
              value={unitCost}
              onChange={setUnitCost}
              autoComplete="off"
              placeholder={lineType === "custom" ? "" : "From Shopify"}
              error={errors["line.unitCost"]}
            />
          </InlineGrid>
          <InlineStack align="end">
            <Button submit>Add line</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

export function ConfirmCard({ order, errors }: { order: OrderView; errors: FieldErrors }) {
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
          <InlineStack align="end">
            <Button submit>Save confirmation</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** Books a receipt by hand; `onSubmit` asks first (what it books and tells Shopify), then submits. */
export function ReceiveCard({ order, errors, onSubmit }: { order: OrderView; errors: FieldErrors; onSubmit: (event: FormEvent<HTMLFormElement>) => void }) {
  const open = order.lines.filter((line) => line.pending > 0);
  return (
    <Card>
      <Form method="post" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="receive" />
        <input type="hidden" name="version" value={order.version} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Receive goods
          </Text>
          <InlineGrid columns={4} gap="200">
            {["Received", "Rejected", "Cancelled", "Reason"].map((caption) => (
              <Text key={caption} as="span" tone="subdued">
                {caption}
              </Text>
            ))}
          </InlineGrid>
          {open.map((line) => (
            <BlockStack key={line.id} gap="100">
              <Text as="p" fontWeight="semibold">
                {line.title} · {line.pending} pending
              </Text>
              <InlineGrid columns={4} gap="200">
                <QuantityField labelHidden label={`Received for ${line.title}`} name={`received.${line.id}`} initial="" error={errors[`received.${line.id}`]} />
                <QuantityField labelHidden label={`Rejected for ${line.title}`} name={`rejected.${line.id}`} initial="" error={errors[`rejected.${line.id}`]} />
                <QuantityField labelHidden label={`Cancelled for ${line.title}`} name={`cancelled.${line.id}`} initial="" error={errors[`cancelled.${line.id}`]} />
                <ReasonField labelHidden name={`reason.${line.id}`} label={`Reason for ${line.title}`} error={errors[`reason.${line.id}`]} />
              </InlineGrid>
            </BlockStack>
          ))}
          <InlineStack align="end">
            <Button submit variant="primary">
              Book receipt
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

function ReasonField({ label, name, error, labelHidden = false }: { label: string; name: string; error?: string; labelHidden?: boolean }) {
  const [value, setValue] = useState("");
  return (
    <Select
      label={label}
      labelHidden={labelHidden}
      name={name}
      value={value}
      onChange={setValue}
      error={error}
      options={[{ label: "No reason", value: "" }, ...INTAKE_REASON_TABLE.map((reason) => ({ label: `${reason.code} · ${reason.label}`, value: reason.key }))]}
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
                {receipt.reversed ? " · reversed" : receipt.units === 0 ? "" : receipt.synced ? " · in Shopify on hand" : " · not yet synced to Shopify"}
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

export function ActivityCard({ activity }: { activity: OrderView["activity"] }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Activity
        </Text>
        {activity.map((entry) => (
          <div key={entry.id} data-activity-entry>
            <BlockStack gap="0">
              <Text as="p">
                {entry.action.replaceAll("_", " ")}
                {entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus
                  ? ` · ${entry.fromStatus.replaceAll("_", " ")} → ${entry.toStatus.replaceAll("_", " ")}`
                  : ""}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {new Date(entry.at).toLocaleString("en-US")} · {entry.actor}
              </Text>
            </BlockStack>
          </div>
        ))}
      </BlockStack>
    </Card>
  );
}

export function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <InlineGrid columns={2}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">{value}</Text>
    </InlineGrid>
  );
}
