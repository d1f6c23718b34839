import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

import { useDroppingEdits, UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { RefusalBanner } from "~/components/Refusal";
import { useOnEachNew } from "~/components/use-on-each-new";
import type { FieldErrors } from "~/domain/errors";
import { ORDER_FIELDS } from "~/http/refusals";
// Types only: the domain modules bring decimal.js, which the browser has no use for.
import type { PaymentStatus } from "~/domain/payments";

import type { action } from "../app.purchase-orders.$id.payments";
import type { OrderView } from "./route";
import { PanelHeading } from "./OrderSummaries";

/**
 * The order's payments: the list, a form to record one or edit one, and the order's exchange
 * rate when it is not in the shop's currency. Talks to /app/purchase-orders/:id/payments.
 */

/** The order's money, as the page's loader reads it (app/services/purchase-order-page.server.ts). */
export type MoneyView = OrderView["money"];

/**
 * Submits to a money route: says what was done (a toast), and tells the form when the change was
 * saved, so it can start over; a refusal is the card's to show.
 */
export function useMoneySubmit(url: string, onSaved: () => void) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  useOnEachNew(result, (answer) => {
    if (answer?.ok) onSaved();
  });
  useResultToast(fetcher.data, (data) => (data.ok ? data.message : null));
  const fieldErrors: FieldErrors = result && !result.ok ? result.fieldErrors : {};
  return {
    busy: fetcher.state !== "idle",
    fieldErrors,
    refusal: result && !result.ok ? result : null,
    /** Field errors the form has no field for, to show with the message. */
    otherErrors: (shown: readonly string[]) =>
      Object.entries(fieldErrors)
        .filter(([field]) => !shown.includes(field))
        .map(([, problem]) => problem),
    submit: (fields: Record<string, string>) => fetcher.submit(fields, { method: "post", action: url }),
  };
}

const STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: "Pending",
  completed: "Completed",
  failed: "Failed",
};

type PaymentForm = {
  paymentId: string;
  amount: string;
  paidAt: string;
  status: string;
  method: string;
  reference: string;
  currencyCode: string;
  exchangeRate: string;
};
const PAYMENT_FIELDS = ["amount", "paidAt", "status", "method", "reference", "currencyCode", "exchangeRate"] as const;

function blankPayment(currencyCode: string): PaymentForm {
  return {
    paymentId: "",
    amount: "",
    paidAt: new Date().toISOString().slice(0, 10),
    status: "completed",
    method: "",
    reference: "",
    currencyCode,
    exchangeRate: "",
  };
}

function editForm(payment: MoneyView["payments"][number]): PaymentForm {
  const { id, amount, paidAt, status, method, reference, currencyCode, exchangeRate } = payment;
  return { paymentId: id, amount, paidAt, status, method, reference, currencyCode, exchangeRate: exchangeRate ?? "" };
}

export function PaymentsCard({ orderId, money }: { orderId: string; money: MoneyView }) {
  return (
    <div data-card="payments">
      <Card>
        <BlockStack gap="300">
          <PanelHeading title="Payments" />
          <Payments orderId={orderId} money={money} />
        </BlockStack>
      </Card>
    </div>
  );
}

