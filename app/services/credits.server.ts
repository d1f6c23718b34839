import type { PrismaClient } from "@prisma/client";

import {
  creditRemaining,
  decideApplications,
  decideReversal,
  parseCredit,
  type ApplicationRequest,
  type CreditInput,
  type LedgerCredit,
} from "~/domain/credits";
import { NotFoundError } from "~/domain/errors";
import { guardMoneyIn } from "~/domain/payments";

import type { Actor } from "./actor";
import { changeOrderMoney, loadOrderMoney, type MoneyOptions } from "./payments.server";
import { requireShop } from "./shops.server";
import { now as clockNow } from "~/clock.server";

/**
 * The supplier credits ledger: credits per supplier, applied to (and reversed from) that
 * supplier's orders. A credit's remaining balance is derived from its applications. Applying
 * and reversing are money changes on the order (version bumped, audited on it); cancelling an
 * order leaves its applications alone, for the merchant to reverse by hand.
 */

export interface NewCredit extends CreditInput {
  supplierId: string;
}

/** A credit in the supplier's currency, audited on the shop (it belongs to no order yet). */
export async function createCredit(db: PrismaClient, shopDomain: string, actor: Actor, input: NewCredit) {
  const fields = parseCredit(input);
  const shop = await requireShop(db, shopDomain);
  return db.$transaction(async (tx) => {
    const supplier = await tx.supplier.findFirst({ where: { id: input.supplierId, shopId: shop.id } });
    if (!supplier) throw new NotFoundError("Supplier", input.supplierId);
    const credit = await tx.supplierCredit.create({
      data: {
        supplierId: supplier.id,
        amount: fields.amount.toFixed(),
        currencyCode: supplier.currencyCode,
        source: fields.source,
        reference: fields.reference,
        note: fields.note,
      },
    });
    await tx.auditEntry.create({
      data: {
        shopId: shop.id,
        actorType: actor.type,
        actorId: actor.id,
        action: "create_credit",
        changes: JSON.stringify({
          creditId: credit.id,
          supplierId: supplier.id,
          amount: credit.amount.toString(),
          currencyCode: credit.currencyCode,
          source: credit.source,
        }),
      },
    });
    return credit;
  });
}

/** A stored credit as the ledger (app/domain/credits.ts) reads it. */
export function asLedgerCredit(credit: {
  id: string;
  amount: { toString(): string };
  currencyCode: string;
  applications: Array<{ amount: { toString(): string }; reversedAt: Date | null }>;
}): LedgerCredit {
  return {
    id: credit.id,
    amount: credit.amount.toString(),
    currencyCode: credit.currencyCode,
    applications: credit.applications.map((application) => ({
      amount: application.amount.toString(),
      reversedAt: application.reversedAt,
    })),
  };
}

/** Everything the credits card shows for an order: its supplier's usable credits and its applications. */
export async function orderCredits(db: PrismaClient, shopDomain: string, orderId: string) {
  const { record, money } = await loadOrderMoney(db, shopDomain, orderId);
  const supplier = await db.supplier.findUniqueOrThrow({
    where: { id: record.supplierId },
    include: { credits: { orderBy: { createdAt: "asc" }, include: { applications: true } } },
  });
  const available = supplier.credits
    .map((credit) => ({ credit, remaining: creditRemaining(asLedgerCredit(credit)) }))
    .filter(({ credit, remaining }) => remaining.greaterThan(0) && credit.currencyCode === record.currencyCode);
  return { record, money, supplier, available };
}

export async function applyCredits(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  requests: ApplicationRequest[],
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record, money, order }) => {
    guardMoneyIn("credit", order);
    // Only this supplier's credits can be found, so another shop's or supplier's id is refused on
    // its field. The transaction holds the write lock (decisions 010, 016), so these balances stay
    // current until commit even when another order of the supplier applies the same credit.
    const credits = await tx.supplierCredit.findMany({
      where: { supplierId: record.supplierId },
      include: { applications: true },
    });
    const decided = decideApplications(requests, {
      credits: credits.map(asLedgerCredit),
      currencyCode: record.currencyCode,
      totalDue: money.totalDue,
    });
    const appliedAt = clockNow();
    const applications = [];
    for (const entry of decided) {
      applications.push(
        await tx.creditApplication.create({
          data: { creditId: entry.creditId, purchaseOrderId: record.id, amount: entry.amount.toFixed(), appliedAt },
        }),
      );
    }
    return {
      action: "apply_credit",
      changes: {
        applications: applications.map((application) => ({
          applicationId: application.id,
          creditId: application.creditId,
          amount: application.amount.toString(),
        })),
      },
      result: applications,
    };
  });
}

export async function reverseApplication(
  db: PrismaClient,
  shopDomain: string,
  actor: Actor,
  orderId: string,
  applicationId: string,
  options: MoneyOptions = {},
) {
  return changeOrderMoney(db, shopDomain, actor, orderId, options, async ({ tx, record }) => {
    const application = record.creditApplications.find((candidate) => candidate.id === applicationId);
    if (!application) throw new NotFoundError("Credit application", applicationId);
    decideReversal(application);
    const reversed = await tx.creditApplication.update({
      where: { id: application.id },
      data: { reversedAt: clockNow() },
    });
    return {
      action: "reverse_credit",
      changes: { applicationId, creditId: application.creditId, amount: application.amount.toString() },
      result: reversed,
    };
  });
}
