import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError, StaleVersionError } from "~/domain/errors";
import type { OrderCurrencies } from "~/domain/money";
import { decidePayments, guardMoneyIn, parseOrderExchangeRate, parsePayment, type PaymentFields, type PaymentInput } from "~/domain/payments";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { costLine, orderMoney, type CostLine, type OrderMoney, type OrderMoneyFacts } from "~/domain/purchase-order/totals";

import type { Actor } from "./actor";
import { loadOrderState } from "./purchase-order-lifecycle.server";

/**
 * An order's money: the facts its totals are derived from (lines, tax, shipping, payments,
 * credit applications, currencies), and the commands that change them. Each command runs
 * load → decide (domain) → save + audit entry in one transaction, and bumps the order's version,
 * so money changes are serialised with each other and with every other change to the order.
 */

type Db = PrismaClient | Prisma.TransactionClient;

export interface MoneyOptions {
  /** The order version the caller saw; a later version refuses the change. */
  expectedVersion?: number;
}

export interface PaymentRequest extends PaymentInput {
  /** Record a payment that brings the amount paid past what is owed. */
  allowOverpayment?: boolean;
}

/** What a line's cost is counted from (docs/decisions/004): its quantities, bookings and price. */
export const COST_LINE_SELECT = {
  quantityOrdered: true,
  quantityConfirmed: true,
  unitCost: true,
  discount: true,
  bookingLines: { select: { rejected: true, cancelled: true } },
} satisfies Prisma.PurchaseOrderLineSelect;

export type CostLineRow = Prisma.PurchaseOrderLineGetPayload<{ select: typeof COST_LINE_SELECT }>;

/** A stored line as totals.ts counts it: its bookings summed (reversals are negative, so they cancel). */
export function costLineOf(row: CostLineRow): CostLine {
  return {
    ordered: row.quantityOrdered,
    confirmed: row.quantityConfirmed,
    cancelled: row.bookingLines.reduce((sum, booked) => sum + booked.cancelled, 0),
    rejected: row.bookingLines.reduce((sum, booked) => sum + booked.rejected, 0),
    unitCost: row.unitCost.toString(),
    discount: row.discount.toString(),
  };
}

/** What an order's money is derived from (with moneyOfRecord). */
export const MONEY_INCLUDE = {
  shop: { select: { currencyCode: true } },
  lines: { select: COST_LINE_SELECT },
  payments: { orderBy: [{ paidAt: "asc" }, { createdAt: "asc" }] },
  creditApplications: { orderBy: { appliedAt: "asc" }, include: { credit: { select: { source: true, reference: true } } } },
} satisfies Prisma.PurchaseOrderInclude;

async function loadMoneyRecord(db: Db, shopDomain: string, orderId: string) {
  const row = await db.purchaseOrder.findFirst({
    where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
    include: MONEY_INCLUDE,
  });
  if (!row) throw new NotFoundError("Purchase order", orderId);
  return row;
}

export type MoneyRecord = Awaited<ReturnType<typeof loadMoneyRecord>>;

function currencies(record: Pick<MoneyRecord, "currencyCode" | "exchangeRate" | "shop">): OrderCurrencies {
  return {
    currencyCode: record.currencyCode,
    shopCurrencyCode: record.shop.currencyCode,
    exchangeRate: record.exchangeRate?.toString() ?? null,
  };
}

function moneyFacts(record: MoneyRecord): OrderMoneyFacts {
  return {
    ...currencies(record),
    lines: record.lines.map(costLineOf),
    shippingCost: record.shippingCost.toString(),
    tax: record.tax.toString(),
    ...settlementFacts(record),
  };
}

/** What was paid and credited against an order, as totals.ts counts it. */
function settlementFacts(record: Pick<MoneyRecord, "payments" | "creditApplications">): Pick<OrderMoneyFacts, "payments" | "creditApplications"> {
  return {
    payments: record.payments.map((payment) => ({
      amount: payment.amount.toString(),
      currencyCode: payment.currencyCode,
      exchangeRate: payment.exchangeRate?.toString() ?? null,
      status: payment.status,
    })),
    creditApplications: record.creditApplications.map((application) => ({
      amount: application.amount.toString(),
      reversedAt: application.reversedAt,
    })),
  };
}