function Payments({ orderId, money }: { orderId: string; money: MoneyView }) {
  const droppingEdits = useDroppingEdits();
  const [form, setForm] = useState(() => blankPayment(money.currencyCode));
  // What the form was opened with (blank, or the payment being edited): unsaved changes are what differs.
  const [opened, setOpened] = useState(form);
  const [allowOverpayment, setAllowOverpayment] = useState(false);
  const confirm = useConfirm();
  const open = (next: PaymentForm) => {
    setForm(next);
    setOpened(next);
    setAllowOverpayment(false);
  };
  const { busy, fieldErrors, refusal, otherErrors, submit } = useMoneySubmit(`/app/purchase-orders/${orderId}/payments`, () =>
    open(blankPayment(money.currencyCode)),
  );
  const dirty = allowOverpayment || JSON.stringify(form) !== JSON.stringify(opened);
  const editing = form.paymentId !== "";
  const field = (name: Exclude<keyof PaymentForm, "paymentId" | "status">, label: string, type: "text" | "date" = "text") => (
    <TextField
      label={label}
      type={type}
      value={form[name]}
      onChange={(value) => setForm((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      error={fieldErrors[name]}
    />
  );
  const save = () =>
    submit({
      ...form,
      intent: editing ? "update_payment" : "record_payment",
      version: String(money.version),
      allowOverpayment: String(allowOverpayment),
    });

  return (
    <BlockStack gap="300">
      <UnsavedChanges dirty={dirty} saving={busy} onSave={save} onDiscard={() => open(opened)} />
      {refusal ? <RefusalBanner refusal={refusal} details={otherErrors(PAYMENT_FIELDS)} /> : null}
      {money.payments.length === 0 ? (
        <Text as="p" tone="subdued">
          No payments recorded.
        </Text>
      ) : (
        money.payments.map((payment) => (
          <InlineStack key={payment.id} align="space-between" blockAlign="center" gap="200">
            <BlockStack gap="0">
              <Text as="p" fontWeight="semibold">
                {payment.display} · {STATUS_LABELS[payment.status as keyof typeof STATUS_LABELS] ?? payment.status}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {[payment.paidAt, payment.method, payment.reference, payment.inOrderCurrency && `counts as ${payment.inOrderCurrency}`]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
            </BlockStack>
            <InlineStack gap="200">
              <Button
                variant="plain"
                accessibilityLabel={`Edit payment of ${payment.display}`}
                onClick={() => droppingEdits(dirty, () => open(editForm(payment)))}
              >
                Edit
              </Button>
              <Button
                variant="plain"
                tone="critical"
                accessibilityLabel={`Remove payment of ${payment.display}`}
                onClick={() =>
                  confirm({
                    title: `Remove the payment of ${payment.display}?`,
                    body: (
                      <Text as="p">
                        {`The payment${payment.reference ? ` ${payment.reference}` : ""} of ${payment.paidAt} is deleted, and what is due on the order goes up by it. To undo, record it again.`}
                      </Text>
                    ),
                    confirmLabel: "Remove payment",
                    destructive: true,
                    onConfirm: () => submit({ intent: "remove_payment", paymentId: payment.id, version: String(money.version) }),
                  })
                }
              >
                Remove
              </Button>
            </InlineStack>
          </InlineStack>
        ))
      )}
      {money.refusal && !editing ? (
        <Text as="p" tone="subdued">
          {money.refusal}
        </Text>
      ) : (
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {editing ? "Edit payment" : "Record a payment"}
          </Text>
          <InlineGrid columns={2} gap="200">
            {field("amount", "Amount")}
            {field("paidAt", "Paid on", "date")}
            <Select
              label="Payment status"
              options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ label, value }))}
              value={form.status}
              onChange={(status) => setForm((current) => ({ ...current, status }))}
              error={fieldErrors.status}
            />
            {field("method", "Method")}
            {field("reference", "Payment reference")}
            {field("currencyCode", "Currency")}
            {form.currencyCode.trim().toUpperCase() !== money.shopCurrencyCode || fieldErrors.exchangeRate
              ? field("exchangeRate", `Rate to ${money.shopCurrencyCode}`)
              : null}
          </InlineGrid>
          <Checkbox
            label="Allow overpayment"
            helpText="Record it even if the total paid then exceeds what is owed."
            checked={allowOverpayment}
            onChange={setAllowOverpayment}
          />
          <InlineStack align="end" gap="200">
            {editing ? <Button onClick={() => open(blankPayment(money.currencyCode))}>Cancel edit</Button> : null}
            <Button variant="primary" loading={busy} onClick={save}>
              {editing ? "Save payment" : "Record payment"}
            </Button>
          </InlineStack>
        </BlockStack>
      )}
      {money.currencyCode !== money.shopCurrencyCode ? <OrderExchangeRate orderId={orderId} money={money} /> : null}
    </BlockStack>
  );
}

function OrderExchangeRate({ orderId, money }: { orderId: string; money: MoneyView }) {
  const [rate, setRate] = useState(money.exchangeRate ?? "");
  // The field follows the saved rate. (Not remounted for it: that would drop the answer, and its toast, with the old instance.)
  useEffect(() => setRate(money.exchangeRate ?? ""), [money.exchangeRate]);
  const { busy, fieldErrors, submit } = useMoneySubmit(`/app/purchase-orders/${orderId}/payments`, () => {});
  const save = () => submit({ intent: "set_exchange_rate", exchangeRate: rate, version: String(money.version) });
  return (
    <InlineStack gap="200" blockAlign="end">
      <TextField
        id={ORDER_FIELDS.exchangeRate}
        label={`Order exchange rate (1 ${money.currencyCode} in ${money.shopCurrencyCode})`}
        value={rate}
        onChange={setRate}
        autoComplete="off"
        error={fieldErrors.exchangeRate}
      />
      <Button loading={busy} onClick={save}>
        Save rate
      </Button>
      <UnsavedChanges
        dirty={!sameRate(rate, money.exchangeRate ?? "")}
        saving={busy}
        onSave={save}
        onDiscard={() => setRate(money.exchangeRate ?? "")}
      />
    </InlineStack>
  );
}

/** Whether a typed rate is the saved one ("1.250" is 1.25: saved, it stays as typed and is not a change). */
function sameRate(typed: string, saved: string): boolean {
  const number = /^\d+(\.\d+)?$/;
  const text = typed.trim();
  return number.test(text) && number.test(saved) ? Number(text) === Number(saved) : text === saved;
}
