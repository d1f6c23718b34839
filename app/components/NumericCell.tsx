import { IndexTable, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** A right-aligned, tabular-figures cell for quantities and amounts. */
export function NumericCell({ children }: { children: ReactNode }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {children}
      </Text>
    </IndexTable.Cell>
  );
}
