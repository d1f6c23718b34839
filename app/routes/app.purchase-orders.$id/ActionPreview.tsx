import { useFetcher } from "@remix-run/react";
import { BlockStack, InlineStack, Spinner, Text } from "@shopify/polaris";
import { useEffect } from "react";

import { useBlockConfirm, useDismissConfirm } from "~/components/ActionFeedback";
import { ChangeSummary } from "~/components/ChangeSummary";
import { RefusalBanner } from "~/components/Refusal";

import type { loader } from "../app.purchase-orders.$id.preview";

/**
 * A lifecycle action's confirmation body: what it will do, as the server decides and plans it
 * (app/routes/app.purchase-orders.$id.preview.tsx), or why it would be refused, in which case
 * the confirm button stays disabled and the fix is offered instead.
 */
export function ActionPreview({
  orderId,
  fields,
  intro,
  locationNames,
}: {
  orderId: string;
  /** The action's form fields (intent, version, and what the form holds). */
  fields: Record<string, string>;
  intro?: string;
  locationNames: Record<string, string>;
}) {
  const fetcher = useFetcher<typeof loader>();
  const dismiss = useDismissConfirm();
  // Only what the form holds: a receipt of a large order sends its filled fields, not every empty one.
  const query = new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== "")).toString();
  const { load } = fetcher;
  useEffect(() => {
    load(`/app/purchase-orders/${orderId}/preview?${query}`);
  }, [load, orderId, query]);
  const result = fetcher.data;
  useBlockConfirm(fetcher.state !== "idle" || !result?.ok);

  return (
    <BlockStack gap="300">
      {intro ? <Text as="p">{intro}</Text> : null}
      {fetcher.state !== "idle" || !result ? (
        <InlineStack gap="200" blockAlign="center">
          <Spinner size="small" accessibilityLabel="Working out what will happen" />
          <Text as="span" tone="subdued">
            Working out what will happen…
          </Text>
        </InlineStack>
      ) : !result.ok ? (
        <RefusalBanner refusal={result.refusal} beforeFocus={(focus) => dismiss(focus)} />
      ) : (
        <>
          {result.preview.email ? (
            <Text as="p">
              {`The purchase order is emailed to ${result.preview.email.to.join(", ")}${
                result.preview.email.cc.length > 0 ? `, with copies to ${result.preview.email.cc.join(", ")}` : ""
              }. An email cannot be taken back.`}
            </Text>
          ) : null}
          <ChangeSummary preview={result.preview} heading="What will happen" locationNames={locationNames} />
        </>
      )}
    </BlockStack>
  );
}
