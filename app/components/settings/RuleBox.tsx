import { BlockStack, Box, Button, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** One rule in a list of rules: a titled, outlined group with its remove button. */
export function RuleBox({ title, onRemove, children }: { title: string; onRemove: () => void; children: ReactNode }) {
  return (
    <div role="group" aria-label={title}>
      <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {title}
            </Text>
            <Button variant="plain" tone="critical" onClick={onRemove} accessibilityLabel={`Remove ${title.toLowerCase()}`}>
              Remove
            </Button>
          </InlineStack>
          {children}
        </BlockStack>
      </Box>
    </div>
  );
}
