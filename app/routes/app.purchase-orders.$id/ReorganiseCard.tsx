import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { RefusalBanner } from "~/components/Refusal";

import type { action } from "../app.purchase-orders.$id.reorganise";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

/** Split the order by supplier, or move pending lines into another open order. */
export function ReorganiseCard({
  orderId,
  lines,
  targets,
}: {
  orderId: string;
  lines: Array<{ id: string; title: string; pending: number }>;
  /** The open orders lines can move to. */
  targets: OrderView["moveTargets"];
}) {
  const url = `/app/purchase-orders/${orderId}/reorganise`;
  const change = useFetcher<typeof action>();
  const [targetId, setTargetId] = useState("");
  const [selected, setSelected] = useState<string[]>([]);
  const confirm = useConfirm();
  useResultToast(change.data, (data) => (data.ok ? data.message : null));

  const movable = lines.filter((line) => line.pending > 0);
  const options = targets;
  return (
    <Card>
      <BlockStack gap="300">
        <PanelHeading title="Reorganise" />
        {change.data && !change.data.ok ? <RefusalBanner refusal={change.data} /> : null}
        <InlineStack align="space-between" blockAlign="center">
          <Text as="p" tone="subdued">
            Lines another supplier lists move to a new draft for that supplier.
          </Text>
          <Button
            onClick={() =>
              confirm({
                title: "Split the order by supplier?",
                body: (
                  <Text as="p">
                    Lines that another supplier lists in its catalogue leave this order for a new draft for that supplier, at that supplier&apos;s
                    cost. There is no undo: lines can be moved back one by one.
                  </Text>
                ),
                confirmLabel: "Split by supplier",
                onConfirm: () => change.submit({ intent: "split" }, { method: "post", action: url }),
              })
            }
            loading={change.state !== "idle"}
          >
            Split by supplier
          </Button>
        </InlineStack>
        <change.Form
          method="post"
          action={url}
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const target = options.find((candidate) => candidate.id === targetId)?.label ?? "the chosen order";
            const moving = movable.filter((line) => selected.includes(line.id));
            confirm({
              title: `Move ${moving.length} line${moving.length === 1 ? "" : "s"} to ${target}?`,
              body: (
                <Text as="p">{`${moving.map((line) => `${line.title} (${line.pending})`).join(", ")}: the pending quantities leave this order for ${target}, and Shopify's incoming follows.`}</Text>
              ),
              confirmLabel: "Move lines",
              onConfirm: () => change.submit(form, { method: "post", action: url }),
            });
          }}
        >
          <input type="hidden" name="intent" value="move" />
          <BlockStack gap="200">
            {movable.map((line) => (
              <Checkbox
                key={line.id}
                label={`${line.title} (${line.pending} pending)`}
                name="lineId"
                value={line.id}
                checked={selected.includes(line.id)}
                onChange={(checked) => setSelected((current) => (checked ? [...current, line.id] : current.filter((id) => id !== line.id)))}
              />
            ))}
            <Select
              label="Move to"
              name="targetId"
              value={targetId}
              onChange={setTargetId}
              options={[
                { label: options.length ? "Choose an order" : "No other open orders", value: "" },
                ...options.map((target) => ({ label: target.label, value: target.id })),
              ]}
            />
            <InlineStack align="end">
              <Button submit disabled={!targetId || selected.length === 0}>
                Move pending quantities
              </Button>
            </InlineStack>
          </BlockStack>
        </change.Form>
      </BlockStack>
    </Card>
  );
}
