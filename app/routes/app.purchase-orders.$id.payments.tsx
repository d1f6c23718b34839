import type { ActionFunctionArgs } from "@remix-run/node";

import { type PaymentInput } from "~/domain/payments";
import { refuseDerivedFields } from "~/domain/purchase-order/totals";
import { recordPayment, removePayment, setExchangeRate, updatePayment } from "~/services/payments.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { formVersion } from "~/commands/form";
import { cardRefusal, cardSaved, formText } from "./app.purchase-orders.$id/card-result.server";

/**
 * The order's money for the totals and payments cards (GET), and the payment commands (POST,
 * by `intent`): record_payment, update_payment, remove_payment, set_exchange_rate.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["record_payment", "update_payment", "remove_payment", "set_exchange_rate"]);
  const options = { expectedVersion: formVersion(form) };
  const paymentId = formText(form, "paymentId") ?? "";
  const payment = (): PaymentInput & { allowOverpayment: boolean } => ({
    amount: formText(form, "amount") ?? "",
    paidAt: formText(form, "paidAt") ?? "",
    method: formText(form, "method"),
    reference: formText(form, "reference"),
    status: formText(form, "status") ?? "",
    currencyCode: formText(form, "currencyCode"),
    exchangeRate: formText(form, "exchangeRate"),
    allowOverpayment: formText(form, "allowOverpayment") === "true",
  });
  try {
    refuseDerivedFields(Object.fromEntries(form));
    if (intent === "record_payment") {
      await recordPayment(db, shopDomain, actor, orderId, payment(), options);
      return cardSaved("Payment recorded");
    }
    if (intent === "update_payment") {
      await updatePayment(db, shopDomain, actor, orderId, paymentId, payment(), options);
      return cardSaved("Payment saved");
    }
    if (intent === "remove_payment") {
      await removePayment(db, shopDomain, actor, orderId, paymentId, options);
      return cardSaved("Payment removed");
    }
    await setExchangeRate(db, shopDomain, actor, orderId, { exchangeRate: formText(form, "exchangeRate") ?? "" }, options);
    return cardSaved("Exchange rate saved");
  } catch (error) {
    return cardRefusal(error);
  }
}
