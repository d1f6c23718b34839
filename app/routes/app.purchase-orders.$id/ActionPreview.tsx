import { BlockStack, InlineStack, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { useBlockConfirm, useDismissConfirm } from "~/components/ActionFeedback";
import { ChangeSummary } from "~/components/ChangeSummary";
import { RefusalBanner } from "~/components/Refusal";
import { useOnEachNew } from "~/components/use-on-each-new";

import type { PreviewResult } from "../app.purchase-orders.$id.preview";

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
  onFieldErrors,
  onFix,
}: {
  orderId: string;
  /** The action's form fields (intent, version, and what the form holds). */
  fields: Record<string, string>;
  intro?: string;
  locationNames: Record<string, string>;
  /** A form's values refused before anything is done: the form marks its fields with these. */
  onFieldErrors?: (errors: Record<string, string>) => void;
  /** A fix that puts a field in focus: the page shows the field first (it may sit in a closed panel). */
  onFix?: (field: string) => void;
}) {
  const dismiss = useDismissConfirm();
  const [result, setResult] = useState<PreviewResult | { ok: false; failed: string } | null>(null);
  // Only what the form holds: a receipt of a large order sends its filled fields, not every empty one.
  const query = new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== "")).toString();
  useEffect(() => {
    // Read once, with fetch rather than a fetcher: Remix would load a fetcher's preview again after
    // every action on the page, long after this confirmation was answered.
    let current = true;
    fetch(`/app/purchase-orders/${orderId}/preview?${query}`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`The preview failed (HTTP ${response.status}). Close this and try again.`);
        return (await response.json()) as PreviewResult;
      })
      .then(
        (preview) => current && setResult(preview),
        (error: Error) => current && setResult({ ok: false, failed: error.message }),
      );
    return () => {
      current = false;
    };
  }, [orderId, query]);
  useBlockConfirm(!result?.ok);
  useOnEachNew(result, (answer) => {
    if (answer && !answer.ok && "refusal" in answer && Object.keys(answer.refusal.fieldErrors).length > 0)
      onFieldErrors?.(answer.refusal.fieldErrors);
  });

  return (
    <BlockStack gap="300">
      {intro ? <Text as="p">{intro}</Text> : null}
      {!result ? (
        <InlineStack gap="200" blockAlign="center">
          <Spinner size="small" accessibilityLabel="Working out what will happen" />
          <Text as="span" tone="subdued">
            Working out what will happen…
          </Text>
        </InlineStack>
      ) : !result.ok && "failed" in result ? (
        <Text as="p" tone="critical">
          {result.failed}
        </Text>
      ) : !result.ok ? (
        <RefusalBanner
          refusal={result.refusal}
          // What has no field on the form (the receipt as a whole) is said here; the rest is marked on the form.
          details={Object.entries(result.refusal.fieldErrors)
            .filter(([field]) => !field.includes("."))
            .map(([, message]) => message)
            .filter((message) => message !== result.refusal.message)}
          beforeFocus={(focus) =>
            dismiss(() => {
              const fix = result.refusal.fix;
              if (!fix || !("focus" in fix) || !onFix) return focus();
              onFix(fix.focus);
              focus();
            })
          }
        />
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
