import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";

import { useDownload } from "~/components/download";

/** The order's documents for the supplier: the PO PDF and its lines as CSV or XLSX. */
export function DocumentsCard({ orderId, orderName }: { orderId: string; orderName: string }) {
  const download = useDownload();
  const fetch = (path: string, fallbackName: string) => void download(`/app/purchase-orders/${orderId}/${path}`, fallbackName);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Purchase order PDF and exports
        </Text>
        <InlineStack gap="200">
          <Button onClick={() => fetch("document.pdf", `${orderName}.pdf`)}>Download PDF</Button>
          <Button onClick={() => fetch("lines?format=csv", `${orderName}-lines.csv`)}>Export lines (CSV)</Button>
          <Button onClick={() => fetch("lines?format=xlsx", `${orderName}-lines.xlsx`)}>Export lines (XLSX)</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
