import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineGrid, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { UnsavedChanges, useChangedSinceMount } from "~/components/app-bridge/UnsavedChanges";
import { RefusalBanner } from "~/components/Refusal";

import { CARRIERS } from "~/domain/shipments";

import type { action } from "../app.purchase-orders.$id.shipments";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

type ShipmentView = OrderView["shipments"][number];

const OTHER = "__other";
const BLANK = { carrier: "", otherCarrier: "", trackingNumber: "", estimatedArrivalAt: "", arrivedAt: "", note: "" };

/** The order's shipments: carrier, tracking (linked for known carriers), expected and actual arrival. */
export function ShipmentsCard({ orderId, shipments }: { orderId: string; shipments: ShipmentView[] }) {
  const url = `/app/purchase-orders/${orderId}/shipments`;
  const change = useFetcher<typeof action>();
  const [editing, setEditing] = useState<ShipmentView | "new" | null>(null);
  const confirm = useConfirm();
  useResultToast(change.data, (data) => (data.ok ? data.message : null));
  useEffect(() => {
    if (change.state === "idle" && change.data?.ok) setEditing(null);
  }, [change.state, change.data]);

  const refusal = change.data && !change.data.ok ? change.data : null;
  return (
    <Card>
      <BlockStack gap="300">
        <PanelHeading title="Shipments">{editing === null ? <Button onClick={() => setEditing("new")}>Add shipment</Button> : null}</PanelHeading>
        {refusal ? <RefusalBanner refusal={refusal} /> : null}
        {shipments.length === 0 && editing === null ? (
          <Text as="p" tone="subdued">
            No shipments yet. Shipments are for reference: receiving goods is what moves the order.
          </Text>
        ) : null}
        {shipments.map((shipment) =>
          editing !== "new" && editing?.id === shipment.id ? null : (
            <BlockStack key={shipment.id} gap="100">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <Text as="span" fontWeight="semibold">
                  {shipment.carrier ?? "Carrier not given"}
                </Text>
                <InlineStack gap="200">
                  <Button
                    variant="plain"
                    onClick={() => setEditing(shipment)}
                    accessibilityLabel={`Edit shipment ${shipment.trackingNumber ?? shipment.carrier ?? ""}`}
                  >
                    Edit
                  </Button>
                  <Button
                    variant="plain"
                    tone="critical"
                    onClick={() =>
                      confirm({
                        title: "Remove the shipment?",
                        body: (
                          <Text as="p">
                            {`The shipment${shipment.trackingNumber ? ` ${shipment.trackingNumber}` : ""}${shipment.carrier ? ` with ${shipment.carrier}` : ""} is deleted from the order, with its tracking and dates. Receiving is not affected.`}
                          </Text>
                        ),
                        confirmLabel: "Remove shipment",
                        destructive: true,
                        onConfirm: () => change.submit({ intent: "remove", shipmentId: shipment.id }, { method: "post", action: url }),
                      })
                    }
                    accessibilityLabel={`Remove shipment ${shipment.trackingNumber ?? shipment.carrier ?? ""}`}
                  >
                    Remove
                  </Button>
                </InlineStack>
              </InlineStack>
              {shipment.trackingNumber ? (
                shipment.trackingUrl ? (
                  <Link url={shipment.trackingUrl} target="_blank">
                    {`Track ${shipment.trackingNumber}`}
                  </Link>
                ) : (
                  <Text as="span">Tracking {shipment.trackingNumber}</Text>
                )
              ) : null}
              <Text as="span" tone="subdued">
                {[
                  shipment.estimatedArrivalAt ? `Expected ${shipment.estimatedArrivalAt}` : null,
                  shipment.arrivedAt ? `Arrived ${shipment.arrivedAt}` : null,
                  shipment.note,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            </BlockStack>
          ),
        )}
        {editing !== null ? (
          <ShipmentForm
            key={editing === "new" ? "new" : editing.id}
            shipment={editing === "new" ? null : editing}
            errors={refusal?.fieldErrors ?? {}}
            busy={change.state !== "idle"}
            onCancel={() => setEditing(null)}
            onSave={(values) =>
              change.submit(editing === "new" ? { intent: "add", ...values } : { intent: "update", shipmentId: editing.id, ...values }, {
                method: "post",
                action: url,
              })
            }
          />
        ) : null}
      </BlockStack>
    </Card>
  );
}

function ShipmentForm({
  shipment,
  errors,
  busy,
  onCancel,
  onSave,
}: {
  shipment: ShipmentView | null;
  errors: Record<string, string>;
  busy: boolean;
  onCancel: () => void;
  onSave: (values: Record<string, string>) => void;
}) {
  const known = CARRIERS.some((carrier) => carrier.name === shipment?.carrier);
  const [values, setValues] = useState(
    shipment
      ? {
          carrier: !shipment.carrier ? "" : known ? shipment.carrier : OTHER,
          otherCarrier: known ? "" : (shipment.carrier ?? ""),
          trackingNumber: shipment.trackingNumber ?? "",
          estimatedArrivalAt: shipment.estimatedArrivalAt ?? "",
          arrivedAt: shipment.arrivedAt ?? "",
          note: shipment.note ?? "",
        }
      : BLANK,
  );
  const set = (name: keyof typeof values) => (value: string) => setValues((current) => ({ ...current, [name]: value }));
  const { otherCarrier, ...rest } = values;
  const dirty = useChangedSinceMount(values);
  const save = () => onSave({ ...rest, carrier: values.carrier === OTHER ? otherCarrier : values.carrier });
  return (
    <BlockStack gap="200">
      <UnsavedChanges dirty={dirty} saving={busy} onSave={save} onDiscard={onCancel} />
      <InlineGrid columns={2} gap="200">
        <Select
          label="Carrier"
          value={values.carrier}
          onChange={set("carrier")}
          options={[
            { label: "Choose", value: "" },
            ...CARRIERS.map((carrier) => ({ label: carrier.name, value: carrier.name })),
            { label: "Other", value: OTHER },
          ]}
          error={values.carrier === OTHER ? undefined : errors.carrier}
        />
        {values.carrier === OTHER ? (
          <TextField label="Carrier name" value={otherCarrier} onChange={set("otherCarrier")} autoComplete="off" error={errors.carrier} />
        ) : null}
      </InlineGrid>
      <TextField
        label="Tracking number"
        value={values.trackingNumber}
        onChange={set("trackingNumber")}
        autoComplete="off"
        error={errors.trackingNumber}
      />
      <InlineGrid columns={2} gap="200">
        <TextField
          label="Estimated arrival"
          type="date"
          value={values.estimatedArrivalAt}
          onChange={set("estimatedArrivalAt")}
          autoComplete="off"
          error={errors.estimatedArrivalAt}
        />
        <TextField label="Arrived" type="date" value={values.arrivedAt} onChange={set("arrivedAt")} autoComplete="off" error={errors.arrivedAt} />
      </InlineGrid>
      <TextField label="Shipment note" value={values.note} onChange={set("note")} autoComplete="off" error={errors.note} />
      <InlineStack align="end" gap="200">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" loading={busy} onClick={save}>
          Save shipment
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