/** An order's derived money (total, paid…) from its record loaded with MONEY_INCLUDE. */
export function moneyOfRecord(record: MoneyRecord): OrderMoney {
  return orderMoney(moneyFacts(record));
}

/** The order's money as screens show it: derived totals, payments and applications. */
export async function loadOrderMoney(db: Db, shopDomain: string, orderId: string) {
  const record = await loadMoneyRecord(db, shopDomain, orderId);
  return { record, currencies: currencies(record), money: orderMoney(moneyFacts(record)) };
}

/** What an order's money needs beyond its lifecycle state: its currencies, payments, credit applications and line discounts. */
export const MONEY_BEYOND_STATE_SELECT = {
  currencyCode: true,
  exchangeRate: true,
  shop: MONEY_INCLUDE.shop,
  lines: { select: { id: true, discount: true } },
  payments: MONEY_INCLUDE.payments,
  creditApplications: MONEY_INCLUDE.creditApplications,
} satisfies Prisma.PurchaseOrderSelect;

type MoneyBeyondState = Prisma.PurchaseOrderGetPayload<{ select: typeof MONEY_BEYOND_STATE_SELECT }>;

/**
 * The order's money as loadOrderMoney derives it, for an order whose state is at hand (an
 * action's saved state): its lines and bookings come from the state, the rest from `record`
 * (read with at least MONEY_BEYOND_STATE_SELECT), so nothing is read twice.
 */
export function moneyOfState(order: PurchaseOrderState, record: MoneyBeyondState) {
  const discountOf = new Map(record.lines.map((line) => [line.id, line.discount.toString()]));
  const orderCurrencies = currencies(record);
  const money = orderMoney({
    ...orderCurrencies,
    lines: order.lines.map((line) => costLine(line, order.bookings, discountOf.get(line.id) ?? "0")),
    shippingCost: order.header.shippingCost,
    tax: order.header.tax,
    ...settlementFacts(record),
  });
  return { currencies: orderCurrencies, money, discountOf };
}

/** The ids of the shop's orders (or of those `among` them) whose completed payments and credits cover their total. */
export async function paidOrderIds(db: Db, shopDomain: string, among?: readonly string[]): Promise<string[]> {
  const records = await db.purchaseOrder.findMany({
    where: { shop: { domain: shopDomain }, deletedAt: null, ...(among ? { id: { in: [...among] } } : {}) },
    include: MONEY_INCLUDE,
  });
  return records.filter((record) => moneyOfRecord(record).paid).map((record) => record.id);
}

export interface MoneyContext {
  tx: Prisma.TransactionClient;
  record: MoneyRecord;
  facts: OrderMoneyFacts;
  money: OrderMoney;
  /** For guardrails (their guidance is what the lifecycle allows from its status). */
  order: PurchaseOrderState;
}

export interface MoneyChange<T> {
  action: string;
  changes: Record<string, unknown>;
  result: T;
}

/**
 * Runs one money change on an order in one transaction. Bumping the version comes first: it
 * takes the order's write lock, so what is loaded next cannot change before the transaction
 * commits, and a caller working from an older version is refused.
 */
export async function changeOrderMoney<T>(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  options: MoneyOptions,
  change: (context: MoneyContext) => Promise<MoneyChange<T>>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    const bumped = await tx.purchaseOrder.updateMany({
      where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null },
      data: { version: { increment: 1 } },
    });
    if (bumped.count === 0) throw new NotFoundError("Purchase order", orderId);
    const record = await loadMoneyRecord(tx, shopDomain, orderId);
    const seenVersion = record.version - 1;
    if (options.expectedVersion !== undefined && options.expectedVersion !== seenVersion) {
      throw new StaleVersionError(options.expectedVersion, seenVersion);
    }
    const order = await loadOrderState(tx, shopDomain, orderId);
    const facts = moneyFacts(record);
    const outcome = await change({ tx, record, facts, money: orderMoney(facts), order });
    await tx.auditEntry.create({
      data: {
        shopId: record.shopId,
        purchaseOrderId: record.id,
        actorType: actor.type,
        actorId: actor.id,
        action: outcome.action,
        fromStatus: record.status,
        toStatus: record.status,
        changes: JSON.stringify(outcome.changes),
      },
    });
    return outcome.result;
  });
}

