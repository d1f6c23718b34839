import { Form } from "@remix-run/react";
import { BlockStack, FormLayout, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { useErrorsUntilChanged } from "~/components/use-errors-until-changed";
import { ADDRESS_KEYS } from "~/domain/address";
import type { FieldErrors } from "~/domain/errors";
import type { IsoOption } from "~/domain/iso-codes";
import type { SupplierInput } from "~/domain/supplier";

/** The ISO lists the currency and country are chosen from (given by the loader, so server and browser agree). */
export interface SupplierFormChoices {
  currencies: IsoOption[];
  countries: IsoOption[];
}

/** Address fields required once any address field is filled (the domain's rule, marked up front). */
const REQUIRED_ADDRESS_FIELDS = new Set<keyof SupplierInput["address"]>(["name", "line1", "city", "countryCode"]);

/**
 * The supplier's details, for creating one and for editing it on its page. The contextual save bar
 * is the way to save, as on Shopify's own edit pages: it shows once a field differs from `initial`
 * (Save posts the form, Discard brings `initial` back), and leaving the page asks first meanwhile.
 */
export function SupplierForm({
  initial,
  choices,
  errors: refusedErrors,
  busy,
  onDirty,
}: {
  initial: SupplierInput;
  choices: SupplierFormChoices;
  errors: FieldErrors;
  busy: boolean;
  /** Told whether the form has unsaved changes (a page with another form shows one save bar at a time). */
  onDirty?: (dirty: boolean) => void;
}) {
  const [values, setValues] = useState(initial);
  const form = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(asPosted(values)) !== JSON.stringify(asPosted(initial));
  useEffect(() => onDirty?.(dirty), [dirty, onDirty]);
  const { shown: errors, changed, dismiss } = useErrorsUntilChanged(refusedErrors);
  const set = (name: Exclude<keyof SupplierInput, "address">) => (value: string) => {
    changed(name);
    setValues((current) => ({ ...current, [name]: value }));
  };
  const field = (
    name: Exclude<keyof SupplierInput, "address">,
    label: string,
    extra: { helpText?: string; multiline?: boolean; required?: boolean } = {},
  ) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={set(name)}
      autoComplete="off"
      error={errors[name]}
      helpText={extra.helpText}
      multiline={extra.multiline ? 3 : undefined}
      requiredIndicator={extra.required}
    />
  );
  const setAddress = (key: keyof SupplierInput["address"]) => (value: string) => {
    changed(`address.${key}`);
    setValues((current) => ({ ...current, address: { ...current.address, [key]: value } }));
  };
  const address = (key: keyof SupplierInput["address"], label: string) => (
    <TextField
      label={label}
      name={`address.${key}`}
      value={values.address[key] ?? ""}
      onChange={setAddress(key)}
      autoComplete="off"
      error={errors[`address.${key}`]}
      requiredIndicator={REQUIRED_ADDRESS_FIELDS.has(key)}
    />
  );
  const country = values.address.countryCode ?? "";
  return (
    <>
      {/* Outside the form: the save bar's buttons would submit it themselves. */}
      <UnsavedChanges
        dirty={dirty}
        saving={busy}
        onSave={() => form.current?.requestSubmit()}
        onDiscard={() => {
          setValues(initial);
          dismiss();
        }}
      />
      <Form method="post" ref={form}>
        <input type="hidden" name="intent" value="save_supplier" />
        <BlockStack gap="400">
          <FormLayout>
            {field("name", "Name", { required: true })}
            {field("email", "Email", { helpText: "Purchase orders are sent here." })}
            {field("ccEmails", "CC emails", { helpText: "Copies of purchase orders; separate addresses with commas." })}
            <Select
              label="Currency"
              name="currencyCode"
              requiredIndicator
              options={keepingSaved(choices.currencies, values.currencyCode)}
              value={values.currencyCode}
              onChange={set("currencyCode")}
              error={errors.currencyCode}
              helpText="Orders, catalogue prices and credits for this supplier are in this currency."
            />
            {field("vendor", "Shopify vendor", { helpText: "Products with this vendor are offered first when ordering." })}
            {field("paymentTerms", "Payment terms", { helpText: "For example Net 30." })}
            <InlineGrid columns={2} gap="200">
              {field("paymentTermsDays", "Payment due (days)")}
              {field("leadTimeDays", "Lead time (days)")}
            </InlineGrid>
            {field("notes", "Notes", { multiline: true })}
          </FormLayout>
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Address
            </Text>
            <Text as="p" tone="subdued">
              Optional; printed on purchase orders. Once you enter one, the marked fields are required.
            </Text>
          </BlockStack>
          <FormLayout>
            {address("name", "Contact name")}
            {address("company", "Company")}
            {address("line1", "Address")}
            {address("line2", "Apartment, suite, etc.")}
            <InlineGrid columns={2} gap="200">
              {address("city", "City")}
              {address("region", "Region")}
            </InlineGrid>
            <InlineGrid columns={2} gap="200">
              {address("postalCode", "Postal code")}
              <Select
                label="Country"
                name="address.countryCode"
                requiredIndicator
                options={[{ label: "Choose a country", value: "" }, ...keepingSaved(choices.countries, country)]}
                value={country}
                onChange={setAddress("countryCode")}
                error={errors["address.countryCode"]}
              />
            </InlineGrid>
            {address("phone", "Phone")}
          </FormLayout>
        </BlockStack>
      </Form>
    </>
  );
}

/** The values as the form posts them: an address field never typed in posts as blank, like one typed in and cleared. */
function asPosted(input: SupplierInput): SupplierInput {
  return { ...input, address: Object.fromEntries(ADDRESS_KEYS.map((key) => [key, input.address[key] ?? ""])) };
}

/** A code saved before it was chosen from a list stays shown (and is refused on save) until it is changed. */
function keepingSaved(options: IsoOption[], value: string): IsoOption[] {
  return !value || options.some((option) => option.value === value) ? options : [{ label: value, value }, ...options];
}
