import type { PrismaClient } from "@prisma/client";
import { z } from "zod";

import { CREDIT_SOURCES, creditRemaining } from "~/domain/credits";
import { exactAmountText } from "~/domain/money";
import { moneyInRefusal } from "~/domain/payments";
import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { applyCredits, asLedgerCredit, createCredit, orderCredits, reverseApplication } from "~/services/credits.server";
import { requireSupplier } from "~/services/suppliers.server";

import { defineOperation } from "../operation";
import { apiSchemas, exactMoney, OrderIdParams, recordId, requestSchemas, timestamp } from "../schemas";
import { SupplierIdParams } from "./suppliers";

/**
 * The supplier credits ledger, through the service the order's credits card uses: credits per
 * supplier, applied to (and reversed from) that supplier's orders. What is left of a credit is
 * derived from its applications; the ledger's rules (never more than remains or is due, only
 * the order's currency, no credit on drafts or cancelled orders) are the service's.
 */

const CreditApplication = z
  .strictObject({
    id: z.string(),
    credit_id: z.string(),
    purchase_order_id: z.string(),
    amount: exactMoney,
    applied_at: timestamp,
    reversed_at: timestamp.nullable().describe("When the application was reversed (its amount went back to the credit); null while it counts."),
  })
  .register(apiSchemas, { id: "CreditApplication" });

const SupplierCredit = z
  .strictObject({
    id: z.string(),
    supplier_id: z.string(),
    source: z.enum(CREDIT_SOURCES).describe("return: from goods sent back; manual: entered by hand."),
    amount: exactMoney,
    remaining: exactMoney.describe("The amount less every application not reversed: what can still be applied."),
    currency_code: z.string().describe("The supplier's currency when the credit was made; it applies only to orders in this currency."),
    reference: z.string().nullable(),
    note: z.string().nullable(),
    created_at: timestamp,
    applications: z.array(CreditApplication).describe("Where the credit was applied, reversed ones included."),
  })
  .register(apiSchemas, { id: "SupplierCredit" });

const SupplierCreditList = z
  .strictObject({ supplier_id: z.string(), credits: z.array(SupplierCredit) })
  .register(apiSchemas, { id: "SupplierCreditList" });

const PurchaseOrderCredits = z
  .strictObject({
    purchase_order_id: z.string(),
    version: z.int().describe("The order's version; pass it as expected_version to apply or reverse only if nothing changed since."),
    supplier_id: z.string(),
    currency_code: z.string(),
    credits_applied: exactMoney.describe("Sum of this order's applications that were not reversed."),
    total_due: exactMoney.describe("What is still owed on the order after payments and credits; no application may exceed it."),
    apply_refusal: z
      .strictObject({ rule: z.string(), message: z.string() })
      .nullable()
      .describe("Why no credit can be applied to the order now (a draft, a cancelled order); null when credits can be applied."),
    available: z.array(SupplierCredit).describe("The supplier's credits with something left, in the order's currency."),
    applications: z.array(CreditApplication).describe("Credits applied to this order, reversed ones included."),
  })
  .register(apiSchemas, { id: "PurchaseOrderCredits" });

const expectedVersion = z
  .int()
  .positive()
  .optional()
  .describe("The order `version` you last read; if the order changed since, the change is refused (409 stale_version).");

const CreateSupplierCreditRequest = z
  .strictObject({
    source: z.enum(CREDIT_SOURCES).describe("return: from goods sent back; manual: entered by hand."),
    amount: z.string().describe('Decimal string, more than 0 with at most 4 decimals, e.g. "25.00"; in the supplier\'s currency.'),
    reference: z.string().optional().describe("The supplier's credit note number or similar; at most 200 characters."),
    note: z.string().optional().describe("At most 2000 characters."),
  })
  .register(requestSchemas, { id: "CreateSupplierCreditRequest" });

const ApplyPurchaseOrderCreditsRequest = z
  .strictObject({
    applications: z
      .array(
        z.strictObject({
          credit_id: recordId.describe("One of the supplier's credits (see `available`)."),
          amount: z.string().describe('Decimal string, more than 0, e.g. "10.00".'),
        }),
      )
      .min(1),
    expected_version: expectedVersion,
  })
  .register(requestSchemas, { id: "ApplyPurchaseOrderCreditsRequest" });

const ReversePurchaseOrderCreditRequest = z
  .strictObject({ expected_version: expectedVersion })
  .register(requestSchemas, { id: "ReversePurchaseOrderCreditRequest" });

const CreditApplicationParams = OrderIdParams.extend({
  application_id: recordId.describe("The credit application's id (from list_purchase_order_credits)."),
});

interface CreditRow {
  id: string;
  supplierId: string;
  source: string;
  amount: { toString(): string };
  currencyCode: string;
  reference: string | null;
  note: string | null;
  createdAt: Date;
  applications: ApplicationRow[];
}

interface ApplicationRow {
  id: string;
  creditId: string;
  purchaseOrderId: string;
  amount: { toString(): string };
  appliedAt: Date;
  reversedAt: Date | null;
}

const amountText = (amount: { toString(): string }) => exactAmountText(amount.toString());

function applicationJson(application: ApplicationRow): z.infer<typeof CreditApplication> {
  return {
    id: application.id,
    credit_id: application.creditId,
    purchase_order_id: application.purchaseOrderId,
    amount: amountText(application.amount),
    applied_at: application.appliedAt.toISOString(),
    reversed_at: application.reversedAt?.toISOString() ?? null,
  };
}

