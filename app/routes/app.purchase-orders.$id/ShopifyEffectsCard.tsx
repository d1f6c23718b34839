import { Form, useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useRef, useState, type FormEvent } from "react";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { RefusalBanner } from "~/components/Refusal";
import type { FieldErrors } from "~/domain/errors";
import type { EffectKind } from "~/domain/effects";

import type { action } from "../app.purchase-orders.$id.effects";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

const STATUS_TONE = { staged: "attention", sent: "info", applied: "success", failed: "critical", superseded: undefined } as const;
const STATUS_LABEL = { staged: "Queued", sent: "Sending", applied: "Applied", failed: "Failed", superseded: "Replaced by reconciliation" } as const;
const KIND_LABEL: Record<EffectKind, string> = {
  adjust_incoming: "Incoming stock",
  adjust_on_hand: "On hand (received)",
  add_tags: "Product tags added",
  remove_tags: "Product tags removed",
  set_metafields: "Metafields written",
  update_unit_costs: "Unit costs (completing)",
};

interface AdjustableLine {
  id: string;
  title: string;
  sku: string | null;
  inventoryItemId: string | null;
}

/**
 * What this order changed in Shopify: each staged effect and whether the worker applied it (the
 * page reads them again while any is on its way); a failed effect shows Shopify's message and a retry.
 */
export function ShopifyEffectsCard({
  orderId,
  effects,
  version,
  adjustableLines,
  errors,
  onAdjustIncoming,
}: {
  orderId: string;
  effects: OrderView["effects"];
  version: number;
  /** Lines whose stuck incoming can be corrected (a completed or cancelled order); empty otherwise. */
  adjustableLines: AdjustableLine[];
  errors: FieldErrors;
  /** Asks first (what Shopify's incoming becomes), then submits. */
  onAdjustIncoming: (event: FormEvent<HTMLFormElement>) => void;
}) {
  const url = `/app/purchase-orders/${orderId}/effects`;
  const retry = useFetcher<typeof action>();
  const confirm = useConfirm();
  useResultToast(retry.data, (data) => (data.ok ? data.message : null));
  const list = effects;
  return (
    <Card>
      <BlockStack gap="200">
        <PanelHeading title="Shopify" />
        {list.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing sent to Shopify yet: incoming stock is pushed when the order is sent.
          </Text>
        ) : (
          list.map((effect) => (
            <BlockStack key={effect.id} gap="100">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="span">
                  {KIND_LABEL[effect.kind as EffectKind] ?? effect.kind} · {effect.changes} change{effect.changes === 1 ? "" : "s"}
                </Text>
                <span data-effect-status={effect.status}>
                  <Badge tone={STATUS_TONE[effect.status as keyof typeof STATUS_TONE]}>
                    {STATUS_LABEL[effect.status as keyof typeof STATUS_LABEL] ?? effect.status}
                  </Badge>
                </span>
              </InlineStack>
              {effect.lastError ? (
                <Text as="p" tone={effect.status === "failed" ? "critical" : "subdued"} variant="bodySm" breakWord>
                  {effect.lastError}
                </Text>
              ) : null}
              {/* A completion's unit costs are not retried: Complete is asked again. */}
              {effect.status === "failed" && effect.kind !== "update_unit_costs" ? (
                <InlineStack align="end">
                  <Button
                    onClick={() =>
                      confirm({
                        title: "Send this change to Shopify again?",
                        body: (
                          <Text as="p">
                            {`${KIND_LABEL[effect.kind as EffectKind] ?? effect.kind} · ${effect.changes} change${effect.changes === 1 ? "" : "s"} goes to Shopify again. Fix what Shopify refused first (above); Shopify applies it once even if it was applied before.`}
                          </Text>
                        ),
                        confirmLabel: "Retry",
                        onConfirm: () => retry.submit({ effectId: effect.id }, { method: "post", action: url }),
                      })
                    }
                  >
                    Retry
                  </Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          ))
        )}
        {retry.data && !retry.data.ok ? <RefusalBanner refusal={retry.data} /> : null}
        {adjustableLines.some((line) => line.inventoryItemId) ? (
          <IncomingAdjustmentForm key={version} version={version} lines={adjustableLines} errors={errors} onSubmit={onAdjustIncoming} />
        ) : null}
      </BlockStack>
    </Card>
  );
}

/**
 * Recovery on a completed or cancelled order: Shopify still shows incoming for it (an effect
 * lost before this app tracked it, or changed by hand). The change is sent for this order's
 * ledger document, so Shopify can never take it below zero.
 */
function IncomingAdjustmentForm({
  version,
  lines,
  errors,
  onSubmit,
}: {
  version: number;
  lines: AdjustableLine[];
  errors: FieldErrors;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}) {
  const options = lines.flatMap((line) =>
    line.inventoryItemId ? [{ label: line.sku ? `${line.sku} · ${line.title}` : line.title, value: line.inventoryItemId }] : [],
  );
  const [item, setItem] = useState(options[0]?.value ?? "");
  const [delta, setDelta] = useState("");
  const form = useRef<HTMLFormElement>(null);
  return (
    <Form method="post" onSubmit={onSubmit} ref={form}>
      <input type="hidden" name="intent" value="adjust_incoming" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="inventoryItemId" value={item} />
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          Correct stuck incoming
        </Text>
        <Select label="Item" options={options} value={item} onChange={setItem} error={errors.inventoryItemId} />
        <TextField
          label="Change to incoming"
          name="delta"
          type="number"
          autoComplete="off"
          value={delta}
          onChange={setDelta}
          helpText="Negative removes incoming this order still holds in Shopify, e.g. -3."
          error={errors.delta ?? errors.locationId}
        />
        <InlineStack align="end">
          <Button submit>Adjust incoming</Button>
        </InlineStack>
      </BlockStack>
      {/* Saved by the same submit (which asks first); the form starts blank once the order changes. */}
      <UnsavedChanges dirty={delta.trim() !== ""} onSave={() => form.current?.requestSubmit()} onDiscard={() => setDelta("")} />
    </Form>
  );
}
