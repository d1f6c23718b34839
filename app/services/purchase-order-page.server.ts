import type { PrismaClient } from "@prisma/client";

import { ValidationError } from "~/domain/errors";
import { formatMoney, inOrderCurrency, type Decimal } from "~/domain/money";
import { moneyInRefusal } from "~/domain/payments";
import { LIFECYCLE } from "~/domain/purchase-order/lifecycle";
import { purchaseOrderName, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { orderCredits } from "./credits.server";
import { listSupplierEmails, supplierEmailRecipients } from "./email/outbox.server";
import { listOrderEffects } from "./effects.server";
import { loadOrderMoney } from "./payments.server";
import { listOrderDocuments } from "./purchase-order-documents.server";
import { loadAddresses, loadSupplierFields } from "./purchase-order-fields.server";
import { listShipments } from "./shipments.server";

/**
 * What the order page's cards show (app/routes/app.purchase-orders.$id), each read here for the page's one loader (issue #15: no card
 * fetches its own data after the page loads). The cards' resource routes keep their actions;
 * Remix reloads the page's loader after each of them.
 */

/** The order's money: totals for the cost summary, payments, and the exchange rate. */
export async function moneyView(db: PrismaClient, shopDomain: string, orderId: string) {
  const { record, currencies, money } = await loadOrderMoney(db, shopDomain, orderId);
  const show = (amount: Decimal) => formatMoney(amount, record.currencyCode);
  return {
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
  };
}

/** The supplier's credits on the order: applied (reversible) and available to apply. */
export async function creditsView(db: PrismaClient, shopDomain: string, orderId: string) {
  const { record, money, supplier, available } = await orderCredits(db, shopDomain, orderId);
  const show = (amount: { toString(): string }, currencyCode = record.currencyCode) => formatMoney(amount.toString(), currencyCode);
  return {
    version: record.version,
    cancelled: record.status === "cancelled",
    supplierName: supplier.name,
    supplierCurrencyCode: supplier.currencyCode,
    currencyCode: record.currencyCode,
    totalDue: show(money.totalDue),
    refusal: moneyInRefusal("credit", record.status as PurchaseOrderStatus)?.message ?? null,
    available: available.map(({ credit, remaining }) => ({
      id: credit.id,
      label: credit.reference ?? `${credit.source} credit`,
      source: credit.source,
      note: credit.note,
      amount: show(credit.amount),
      remaining: remaining.toFixed(),
      remainingDisplay: show(remaining),
    })),
    applications: record.creditApplications.map((application) => ({
      id: application.id,
      label: application.credit.reference ?? `${application.credit.source} credit`,
      amount: show(application.amount),
      appliedAt: application.appliedAt.toISOString(),
      reversedAt: application.reversedAt?.toISOString() ?? null,
    })),
  };
}

/** The supplier emails sent for the order, and who a re-send would go to now (null: it would be refused, the refusal says why). */
export async function emailsView(db: PrismaClient, shopDomain: string, order: { id: string; status: PurchaseOrderStatus }) {
  const shop = await db.shop.findUniqueOrThrow({ where: { domain: shopDomain }, select: { id: true } });
  const [emails, recipients] = await Promise.all([
    listSupplierEmails(db, shopDomain, order.id),
    supplierEmailRecipients(db, shop.id, order.id).catch((error: unknown) => {
      if (error instanceof ValidationError) return null;
      throw error;
    }),
  ]);
  return { canResend: order.status !== "draft", emails, recipients };
}

/** The open orders lines can move to (Reorganise): the shop's others that still take lines. */
export async function moveTargets(db: PrismaClient, shopDomain: string, orderId: string) {
  const targets = await db.purchaseOrder.findMany({
    where: { shop: { domain: shopDomain }, id: { not: orderId }, deletedAt: null, status: { in: [...LIFECYCLE.add_line.from] } },
    include: { supplier: { select: { name: true } } },
    orderBy: { number: "desc" },
    take: 100,
  });
  return targets.map((target) => ({ id: target.id, label: `${purchaseOrderName(target.number)} · ${target.supplier.name}` }));
}

/** Every card's data but the lines' (the route reads those from the order it loaded). */
export async function cardsData(db: PrismaClient, shopDomain: string, order: { id: string; status: PurchaseOrderStatus }) {
  const [money, credits, emails, effects, addresses, supplierFields, shipments, documents, targets] = await Promise.all([
    moneyView(db, shopDomain, order.id),
    creditsView(db, shopDomain, order.id),
    emailsView(db, shopDomain, order),
    listOrderEffects(db, shopDomain, order.id),
    loadAddresses(db, shopDomain, order.id),
    loadSupplierFields(db, shopDomain, order.id),
    listShipments(db, shopDomain, order.id),
    listOrderDocuments(db, shopDomain, order.id),
    moveTargets(db, shopDomain, order.id),
  ]);
  return { money, credits, emails, effects, addresses, supplierFields, shipments, documents, moveTargets: targets };
}

/** Whether the order's location was deleted in Shopify (the page then asks for another). */
export async function orderLocationLost(db: PrismaClient, orderId: string): Promise<boolean> {
  const { locationLostAt } = await db.purchaseOrder.findUniqueOrThrow({ where: { id: orderId }, select: { locationLostAt: true } });
  return locationLostAt !== null;
}