function creditJson(credit: CreditRow): z.infer<typeof SupplierCredit> {
  const remaining = creditRemaining(asLedgerCredit(credit));
  return {
    id: credit.id,
    supplier_id: credit.supplierId,
    source: credit.source as (typeof CREDIT_SOURCES)[number],
    amount: amountText(credit.amount),
    remaining: exactAmountText(remaining),
    currency_code: credit.currencyCode,
    reference: credit.reference,
    note: credit.note,
    created_at: credit.createdAt.toISOString(),
    applications: credit.applications.map(applicationJson),
  };
}

async function orderCreditsJson(db: PrismaClient, shopDomain: string, orderId: string): Promise<z.infer<typeof PurchaseOrderCredits>> {
  const { record, money: totals, available } = await orderCredits(db, shopDomain, orderId);
  return {
    purchase_order_id: record.id,
    version: record.version,
    supplier_id: record.supplierId,
    currency_code: record.currencyCode,
    credits_applied: exactAmountText(totals.creditsApplied),
    total_due: exactAmountText(totals.totalDue),
    apply_refusal: moneyInRefusal("credit", record.status as PurchaseOrderStatus),
    available: available.map(({ credit }) => creditJson(credit)),
    applications: record.creditApplications.map(applicationJson),
  };
}

const applicationsInclude = { applications: { orderBy: { appliedAt: "asc" } } } as const;

export const creditOperations = [
  defineOperation({
    name: "list_purchase_order_credits",
    method: "GET",
    path: "/purchase_orders/{id}/credits",
    scope: "read",
    title: "List an order's credits",
    description:
      "The credits side of one order: the order's supplier's credits that can still be applied to it (something left, same " +
      "currency), the applications already on the order (reversed ones included), the credits applied, the total still due, " +
      "and `apply_refusal` when the order's status allows no credit now. Use before apply_purchase_order_credits.",
    params: OrderIdParams,
    response: PurchaseOrderCredits,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return orderCreditsJson(db, shopDomain, params.id);
    },
  }),
  defineOperation({
    name: "apply_purchase_order_credits",
    method: "POST",
    path: "/purchase_orders/{id}/credits/apply",
    scope: "write",
    title: "Apply supplier credits to an order",
    description:
      "Applies amounts of the supplier's credits to the order, all or nothing. Each amount must not exceed what is left of its " +
      "credit nor what is still due on the order (counting the earlier entries); refused with 422 on `applications.<n>.amount` " +
      "(or `.credit_id` for a credit of another supplier or currency). Drafts and cancelled orders take no credit (409 with the " +
      "rule). Answers the order's credits as list_purchase_order_credits does.",
    params: OrderIdParams,
    body: ApplyPurchaseOrderCreditsRequest,
    response: PurchaseOrderCredits,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const requests = body.applications.map((application) => ({ creditId: application.credit_id, amount: application.amount }));
      await applyCredits(db, shopDomain, actor, params.id, requests, { expectedVersion: body.expected_version });
      return orderCreditsJson(db, shopDomain, params.id);
    },
  }),
  defineOperation({
    name: "reverse_purchase_order_credit",
    method: "POST",
    path: "/purchase_orders/{id}/credits/{application_id}/reverse",
    scope: "write",
    title: "Reverse a credit application",
    description:
      "Reverses one credit application on the order: its amount goes back to the credit's remaining balance and becomes due on the " +
      "order again. The application stays listed with `reversed_at`; reversing it twice is refused (422 on `application_id`). " +
      "Answers the order's credits as list_purchase_order_credits does.",
    params: CreditApplicationParams,
    body: ReversePurchaseOrderCreditRequest,
    response: PurchaseOrderCredits,
    destructive: true,
    async handle({ db, shopDomain, actor }, { params, body }) {
      await reverseApplication(db, shopDomain, actor, params.id, params.application_id, { expectedVersion: body.expected_version });
      return orderCreditsJson(db, shopDomain, params.id);
    },
  }),
  defineOperation({
    name: "list_supplier_credits",
    method: "GET",
    path: "/suppliers/{id}/credits",
    scope: "read",
    title: "List a supplier's credits",
    description:
      "Every credit of the supplier, oldest first, with its amount, what remains, its currency and where it was applied " +
      "(reversed applications included). Not found (404) for suppliers of other shops.",
    params: SupplierIdParams,
    response: SupplierCreditList,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      const supplier = await requireSupplier(db, shopDomain, params.id);
      // The ledger service lists credits per order only; a supplier's whole ledger is read here.
      const credits = await db.supplierCredit.findMany({
        where: { supplierId: supplier.id },
        orderBy: { createdAt: "asc" },
        include: applicationsInclude,
      });
      return { supplier_id: supplier.id, credits: credits.map(creditJson) };
    },
  }),
  defineOperation({
    name: "create_supplier_credit",
    method: "POST",
    path: "/suppliers/{id}/credits",
    scope: "write",
    title: "Record a supplier credit",
    description:
      "Records a credit the supplier granted (from a return, or entered by hand), in the supplier's currency. It can then be " +
      "applied to the supplier's orders in that currency with apply_purchase_order_credits. Answers the credit (201).",
    params: SupplierIdParams,
    body: CreateSupplierCreditRequest,
    response: SupplierCredit,
    status: 201,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const credit = await createCredit(db, shopDomain, actor, { supplierId: params.id, ...body });
      return creditJson({ ...credit, applications: [] });
    },
  }),
];
