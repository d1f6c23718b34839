import { BlockStack, Button, Card, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";

import type { FieldErrors } from "~/domain/errors";
import { MAX_TAG_RULES, type TagRemovalPolicy, type TagRule } from "~/domain/settings";

import { RuleBox } from "./RuleBox";
import { StatusPicker } from "./StatusPicker";

const NEW_RULE: TagRule = { tag: "", applyStatuses: ["sent"], removeStatuses: ["completed", "cancelled"], removalPolicy: "protected" };

const POLICY_OPTIONS: { value: TagRemovalPolicy; label: string }[] = [
  { value: "protected", label: "Protected" },
  { value: "always", label: "Always" },
];

const POLICY_HELP: Record<TagRemovalPolicy, string> = {
  protected: "Removed only when no other active purchase order still holds the product.",
  always: "Removed as soon as this order enters a remove status, even if another order holds the product.",
};

/** The product tag rules; edits go to the page's draft, saved with everything else. */
export function TagRulesCard({
  rules,
  errors,
  onChange,
  onAddOrRemove,
}: {
  rules: TagRule[];
  errors: FieldErrors;
  onChange: (rules: TagRule[]) => void;
  /** Adding or removing a rule renumbers the rules, so errors shown so far no longer match. */
  onAddOrRemove: () => void;
}) {
  const update = (index: number, change: Partial<TagRule>) => onChange(rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)));
  return (
    <Card>
      <BlockStack gap="300">
        {rules.length === 0 ? (
          <Text as="p" tone="subdued">
            No tag rules: Inbound leaves product tags alone.
          </Text>
        ) : null}
        {rules.map((rule, index) => {
          const path = `tagRules.${index}`;
          return (
            <RuleBox
              key={index}
              title={`Tag rule ${index + 1}`}
              onRemove={() => {
                onChange(rules.filter((_, at) => at !== index));
                onAddOrRemove();
              }}
            >
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                <TextField
                  label="Tag"
                  value={rule.tag}
                  onChange={(tag) => update(index, { tag })}
                  autoComplete="off"
                  placeholder="on-purchase-order"
                  error={errors[`${path}.tag`]}
                />
                <Select
                  label="Removal"
                  options={POLICY_OPTIONS}
                  value={rule.removalPolicy}
                  onChange={(value) => update(index, { removalPolicy: value as TagRemovalPolicy })}
                  helpText={POLICY_HELP[rule.removalPolicy]}
                  error={errors[`${path}.removalPolicy`]}
                />
                <StatusPicker
                  label="Apply statuses"
                  selected={rule.applyStatuses}
                  onChange={(applyStatuses) => update(index, { applyStatuses })}
                  helpText="Entering one of these adds the tag to every product on the order."
                  error={errors[`${path}.applyStatuses`]}
                />
                <StatusPicker
                  label="Remove statuses"
                  selected={rule.removeStatuses}
                  onChange={(removeStatuses) => update(index, { removeStatuses })}
                  helpText="Entering one of these removes it again."
                  error={errors[`${path}.removeStatuses`]}
                />
              </InlineGrid>
            </RuleBox>
          );
        })}
        {errors.tagRules ? <InlineError message={errors.tagRules} fieldID="tagRules" /> : null}
        <InlineStack>
          <Button
            disabled={rules.length >= MAX_TAG_RULES}
            onClick={() => {
              onChange([...rules, structuredClone(NEW_RULE)]);
              onAddOrRemove();
            }}
          >
            Add tag rule
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
