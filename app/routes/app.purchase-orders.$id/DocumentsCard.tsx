import { Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";

import { downloadFromApp } from "~/components/download";

/** The order's documents for the supplier: the PO PDF and its lines as CSV or XLSX. */
export function DocumentsCard({ orderId, orderName }: { orderId: string; orderName: string }) {
  const [failure, setFailure] = useState<string | null>(null);
  const download = (path: string, fallbackName: string) => {
    setFailure(null);
    downloadFromApp(`/app/purchase-orders/${orderId}/${path}`, fallbackName).catch((error: Error) => setFailure(error.message));
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Purchase order PDF and exports
        </Text>
        {failure ? (
          <Banner tone="critical">
            <p>{failure}</p>
          </Banner>
        ) : null}
        <InlineStack gap="200">
          <Button onClick={() => download("document.pdf", `${orderName}.pdf`)}>Download PDF</Button>
          <Button onClick={() => download("lines?format=csv", `${orderName}-lines.csv`)}>Export lines (CSV)</Button>
          <Button onClick={() => download("lines?format=xlsx", `${orderName}-lines.xlsx`)}>Export lines (XLSX)</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
