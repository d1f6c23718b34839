import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import prisma from "~/db.server";
import { formatMoney, inOrderCurrency, type Decimal } from "~/domain/money";
import { moneyInRefusal, type PaymentInput } from "~/domain/payments";
import { refuseDerivedFields } from "~/domain/purchase-order/totals";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { loadOrderMoney, recordPayment, removePayment, setExchangeRate, updatePayment } from "~/services/payments.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { formVersion } from "~/commands/form";
import { cardRefusal, cardSaved, formText, loadOr404 } from "./app.purchase-orders.$id/card-result.server";

/**
 * The order's money for the totals and payments cards (GET), and the payment commands (POST,
 * by `intent`): record_payment, update_payment, remove_payment, set_exchange_rate.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const { record, currencies, money } = await loadOr404(() => loadOrderMoney(prisma, shopDomain, params.id ?? ""));
  const show = (amount: Decimal) => formatMoney(amount, record.currencyCode);
  return json({
    version: record.version,
    currencyCode: record.currencyCode,
    shopCurrencyCode: currencies.shopCurrencyCode,
    exchangeRate: record.exchangeRate?.toString() ?? null,
    totals: {
      orderedValue: money.orderedValue.equals(money.orderCost) ? null : show(money.orderedValue),
      orderCost: show(money.orderCost),
      returnedValue: money.returnedValue.isZero() ? null : show(money.returnedValue),
      shippingCost: show(money.shippingCost),
      tax: show(money.tax),
      total: show(money.total),
      creditsApplied: show(money.creditsApplied),
      totalPaid: show(money.totalPaid),
      totalDue: show(money.totalDue),
    },
    paid: money.paid,
    settling: !money.creditsApplied.isZero() || !money.totalPaid.isZero(),
    refusal: moneyInRefusal("payment", record.status as PurchaseOrderStatus)?.message ?? null,
    payments: record.payments.map((payment) => {
      const amount = {
        amount: payment.amount.toString(),
        currencyCode: payment.currencyCode,
        exchangeRate: payment.exchangeRate?.toString() ?? null,
      };
      return {
        id: payment.id,
        ...amount,
        paidAt: payment.paidAt.toISOString().slice(0, 10),
        method: payment.method ?? "",
        reference: payment.reference ?? "",
        status: payment.status,
        display: formatMoney(amount.amount, amount.currencyCode),
        inOrderCurrency: payment.currencyCode === record.currencyCode ? null : show(inOrderCurrency(amount, currencies)),
      };
    }),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor } = await requireAdmin(request);
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
      await recordPayment(prisma, shopDomain, actor, orderId, payment(), options);
      return cardSaved("Payment recorded");
    }
    if (intent === "update_payment") {
      await updatePayment(prisma, shopDomain, actor, orderId, paymentId, payment(), options);
      return cardSaved("Payment saved");
    }
    if (intent === "remove_payment") {
      await removePayment(prisma, shopDomain, actor, orderId, paymentId, options);
      return cardSaved("Payment removed");
    }
    await setExchangeRate(prisma, shopDomain, actor, orderId, { exchangeRate: formText(form, "exchangeRate") ?? "" }, options);
    return cardSaved("Exchange rate saved");
  } catch (error) {
    return cardRefusal(error);
  }
}
