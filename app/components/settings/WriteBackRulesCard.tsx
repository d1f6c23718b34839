import { BlockStack, Button, Card, InlineError, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";

import type { FieldErrors } from "~/domain/errors";
import { MAX_WRITE_BACK_RULES, WRITE_BACK_FIELDS, type MetafieldOwner, type WriteBackField, type WriteBackRule } from "~/domain/settings";

import { RuleBox } from "./RuleBox";
import { StatusPicker } from "./StatusPicker";

const FIELD_LABELS: Record<WriteBackField, string> = {
  expectedArrivalAt: "Expected arrival",
  number: "PO number",
  status: "Status",
  supplierName: "Supplier name",
  reference: "Reference",
};

const FIELD_OPTIONS = (Object.keys(WRITE_BACK_FIELDS) as WriteBackField[]).map((field) => ({
  value: field,
  label: `${FIELD_LABELS[field]} (${WRITE_BACK_FIELDS[field]})`,
}));

const KIND_OPTIONS: { value: WriteBackRule["kind"]; label: string }[] = [
  { value: "value", label: "Value from the order" },
  { value: "boolean", label: "TRUE / FALSE by status" },
];

const OWNER_OPTIONS: { value: MetafieldOwner; label: string }[] = [
  { value: "product", label: "Product" },
  { value: "variant", label: "Variant" },
];

const NEW_RULE: WriteBackRule = {
  kind: "value",
  namespace: "inbound",
  key: "",
  owner: "product",
  field: "expectedArrivalAt",
  triggerStatuses: ["sent"],
};

/** The same metafield as the other kind of rule, with that kind's starting statuses. */
function withKind(rule: WriteBackRule, kind: WriteBackRule["kind"]): WriteBackRule {
  const { namespace, key, owner } = rule;
  if (rule.kind === kind) return rule;
  return kind === "boolean"
    ? { kind, namespace, key, owner, trueStatuses: ["sent"], falseStatuses: ["completed", "cancelled"] }
    : { kind, namespace, key, owner, field: "expectedArrivalAt", triggerStatuses: ["sent"] };
}

/** The write-back metafield rules; edits go to the page's draft, saved with everything else. */
export function WriteBackRulesCard({
  rules,
  errors,
  onChange,
  onAddOrRemove,
}: {
  rules: WriteBackRule[];
  errors: FieldErrors;
  onChange: (rules: WriteBackRule[]) => void;
  /** Adding or removing a rule renumbers the rules, so errors shown so far no longer match. */
  onAddOrRemove: () => void;
}) {
  const replace = (index: number, next: WriteBackRule) => onChange(rules.map((rule, at) => (at === index ? next : rule)));
  return (
    <Card>
      <BlockStack gap="300">
        {rules.length === 0 ? (
          <Text as="p" tone="subdued">
            No write-back rules: Inbound writes no metafields.
          </Text>
        ) : null}
        {rules.map((rule, index) => {
          const path = `writeBackRules.${index}`;
          const error = (name: string) => errors[`${path}.${name}`];
          return (
            <RuleBox
              key={index}
              title={`Write-back rule ${index + 1}`}
              onRemove={() => {
                onChange(rules.filter((_, at) => at !== index));
                onAddOrRemove();
              }}
            >
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                <Select
                  label="Kind"
                  options={KIND_OPTIONS}
                  value={rule.kind}
                  onChange={(kind) => replace(index, withKind(rule, kind as WriteBackRule["kind"]))}
                  error={error("kind")}
                />
                <Select
                  label="Owner"
                  options={OWNER_OPTIONS}
                  value={rule.owner}
                  onChange={(owner) => replace(index, { ...rule, owner: owner as MetafieldOwner })}
                  error={error("owner")}
                />
                <TextField
                  label="Namespace"
                  value={rule.namespace}
                  onChange={(namespace) => replace(index, { ...rule, namespace })}
                  autoComplete="off"
                  error={error("namespace")}
                />
                <TextField
                  label="Key"
                  value={rule.key}
                  onChange={(key) => replace(index, { ...rule, key })}
                  autoComplete="off"
                  placeholder="expected_arrival"
                  helpText={rule.namespace && rule.key ? `Metafield ${rule.namespace}.${rule.key}` : undefined}
                  error={error("key")}
                />
                {rule.kind === "value" ? (
                  <>
                    <Select
                      label="Purchase order field"
                      options={FIELD_OPTIONS}
                      value={rule.field}
                      onChange={(field) => replace(index, { ...rule, field: field as WriteBackField })}
                      helpText={`Written as a ${WRITE_BACK_FIELDS[rule.field]} metafield.`}
                      error={error("field")}
                    />
                    <StatusPicker
                      label="Trigger statuses"
                      selected={rule.triggerStatuses}
                      onChange={(triggerStatuses) => replace(index, { ...rule, triggerStatuses })}
                      helpText="Entering one of these writes the field's current value."
                      error={error("triggerStatuses")}
                    />
                  </>
                ) : (
                  <>
                    <StatusPicker
                      label="TRUE statuses"
                      selected={rule.trueStatuses}
                      onChange={(trueStatuses) => replace(index, { ...rule, trueStatuses })}
                      helpText="Written as a boolean metafield. Stays TRUE while another active order holds the product in a TRUE status."
                      error={error("trueStatuses")}
                    />
                    <StatusPicker
                      label="FALSE statuses"
                      selected={rule.falseStatuses}
                      onChange={(falseStatuses) => replace(index, { ...rule, falseStatuses })}
                      helpText="Entering one of these sets FALSE, unless another order keeps it TRUE."
                      error={error("falseStatuses")}
                    />
                  </>
                )}
              </InlineGrid>
            </RuleBox>
          );
        })}
        {errors.writeBackRules ? <InlineError message={errors.writeBackRules} fieldID="writeBackRules" /> : null}
        <InlineStack>
          <Button
            disabled={rules.length >= MAX_WRITE_BACK_RULES}
            onClick={() => {
              onChange([...rules, structuredClone(NEW_RULE)]);
              onAddOrRemove();
            }}
          >
            Add write-back rule
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
