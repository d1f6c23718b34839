import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { useResultToast } from "~/components/ActionFeedback";
import { UnsavedChanges, useChangedSinceMount } from "~/components/app-bridge/UnsavedChanges";
import { RefusalBanner } from "~/components/Refusal";
import { ORDER_FIELDS } from "~/http/refusals";

import type { action } from "../app.purchase-orders.$id.fields";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

type FieldsView = OrderView["supplierFields"];

/** What the supplier sees beyond the lines: references, confirmation, dates, tags, custom fields, line comments. */
export function SupplierFieldsCard({ orderId, fields }: { orderId: string; fields: FieldsView }) {
  const url = `/app/purchase-orders/${orderId}/fields`;
  const change = useFetcher<typeof action>();
  useResultToast(change.data, (data) => (data.ok ? data.message : null));
  const refusal = change.data && !change.data.ok ? change.data : null;
  const [discards, setDiscards] = useState(0);
  return (
    <Card>
      <BlockStack gap="300">
        <PanelHeading title="Supplier details" />
        {refusal ? <RefusalBanner refusal={refusal} /> : null}
        {/* Keyed by what was loaded: after a save the form starts from the saved values. */}
        <FieldsForm
          key={`${discards}:${JSON.stringify(fields)}`}
          view={fields}
          errors={refusal?.fieldErrors ?? {}}
          busy={change.state !== "idle"}
          onSave={(form) => change.submit(form, { method: "post", action: url })}
          onDiscard={() => setDiscards((count) => count + 1)}
        />
      </BlockStack>
    </Card>
  );
}

function FieldsForm({
  view,
  errors,
  busy,
  onSave,
  onDiscard,
}: {
  view: FieldsView;
  errors: Record<string, string>;
  busy: boolean;
  onSave: (form: FormData) => void;
  /** Starts the form again from what was loaded. */
  onDiscard: () => void;
}) {
  const [values, setValues] = useState({
    vendorReference: view.vendorReference,
    externalNumbers: view.externalNumbers.join(", "),
    promiseDate: view.promiseDate,
    holdUntil: view.holdUntil ? localDateTime(view.holdUntil) : "",
    tags: view.tags.join(", "),
  });
  const [confirmed, setConfirmed] = useState(view.supplierConfirmed);
  const [customFields, setCustomFields] = useState(view.customFields);
  const [comments, setComments] = useState(() => Object.fromEntries(view.lines.map((line) => [line.id, line.comment])));
  const dirty = useChangedSinceMount([values, confirmed, customFields, comments]);
  const text = (name: keyof typeof values, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      label={label}
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      error={firstError(errors, name)}
      {...extra}
    />
  );
  const setRow = (index: number, part: "key" | "value", value: string) =>
    setCustomFields((rows) => rows.map((row, at) => (at === index ? { ...row, [part]: value } : row)));

  const save = () => {
    const form = new FormData();
    form.set("vendorReference", values.vendorReference);
    form.set("externalNumbers", values.externalNumbers);
    form.set("supplierConfirmed", String(confirmed));
    form.set("promiseDate", values.promiseDate);
    // datetime-local is the merchant's own clock: sent as an instant, so the server needs no time zone.
    if (view.canHold) form.set("holdUntil", values.holdUntil ? new Date(values.holdUntil).toISOString() : "");
    form.set("tags", values.tags);
    form.set("customFields", "replace");
    for (const row of customFields) {
      form.append("customFieldKey", row.key);
      form.append("customFieldValue", row.value);
    }
    for (const [lineId, comment] of Object.entries(comments)) form.set(`comment.${lineId}`, comment);
    onSave(form);
  };

  return (
    <BlockStack gap="300">
      <UnsavedChanges dirty={dirty} saving={busy} onSave={save} onDiscard={onDiscard} />
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="200">
        {text("vendorReference", "Vendor reference", { helpText: "The supplier's own number for this order" })}
        {text("externalNumbers", "PO numbers in other systems", { helpText: "Separate with commas; searchable from the order list" })}
        {text("promiseDate", "Promise date", { type: "date", helpText: "Moves every line still to be delivered" })}
        {text("holdUntil", "Hold until", {
          id: ORDER_FIELDS.holdUntil,
          type: "datetime-local",
          disabled: !view.canHold,
          helpText: view.canHold ? "Do not send before this time" : "A hold can only change before the order is sent",
        })}
        {text("tags", "Tags", { helpText: "Separate with commas" })}
      </InlineGrid>
      <Checkbox label="Supplier confirmed this order" checked={confirmed} onChange={setConfirmed} />

      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          Custom fields
        </Text>
        {errors.customFields ? (
          <Text as="p" tone="critical">
            {errors.customFields}
          </Text>
        ) : null}
        {customFields.map((row, index) => (
          <InlineGrid key={index} columns={["oneThird", "twoThirds"]} gap="200">
            <TextField
              label={`Custom field ${index + 1} key`}
              labelHidden
              placeholder="key_name"
              value={row.key}
              onChange={(value) => setRow(index, "key", value)}
              autoComplete="off"
              error={errors[`customFields.${index}.key`]}
            />
            <TextField
              label={`Custom field ${index + 1} value`}
              labelHidden
              placeholder="Value"
              value={row.value}
              onChange={(value) => setRow(index, "value", value)}
              autoComplete="off"
              error={errors[`customFields.${index}.value`]}
              connectedRight={
                <Button
                  onClick={() => setCustomFields((rows) => rows.filter((_, at) => at !== index))}
                  accessibilityLabel={`Remove custom field ${index + 1}`}
                >
                  Remove
                </Button>
              }
            />
          </InlineGrid>
        ))}
        <InlineStack>
          <Button variant="plain" onClick={() => setCustomFields((rows) => [...rows, { key: "", value: "" }])}>
            Add custom field
          </Button>
        </InlineStack>
      </BlockStack>

      {view.lines.length > 0 ? (
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            Line comments
          </Text>
          {view.lines.map((line) => (
            <TextField
              key={line.id}
              label={`Comment for ${line.title}`}
              value={comments[line.id] ?? ""}
              onChange={(value) => setComments((current) => ({ ...current, [line.id]: value }))}
              autoComplete="off"
              multiline={1}
              helpText={[line.pending > 0 ? `${line.pending} still to come` : "Delivered", line.promiseDate ? `promised ${line.promiseDate}` : null]
                .filter(Boolean)
                .join(" · ")}
              error={errors[`lineComments.${line.id}`]}
            />
          ))}
        </BlockStack>
      ) : null}

      <InlineStack align="end">
        <Button variant="primary" loading={busy} onClick={save}>
          Save supplier details
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

/** A list field's errors are per item (`tags.3`): show them on the one field. */
function firstError(errors: Record<string, string>, name: string): string | undefined {
  return Object.entries(errors).find(([field]) => field === name || field.startsWith(`${name}.`))?.[1];
}

/** An instant as the value of a datetime-local input, in the browser's time zone. */
function localDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
