import { BlockStack, Box, Icon, Text } from "@shopify/polaris";
import { CheckCircleIcon } from "@shopify/polaris-icons";
import type { ReactNode } from "react";

/**
 * What a list with nothing in it says, inside its card: what the merchant would see here and
 * what to do (or that nothing needs doing). No illustration: that belongs to a screen's first
 * use, not to a log that is empty or a check that found nothing wrong. `success` marks a
 * finding that is good news.
 */
export function EmptyListNote({
  heading,
  lines,
  action,
  tone,
}: {
  heading: string;
  /** Short paragraphs: what appears here, then what to do. */
  lines: readonly string[];
  action?: ReactNode;
  tone?: "success";
}) {
  return (
    <Box padding="600">
      <BlockStack gap="200" inlineAlign="center">
        {tone === "success" ? (
          <span>
            <Icon source={CheckCircleIcon} tone="success" accessibilityLabel="Good" />
          </span>
        ) : null}
        <Text as="h3" variant="headingMd" alignment="center">
          {heading}
        </Text>
        <Box maxWidth="36rem">
          <BlockStack gap="100">
            {lines.map((line) => (
              <Text as="p" tone="subdued" alignment="center" key={line}>
                {line}
              </Text>
            ))}
          </BlockStack>
        </Box>
        {action}
      </BlockStack>
    </Box>
  );
}
