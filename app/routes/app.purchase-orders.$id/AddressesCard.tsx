import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { UnsavedChanges, useChangedSinceMount } from "~/components/app-bridge/UnsavedChanges";
import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { RefusalBanner } from "~/components/Refusal";
import { formatAddress, type Address } from "~/domain/address";
import { ORDER_FIELDS } from "~/http/refusals";

import type { action } from "../app.purchase-orders.$id.addresses";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

type Which = "billingAddress" | "shippingAddress";

const TITLES: Record<Which, string> = { billingAddress: "Billing address", shippingAddress: "Shipping address" };
const FIELDS: Array<[keyof Address, string]> = [
  ["name", "Name"],
  ["company", "Company"],
  ["line1", "Address"],
  ["line2", "Apartment, suite, etc."],
  ["city", "City"],
  ["region", "State or province"],
  ["postalCode", "Postal code"],
  ["countryCode", "Country code"],
  ["phone", "Phone"],
];

/** Billing and shipping addresses for the supplier's documents; a drop-ship order ships to the end customer. */
export function AddressesCard({ orderId, data }: { orderId: string; data: OrderView["addresses"] }) {
  const url = `/app/purchase-orders/${orderId}/addresses`;
  const change = useFetcher<typeof action>();
  const [editing, setEditing] = useState<Which | null>(null);
  // Turning drop-ship on needs the end customer's address: it is saved together with it.
  const [dropShipWithAddress, setDropShipWithAddress] = useState(false);
  const confirm = useConfirm();
  useResultToast(change.data, (result) => (result.ok ? result.message : null));
  useEffect(() => {
    if (change.state === "idle" && change.data?.ok) {
      setEditing(null);
      setDropShipWithAddress(false);
    }
  }, [change.state, change.data]);

  const refusal = change.data && !change.data.ok ? change.data : null;
  const submit = (values: Record<string, string>) => change.submit(values, { method: "post", action: url });

  return (
    <Card>
      <BlockStack gap="300">
        <PanelHeading title="Addresses" />
        {refusal ? (
          <RefusalBanner
            refusal={refusal}
            details={Object.entries(refusal.fieldErrors)
              .filter(([field]) => !field.includes("."))
              .map(([, message]) => message)}
          />
        ) : null}
        <Checkbox
          label="Drop-ship to the end customer"
          helpText="The supplier ships straight to your customer: the shipping address is theirs."
          checked={data.dropShip || dropShipWithAddress}
          onChange={(checked) => {
            if (checked && !data.shippingAddress) {
              setDropShipWithAddress(true);
              setEditing("shippingAddress");
            } else {
              setDropShipWithAddress(false);
              submit({ dropShip: String(checked) });
            }
          }}
        />
        {(["shippingAddress", "billingAddress"] as const).map((which) => (
          <BlockStack key={which} gap="100">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {which === "shippingAddress" && (data.dropShip || dropShipWithAddress) ? "Ship to customer" : TITLES[which]}
              </Text>
              {editing === which ? null : (
                <InlineStack gap="200">
                  <Button
                    id={which === "shippingAddress" ? ORDER_FIELDS.shippingAddress : undefined}
                    variant="plain"
                    onClick={() => setEditing(which)}
                    accessibilityLabel={`Edit ${TITLES[which].toLowerCase()}`}
                  >
                    {data[which] ? "Edit" : "Add"}
                  </Button>
                  {data[which] ? (
                    <Button
                      variant="plain"
                      tone="critical"
                      onClick={() =>
                        confirm({
                          title: `Clear the ${TITLES[which].toLowerCase()}?`,
                          body: <Text as="p">{`${formatAddress(data[which]!).join(", ")} is taken off the order. To undo, enter it again.`}</Text>,
                          confirmLabel: "Clear address",
                          destructive: true,
                          onConfirm: () => submit({ [which]: "clear" }),
                        })
                      }
                      accessibilityLabel={`Clear ${TITLES[which].toLowerCase()}`}
                    >
                      Clear
                    </Button>
                  ) : null}
                </InlineStack>
              )}
            </InlineStack>
            {editing === which ? (
              <AddressForm
                which={which}
                address={data[which]}
                errors={refusal?.fieldErrors ?? {}}
                busy={change.state !== "idle"}
                onCancel={() => {
                  setEditing(null);
                  setDropShipWithAddress(false);
                }}
                onSave={(values) => submit(dropShipWithAddress ? { ...values, dropShip: "true" } : values)}
              />
            ) : data[which] ? (
              formatAddress(data[which]).map((line, index) => (
                <Text key={index} as="p">
                  {line}
                </Text>
              ))
            ) : (
              <Text as="p" tone="subdued">
                Not set
              </Text>
            )}
          </BlockStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function AddressForm({
  which,
  address,
  errors,
  busy,
  onCancel,
  onSave,
}: {
  which: Which;
  address: Address | null;
  errors: Record<string, string>;
  busy: boolean;
  onCancel: () => void;
  onSave: (values: Record<string, string>) => void;
}) {
  const [values, setValues] = useState<Record<keyof Address, string>>(
    () => Object.fromEntries(FIELDS.map(([field]) => [field, address?.[field] ?? ""])) as Record<keyof Address, string>,
  );
  const dirty = useChangedSinceMount(values);
  const save = () => onSave(Object.fromEntries(Object.entries(values).map(([name, value]) => [`${which}.${name}`, value])));
  const field = ([name, label]: [keyof Address, string]) => (
    <TextField
      key={name}
      label={label}
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      error={errors[`${which}.${name}`]}
    />
  );
  return (
    <BlockStack gap="200">
      <UnsavedChanges dirty={dirty} saving={busy} onSave={save} onDiscard={onCancel} />
      {FIELDS.slice(0, 4).map(field)}
      <InlineGrid columns={2} gap="200">
        {FIELDS.slice(4).map(field)}
      </InlineGrid>
      <InlineStack align="end" gap="200">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" loading={busy} onClick={save}>
          {`Save ${TITLES[which].toLowerCase()}`}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
