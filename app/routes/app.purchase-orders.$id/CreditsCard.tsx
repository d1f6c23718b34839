import { Banner, BlockStack, Button, Card, Divider, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { useConfirm } from "~/components/ActionFeedback";
import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { RefusalBanner } from "~/components/Refusal";

// Types only: the domain modules bring decimal.js, which the browser has no use for.
import type { CreditSource } from "~/domain/credits";

import type { OrderView } from "./route";
import { useMoneySubmit } from "./PaymentsCard";
import { PanelHeading } from "./OrderSummaries";

/**
 * The supplier's credits on this order: what is applied (reversible), what is available to
 * apply, and a way to enter a new credit. Talks to /app/purchase-orders/:id/credits.
 */
export function CreditsCard({ orderId, credits }: { orderId: string; credits: CreditsView }) {
  const url = `/app/purchase-orders/${orderId}/credits`;
  return (
    <div data-card="credits">
      <Card>
        <BlockStack gap="300">
          <PanelHeading title="Supplier credits" />
          <Credits url={url} credits={credits} />
        </BlockStack>
      </Card>
    </div>
  );
}

type CreditsView = OrderView["credits"];

function Credits({ url, credits }: { url: string; credits: CreditsView }) {
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const apply = useMoneySubmit(url, () => setAmounts({}));
  const reverse = useMoneySubmit(url, () => {});
  const confirm = useConfirm();
  const refusal = apply.refusal ?? reverse.refusal;
  const version = String(credits.version);
  const typed = Object.values(amounts).some((amount) => amount.trim() !== "");
  const applyAmounts = () =>
    apply.submit({
      intent: "apply_credits",
      version,
      ...Object.fromEntries(Object.entries(amounts).map(([creditId, amount]) => [`amount.${creditId}`, amount])),
    });
  return (
    <BlockStack gap="300">
      {credits.cancelled ? (
        <Banner tone="warning" title="Cancelling did not reverse applied credits">
          <p>Credits applied to this order stay applied. Reverse them below to return them to the supplier&apos;s credit balance.</p>
        </Banner>
      ) : null}
      {refusal ? (
        <RefusalBanner
          refusal={refusal}
          details={[...apply.otherErrors(credits.available.map((credit) => `amount.${credit.id}`)), ...reverse.otherErrors([])]}
        />
      ) : null}

      <Text as="h3" variant="headingSm">
        Applied to this order
      </Text>
      {credits.applications.length === 0 ? (
        <Text as="p" tone="subdued">
          No credits applied.
        </Text>
      ) : (
        credits.applications.map((application) => (
          <InlineStack key={application.id} align="space-between" blockAlign="center">
            <Text as="span" tone={application.reversedAt ? "subdued" : undefined}>
              {application.amount} from {application.label}
              {application.reversedAt ? " · reversed" : ""}
            </Text>
            {application.reversedAt ? null : (
              <Button
                variant="plain"
                tone="critical"
                loading={reverse.busy}
                accessibilityLabel={`Reverse ${application.amount} from ${application.label}`}
                onClick={() =>
                  confirm({
                    title: `Reverse ${application.amount} from ${application.label}?`,
                    body: (
                      <Text as="p">
                        {`The ${application.amount} no longer settles this order: what is due goes up by it, and it is back on ${application.label} to apply again.`}
                      </Text>
                    ),
                    confirmLabel: "Reverse credit",
                    destructive: true,
                    onConfirm: () => reverse.submit({ intent: "reverse_credit", applicationId: application.id, version }),
                  })
                }
              >
                Reverse
              </Button>
            )}
          </InlineStack>
        ))
      )}

      <Divider />
      <Text as="h3" variant="headingSm">
        Available from {credits.supplierName}
      </Text>
      {credits.available.length === 0 ? (
        <Text as="p" tone="subdued">
          No credits in {credits.currencyCode} with a balance left.
        </Text>
      ) : credits.refusal ? (
        <>
          {credits.available.map((credit) => (
            <Text as="p" key={credit.id}>
              {credit.label}: {credit.remainingDisplay} left
            </Text>
          ))}
          <Text as="p" tone="subdued">
            {credits.refusal}
          </Text>
        </>
      ) : (
        <BlockStack gap="200">
          {credits.available.map((credit) => (
            <TextField
              key={credit.id}
              label={`Apply from ${credit.label}`}
              helpText={`${credit.remainingDisplay} left of ${credit.amount}${credit.note ? ` · ${credit.note}` : ""}`}
              value={amounts[credit.id] ?? ""}
              placeholder={credit.remaining}
              onChange={(value) => setAmounts((current) => ({ ...current, [credit.id]: value }))}
              autoComplete="off"
              error={apply.fieldErrors[`amount.${credit.id}`]}
            />
          ))}
          <InlineStack align="space-between" blockAlign="center">
            <Text as="span" tone="subdued">
              Due on this order: {credits.totalDue}
            </Text>
            <Button variant="primary" loading={apply.busy} onClick={applyAmounts}>
              Apply credits
            </Button>
          </InlineStack>
          <UnsavedChanges dirty={typed} saving={apply.busy} onSave={applyAmounts} onDiscard={() => setAmounts({})} />
        </BlockStack>
      )}

      <Divider />
      <NewCredit url={url} supplierName={credits.supplierName} currencyCode={credits.supplierCurrencyCode} />
    </BlockStack>
  );
}

const SOURCE_LABELS: Record<CreditSource, string> = { manual: "Entered by hand", return: "From a return" };
const BLANK_CREDIT = { amount: "", source: "manual", reference: "", note: "" };

function NewCredit({ url, supplierName, currencyCode }: { url: string; supplierName: string; currencyCode: string }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState(BLANK_CREDIT);
  // Created, or dropped: the form closes empty.
  const discard = () => {
    setValues(BLANK_CREDIT);
    setOpen(false);
  };
  const { busy, fieldErrors, submit } = useMoneySubmit(url, discard);
  if (!open) {
    return (
      <InlineStack>
        <Button onClick={() => setOpen(true)}>New credit from {supplierName}</Button>
      </InlineStack>
    );
  }
  const field = (name: "amount" | "reference" | "note", label: string) => (
    <TextField
      label={label}
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      error={fieldErrors[name]}
    />
  );
  const create = () => submit({ intent: "create_credit", ...values });
  return (
    <BlockStack gap="200">
      <UnsavedChanges dirty={JSON.stringify(values) !== JSON.stringify(BLANK_CREDIT)} saving={busy} onSave={create} onDiscard={discard} />
      <Text as="h3" variant="headingSm">
        New credit from {supplierName} ({currencyCode})
      </Text>
      <InlineGrid columns={2} gap="200">
        {field("amount", "Credit amount")}
        <Select
          label="Source"
          options={Object.entries(SOURCE_LABELS).map(([value, label]) => ({ label, value }))}
          value={values.source}
          onChange={(source) => setValues((current) => ({ ...current, source }))}
          error={fieldErrors.source}
        />
        {field("reference", "Credit reference")}
        {field("note", "Credit note")}
      </InlineGrid>
      <InlineStack align="end" gap="200">
        <Button onClick={() => setOpen(false)}>Cancel</Button>
        <Button variant="primary" loading={busy} onClick={create}>
          Create credit
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
