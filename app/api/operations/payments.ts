import { z } from "zod";

import { loadOrderMoney, recordPayment, removePayment, setExchangeRate, updatePayment } from "~/services/payments.server";
import { paymentInput } from "~/services/purchase-order-api.server";

import { defineOperation } from "../operation";
import { loadPurchaseOrderJson, paymentJsonOf } from "../purchase-orders";
import { apiSchemas, OrderIdParams, Payment, PurchaseOrder, recordId, requestSchemas } from "../schemas";
import { paymentFields, paymentItem } from "./purchase-order-writes";

/**
 * An order's payments to its supplier (the payments card's commands): list, record, edit,
 * remove, and the order's exchange rate. Each change runs through the payments service in one
 * transaction with an audit entry and bumps the order's version.
 */

const PaymentParams = OrderIdParams.extend({ payment_id: recordId.describe("The payment's id.") });

const expected_version = z
  .int()
  .positive()
  .optional()
  .describe("The order `version` you last read; if the order changed since, nothing is changed (409 stale_version).");

const allow_overpayment = z
  .boolean()
  .optional()
  .describe("Record it even though it brings the amount paid past what is owed (total less credits); refused (422) otherwise.");

const PaymentList = z
  .strictObject({
    version: z.int(),
    currency_code: z.string(),
    shop_currency_code: z.string(),
    exchange_rate: z.string().nullable(),
    payments: z.array(Payment),
    totals: PurchaseOrder.shape.totals,
    fully_paid: z.boolean(),
  })
  .register(apiSchemas, { id: "PaymentList" });

const PaymentResult = z
  .strictObject({ payment: Payment, purchase_order: PurchaseOrder.describe("The order after the change (totals, paid, due, version).") })
  .register(apiSchemas, { id: "PaymentResult" });

const RecordPaymentRequest = z
  .strictObject({ ...paymentFields, allow_overpayment, expected_version })
  .register(requestSchemas, { id: "RecordPaymentRequest" });

const UpdatePaymentRequest = z
  .strictObject({
    ...paymentFields,
    amount: paymentFields.amount.optional(),
    paid_at: paymentFields.paid_at.optional(),
    status: paymentFields.status.optional(),
    allow_overpayment,
    expected_version,
  })
  .register(requestSchemas, { id: "UpdatePaymentRequest" });

const SetExchangeRateRequest = z
  .strictObject({
    exchange_rate: z.string().describe("How many units of the shop's currency one unit of the order's currency is worth (up to 6 decimals)."),
    expected_version,
  })
  .register(requestSchemas, { id: "SetExchangeRateRequest" });

export const paymentOperations = [
  defineOperation({
    name: "list_purchase_order_payments",
    method: "GET",
    path: "/purchase_orders/{id}/payments",
    scope: "read",
    title: "List an order's payments",
    description:
      "The order's payments to its supplier (oldest first), each with its amount counted in the order's currency, and the order's " +
      "totals: total, credits applied, paid (completed payments only) and due, plus the order's exchange rate to the shop's currency.",
    params: OrderIdParams,
    response: PaymentList,
    idempotent: true,
    async handle(context, { params }) {
      const { record, currencies } = await loadOrderMoney(context.db, context.shopDomain, params.id);
      const order = await loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
      return {
        version: record.version,
        currency_code: order.currency_code,
        shop_currency_code: order.shop_currency_code,
        exchange_rate: order.exchange_rate,
        payments: record.payments.map(paymentJsonOf(currencies)),
        totals: order.totals,
        fully_paid: order.fully_paid,
      };
    },
  }),
  defineOperation({
    name: "record_purchase_order_payment",
    method: "POST",
    path: "/purchase_orders/{id}/payments",
    scope: "write",
    title: "Record a payment",
    description:
      "Records a payment to the supplier. Refused (409) on a draft (send it first) and on a cancelled order (reopen it first). A payment " +
      "in another currency than the shop's needs its `exchange_rate` to the shop's currency; one that brings the amount paid past what " +
      "is owed is refused (422 on `amount`) unless `allow_overpayment`. Returns the payment and the order with its new totals (201).",
    params: OrderIdParams,
    body: RecordPaymentRequest,
    response: PaymentResult,
    status: 201,
    async handle(context, { params, body }) {
      const { allow_overpayment: allowOverpayment, expected_version: expectedVersion, ...fields } = body;
      const payment = await recordPayment(
        context.db,
        context.shopDomain,
        context.actor,
        params.id,
        { ...paymentInput(paymentItem(fields), undefined), allowOverpayment },
        { expectedVersion },
      );
      const order = await loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
      return { payment: order.payments.find((candidate) => candidate.id === payment.id)!, purchase_order: order };
    },
  }),
  defineOperation({
    name: "update_purchase_order_payment",
    method: "PATCH",
    path: "/purchase_orders/{id}/payments/{payment_id}",
    scope: "write",
    title: "Edit a payment",
    description:
      "Changes the fields given of one payment (the others keep their values), under the same rules as recording one; possible in " +
      "every status so mistakes can be corrected. Returns the payment and the order with its new totals.",
    params: PaymentParams,
    body: UpdatePaymentRequest,
    response: PaymentResult,
    idempotent: true,
    async handle(context, { params, body }) {
      const { record } = await loadOrderMoney(context.db, context.shopDomain, params.id);
      const stored = record.payments.find((payment) => payment.id === params.payment_id);
      const input = paymentInput(paymentItem(body), stored);
      await updatePayment(
        context.db,
        context.shopDomain,
        context.actor,
        params.id,
        params.payment_id,
        { ...input, allowOverpayment: body.allow_overpayment },
        { expectedVersion: body.expected_version },
      );
      const order = await loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
      return { payment: order.payments.find((candidate) => candidate.id === params.payment_id)!, purchase_order: order };
    },
  }),
  defineOperation({
    name: "remove_purchase_order_payment",
    method: "DELETE",
    path: "/purchase_orders/{id}/payments/{payment_id}",
    scope: "write",
    title: "Remove a payment",
    description: "Removes one payment (possible in every status). Returns the order with its new totals.",
    params: PaymentParams,
    response: PurchaseOrder,
    destructive: true,
    async handle(context, { params }) {
      await removePayment(context.db, context.shopDomain, context.actor, params.id, params.payment_id);
      return loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
    },
  }),
  defineOperation({
    name: "set_purchase_order_exchange_rate",
    method: "POST",
    path: "/purchase_orders/{id}/exchange_rate",
    scope: "write",
    title: "Set the order's exchange rate",
    description:
      "Sets the rate from the order's currency to the shop's (only for orders in another currency than the shop's; 422 otherwise). " +
      "Payments in other currencies are counted in the order's currency through it. Returns the order.",
    params: OrderIdParams,
    body: SetExchangeRateRequest,
    response: PurchaseOrder,
    idempotent: true,
    async handle(context, { params, body }) {
      await setExchangeRate(
        context.db,
        context.shopDomain,
        context.actor,
        params.id,
        { exchangeRate: body.exchange_rate },
        {
          expectedVersion: body.expected_version,
        },
      );
      return loadPurchaseOrderJson(context.db, context.shopDomain, params.id);
    },
  }),
];
