import { Form } from "@remix-run/react";
import { BlockStack, Button, FormLayout, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import type { FieldErrors } from "~/domain/errors";
import type { SupplierInput } from "~/domain/supplier";

/** The supplier's details, for creating one and for editing it on its page. */
export function SupplierForm({
  initial,
  errors,
  submitLabel,
  busy,
}: {
  initial: SupplierInput;
  errors: FieldErrors;
  submitLabel: string;
  busy: boolean;
}) {
  const [values, setValues] = useState(initial);
  const set = (name: Exclude<keyof SupplierInput, "address">) => (value: string) =>
    setValues((current) => ({ ...current, [name]: value }));
  const field = (name: Exclude<keyof SupplierInput, "address">, label: string, extra: { helpText?: string; multiline?: boolean } = {}) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={set(name)}
      autoComplete="off"
      error={errors[name]}
      helpText={extra.helpText}
      multiline={extra.multiline ? 3 : undefined}
    />
  );
  const address = (key: keyof SupplierInput["address"], label: string) => (
    <TextField
      label={label}
      name={`address.${key}`}
      value={values.address[key] ?? ""}
      onChange={(value) => setValues((current) => ({ ...current, address: { ...current.address, [key]: value } }))}
      autoComplete="off"
      error={errors[`address.${key}`]}
    />
  );
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="save_supplier" />
      <BlockStack gap="400">
        <FormLayout>
          {field("name", "Name")}
          {field("email", "Email", { helpText: "Purchase orders are sent here." })}
          {field("ccEmails", "CC emails", { helpText: "Copies of purchase orders; separate addresses with commas." })}
          <InlineGrid columns={2} gap="200">
            {field("currencyCode", "Currency", { helpText: "ISO code, e.g. USD. Blank: the shop's currency." })}
            {field("vendor", "Shopify vendor")}
          </InlineGrid>
          {field("paymentTerms", "Payment terms")}
          <InlineGrid columns={2} gap="200">
            {field("paymentTermsDays", "Payment due (days)")}
            {field("leadTimeDays", "Lead time (days)")}
          </InlineGrid>
          {field("notes", "Notes", { multiline: true })}
        </FormLayout>
        <Text as="h3" variant="headingSm">
          Address
        </Text>
        <FormLayout>
          {address("name", "Contact name")}
          {address("company", "Company")}
          {address("line1", "Address")}
          {address("line2", "Apartment, suite, etc.")}
          <InlineGrid columns={2} gap="200">
            {address("city", "City")}
            {address("region", "Region")}
            {address("postalCode", "Postal code")}
            {address("countryCode", "Country code")}
          </InlineGrid>
          {address("phone", "Phone")}
        </FormLayout>
        <InlineStack align="end">
          <Button submit variant="primary" loading={busy}>
            {submitLabel}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
