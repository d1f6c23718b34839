import { json } from "@remix-run/node";
import { useAppBridge } from "@shopify/app-bridge-react";
import { BlockStack, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { useState } from "react";

import { env } from "~/env.server";

/**
 * A demo-only page that drives App Bridge's resource picker and toast directly, for end-to-end
 * tests of the stand-in itself (tests/e2e/15-app-bridge.spec.ts); screens use them through their
 * own flows. Not found outside demo mode.
 */
export function loader() {
  if (!env.demo) throw new Response("Not found", { status: 404 });
  return json({});
}

type Selection = Awaited<ReturnType<ReturnType<typeof useAppBridge>["resourcePicker"]>>;

export default function AppBridgeHarness() {
  const shopify = useAppBridge();
  const [selection, setSelection] = useState<Selection | "pending">("pending");
  const pick = async (type: "product" | "variant") => setSelection(await shopify.resourcePicker({ type, multiple: true, action: "add" }));

  return (
    <Page title="App Bridge stand-in" subtitle="Demo only: drives the stand-in's resource picker and toast.">
      <Card>
        <BlockStack gap="300">
          <InlineStack gap="200">
            <Button onClick={() => void pick("product")}>Pick products</Button>
            <Button onClick={() => void pick("variant")}>Pick variants</Button>
            <Button onClick={() => shopify.toast.show("Hello from App Bridge")}>Show a toast</Button>
          </InlineStack>
          <Text as="p" tone="subdued">
            Selection:
          </Text>
          <pre data-selection>{selection === "pending" ? "" : JSON.stringify(selection ?? null, null, 2)}</pre>
        </BlockStack>
      </Card>
    </Page>
  );
}
