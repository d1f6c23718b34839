import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";

import type { action, loader } from "../app.purchase-orders.$id.effects";

const STATUS_TONE = { staged: "attention", applied: "success", failed: "critical" } as const;
const KIND_LABEL: Record<string, string> = { adjust_incoming: "Incoming stock" };

/**
 * What this order changed in Shopify: each staged effect and whether the worker applied it.
 * Polls while anything is still waiting; a failed effect shows Shopify's message and a retry.
 */
export function ShopifyEffectsCard({ orderId, version }: { orderId: string; version: number }) {
  const url = `/app/purchase-orders/${orderId}/effects`;
  const effects = useFetcher<typeof loader>();
  const retry = useFetcher<typeof action>();
  const { load } = effects;
  const waiting = effects.data?.effects.some((effect) => effect.status === "staged") ?? false;

  useEffect(() => {
    load(url);
  }, [load, url, version, retry.data]);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => load(url), 1500);
    return () => clearTimeout(timer);
  }, [waiting, load, url, effects.data]);

  const list = effects.data?.effects ?? [];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Shopify
        </Text>
        {list.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing sent to Shopify yet: incoming stock is pushed when the order is sent.
          </Text>
        ) : (
          list.map((effect) => (
            <BlockStack key={effect.id} gap="100">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="span">
                  {KIND_LABEL[effect.kind] ?? effect.kind} · {effect.changes} change{effect.changes === 1 ? "" : "s"}
                </Text>
                <span data-effect-status={effect.status}>
                  <Badge tone={STATUS_TONE[effect.status as keyof typeof STATUS_TONE]}>
                    {effect.status === "staged" ? "Queued" : effect.status === "applied" ? "Applied" : "Failed"}
                  </Badge>
                </span>
              </InlineStack>
              {effect.lastError ? (
                <Text as="p" tone={effect.status === "failed" ? "critical" : "subdued"} variant="bodySm">
                  {effect.lastError}
                </Text>
              ) : null}
              {effect.status === "failed" ? (
                <InlineStack align="end">
                  <Button onClick={() => retry.submit({ effectId: effect.id }, { method: "post", action: url })}>Retry</Button>
                </InlineStack>
              ) : null}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
