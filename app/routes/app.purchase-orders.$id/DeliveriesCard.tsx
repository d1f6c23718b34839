import { Badge, BlockStack, Button, Card, InlineStack, Link, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { useDownload } from "~/components/download";
import { LABEL_FORMAT_OPTIONS } from "~/components/settings/LabelFormatSelect";

import type { OrderView } from "./route";

/**
 * The order's deliveries: each with its status, counts and delivery note files, and the way back
 * to an open draft on the receiving screen (the header's Receive opens it too).
 */
export function DeliveriesCard({
  order,
  onCreditReturns,
  onSaveNote,
  noteError,
  busy,
}: {
  order: Pick<OrderView, "id" | "deliveries">;
  /** Creates the supplier credit for a submitted delivery's returned goods (the merchant's choice). */
  onCreditReturns: (delivery: { id: string; number: number; returned: number }) => void;
  /** A submitted delivery's lines are frozen; its note is not. */
  onSaveNote: (deliveryId: string, note: string) => void;
  noteError: string | undefined;
  busy: boolean;
}) {
  const receiveUrl = `/app/purchase-orders/${order.id}/receive`;
  const openDraft = order.deliveries.find((delivery) => delivery.status === "draft");
  const download = useDownload();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Deliveries
          </Text>
          {openDraft ? <Button url={receiveUrl}>{`Continue delivery #${openDraft.number}`}</Button> : null}
        </InlineStack>
        {order.deliveries.map((delivery) => (
          <BlockStack key={delivery.id} gap="100">
            <InlineStack gap="200" blockAlign="center">
              {delivery.status === "draft" ? (
                <Link url={receiveUrl}>{`Delivery #${delivery.number}`}</Link>
              ) : (
                <Text as="span" fontWeight="semibold">{`Delivery #${delivery.number}`}</Text>
              )}
              <Badge tone={delivery.status === "draft" ? "info" : "success"}>{delivery.status === "draft" ? "Draft" : "Submitted"}</Badge>
            </InlineStack>
            <Text as="p" tone="subdued" variant="bodySm">
              {[
                delivery.date ? new Date(delivery.date).toLocaleDateString("en-US", { timeZone: "UTC" }) : null,
                `${delivery.delivered} delivered`,
                delivery.returned > 0 ? `${delivery.returned} returned` : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </Text>
            {delivery.status === "submitted" && delivery.returned > 0 ? (
              delivery.credited ? (
                <Text as="p" variant="bodySm">
                  Returns credited by the supplier
                </Text>
              ) : (
                <InlineStack>
                  <Button variant="plain" disabled={busy} onClick={() => onCreditReturns(delivery)}>
                    Create a supplier credit for the returned goods
                  </Button>
                </InlineStack>
              )
            ) : null}
            {delivery.status === "submitted" ? (
              <DeliveryNote
                number={delivery.number}
                note={delivery.note}
                error={noteError}
                busy={busy}
                onSave={(note) => onSaveNote(delivery.id, note)}
              />
            ) : null}
            {delivery.files.map((file) => (
              <Link
                key={file.id}
                onClick={() => void download(`/app/purchase-orders/${order.id}/deliveries/${delivery.id}/files/${file.id}`, file.fileName)}
              >
                {file.fileName}
              </Link>
            ))}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function DeliveryNote(props: { number: number; note: string; error: string | undefined; busy: boolean; onSave: (note: string) => void }) {
  const [note, setNote] = useState(props.note);
  return (
    <InlineStack gap="200" blockAlign="end" wrap={false}>
      <div style={{ flexGrow: 1 }}>
        <TextField label={`Note on delivery #${props.number}`} value={note} onChange={setNote} autoComplete="off" error={props.error} />
      </div>
      <Button disabled={props.busy || note === props.note} onClick={() => props.onSave(note)}>
        Save note
      </Button>
    </InlineStack>
  );
}

/** Labels for what was received (or ordered), one per unit or per line, in a chosen format. */
export function LabelsRow({ orderId, defaultSource }: { orderId: string; defaultSource: "received" | "ordered" }) {
  const [source, setSource] = useState<string>(defaultSource);
  const [per, setPer] = useState("unit");
  const [format, setFormat] = useState("");
  const query = new URLSearchParams({ source, per, ...(format ? { format } : {}) });
  const download = useDownload();
  return (
    <InlineStack gap="200" blockAlign="end">
      <Select
        label="Labels for"
        options={[
          { label: "Received", value: "received" },
          { label: "Ordered", value: "ordered" },
        ]}
        value={source}
        onChange={setSource}
      />
      <Select
        label="One label per"
        options={[
          { label: "Unit", value: "unit" },
          { label: "Line", value: "line" },
        ]}
        value={per}
        onChange={setPer}
      />
      <Select label="Format" options={[{ label: "Default (Settings)", value: "" }, ...LABEL_FORMAT_OPTIONS]} value={format} onChange={setFormat} />
      <Button onClick={() => void download(`/app/purchase-orders/${orderId}/labels?${query.toString()}`, "labels")}>Print labels</Button>
    </InlineStack>
  );
}
