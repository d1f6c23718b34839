import { Banner, BlockStack, Button, Form, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

const FIELD_ID = "receiving-scan";

/** What the last scan did: counted a unit on a line, or found nothing (the code is kept for a look-up). */
export type ScanOutcome =
  | { kind: "counted"; sequence: number; code: string; title: string; count: number; expected: number; returned: boolean }
  | { kind: "unknown"; sequence: number; code: string };

/**
 * The scanner's field. A hardware scanner types the code and presses Enter; every Enter is one
 * unit. The confirmation is visual only (the warehouse may be loud, the tablet muted): a banner
 * naming what was counted, while the line itself lights up.
 */
export function ScanField({
  onScan,
  last,
  onLookUp,
  lookingUp,
}: {
  onScan: (code: string) => void;
  last: ScanOutcome | null;
  onLookUp: (code: string) => void;
  lookingUp: boolean;
}) {
  const [code, setCode] = useState("");
  // After a tap on a button the field has lost focus, and a scanner would type into nothing:
  // a key pressed outside any field brings the focus back here (the key lands in the field).
  useEffect(() => {
    const refocus = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
      if (target?.closest("input, textarea, select, [contenteditable]")) return;
      document.getElementById(FIELD_ID)?.focus();
    };
    document.addEventListener("keydown", refocus);
    return () => document.removeEventListener("keydown", refocus);
  }, []);
  const submit = () => {
    if (!code.trim()) return;
    onScan(code.trim());
    setCode("");
  };
  return (
    <Form onSubmit={submit}>
      <BlockStack gap="200">
        <TextField
          id={FIELD_ID}
          label="Scan a barcode or type a SKU"
          value={code}
          onChange={setCode}
          autoComplete="off"
          autoFocus
          placeholder="Scan, or type and press Enter"
          helpText="Each scan counts one unit on the matching line."
          connectedRight={<Button submit>Count</Button>}
          error={last?.kind === "unknown" ? `No line on this order has the barcode or SKU "${last.code}"` : undefined}
        />
        {/* Polite live region: screen readers hear each count without the field losing focus. */}
        <div aria-live="polite">
          {last?.kind === "counted" ? (
            <Banner key={last.sequence} tone={last.returned ? "warning" : last.count > last.expected ? "warning" : "success"}>
              <Text as="p" fontWeight="semibold">
                {`+1 ${last.code}`}
              </Text>
              <Text as="p">
                {last.title} · {last.returned ? `${last.count} returned` : `${last.count} of ${last.expected} delivered`}
                {!last.returned && last.count > last.expected ? " (more than expected)" : ""}
              </Text>
            </Banner>
          ) : null}
          {last?.kind === "unknown" ? (
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" tone="subdued">
                A variant the order does not have?
              </Text>
              <Button variant="plain" onClick={() => onLookUp(last.code)} loading={lookingUp}>
                {`Look up "${last.code}" in Shopify`}
              </Button>
            </InlineStack>
          ) : null}
        </div>
      </BlockStack>
    </Form>
  );
}