/** A payment's row fields, as stored (exact decimal strings). */
export function paymentData(fields: PaymentFields) {
  return {
    amount: fields.amount.toFixed(),
    currencyCode: fields.currencyCode,
    exchangeRate: fields.exchangeRate?.toFixed() ?? null,
    paidAt: fields.paidAt,
    method: fields.method,
    reference: fields.reference,
    status: fields.status,
  };
}

/** As the audit log records a payment: amounts as exact strings. */
function auditPayment(payment: {
  amount: Prisma.Decimal | string;
  currencyCode: string;
  exchangeRate: Prisma.Decimal | string | null;
  paidAt: Date;
  method: string | null;
  reference: string | null;
  status: string;
}) {
  const { amount, currencyCode, exchangeRate, paidAt, method, reference, status } = payment;
  return { amount: amount.toString(), currencyCode, exchangeRate: exchangeRate?.toString() ?? null, paidAt, method, reference, status };
}

function asPaymentAmount(data: ReturnType<typeof paymentData>) {
  return { amount: data.amount, currencyCode: data.currencyCode, exchangeRate: data.exchangeRate, status: data.status };
}

export async function recordPayment(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  request: PaymentRequest,
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record, facts, order }) => {
    guardMoneyIn("payment", order);
    const data = paymentData(parsePayment(request, facts));
    decidePayments(facts, [...facts.payments, asPaymentAmount(data)], request.allowOverpayment === true);
    const payment = await tx.payment.create({ data: { purchaseOrderId: record.id, ...data } });
    return {
      action: "record_payment",
      changes: { paymentId: payment.id, ...auditPayment(data), allowOverpayment: request.allowOverpayment === true },
      result: payment,
    };
  });
}

export async function updatePayment(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  paymentId: string,
  request: PaymentRequest,
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record, facts }) => {
    const index = record.payments.findIndex((payment) => payment.id === paymentId);
    const before = record.payments[index];
    if (!before) throw new NotFoundError("Payment", paymentId);
    const data = paymentData(parsePayment(request, facts));
    const next = facts.payments.map((payment, position) => (position === index ? asPaymentAmount(data) : payment));
    decidePayments(facts, next, request.allowOverpayment === true);
    const payment = await tx.payment.update({ where: { id: before.id }, data });
    return {
      action: "update_payment",
      changes: {
        paymentId,
        before: auditPayment(before),
        after: auditPayment(data),
        allowOverpayment: request.allowOverpayment === true,
      },
      result: payment,
    };
  });
}

export async function removePayment(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  paymentId: string,
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record }) => {
    const payment = record.payments.find((candidate) => candidate.id === paymentId);
    if (!payment) throw new NotFoundError("Payment", paymentId);
    await tx.payment.delete({ where: { id: payment.id } });
    return { action: "remove_payment", changes: { paymentId, removed: auditPayment(payment) }, result: undefined };
  });
}

/** The rate from the order's currency to the shop's; payments in other currencies are counted through it. */
export async function setExchangeRate(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  input: { exchangeRate: string },
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record, facts }) => {
    const rate = parseOrderExchangeRate(input.exchangeRate, facts).toFixed();
    await tx.purchaseOrder.update({ where: { id: record.id }, data: { exchangeRate: rate } });
    return {
      action: "set_exchange_rate",
      changes: { before: { exchangeRate: record.exchangeRate?.toString() ?? null }, after: { exchangeRate: rate } },
      result: undefined,
    };
  });
}
