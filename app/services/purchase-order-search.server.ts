import type { Prisma, PrismaClient } from "@prisma/client";

import type { PurchaseOrderStatus } from "~/domain/purchase-order/status";

import { purchaseOrderSummary, SUMMARY_INCLUDE, type PurchaseOrderSummary } from "./purchase-orders.server";

/** Structured filters for clients (REST, assistants); every one given must match. */
export interface PurchaseOrderFilters {
  status?: PurchaseOrderStatus;
  supplierId?: string;
  ids?: string[];
  createdAtMin?: Date;
  createdAtMax?: Date;
}

/** One page of the shop's orders matching `filters`, newest first, and how many match in all. */
export async function searchPurchaseOrders(
  db: PrismaClient,
  shopDomain: string,
  filters: PurchaseOrderFilters,
  paging: { page: number; perPage: number },
): Promise<{ orders: PurchaseOrderSummary[]; total: number }> {
  const createdAt = {
    ...(filters.createdAtMin ? { gte: filters.createdAtMin } : {}),
    ...(filters.createdAtMax ? { lte: filters.createdAtMax } : {}),
  };
  const where: Prisma.PurchaseOrderWhereInput = {
    // Soft-deleted (cancelled, then deleted) orders stay in the database for their audit trail only.
    shop: { domain: shopDomain },
    deletedAt: null,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.supplierId ? { supplierId: filters.supplierId } : {}),
    ...(filters.ids ? { id: { in: filters.ids } } : {}),
    ...(Object.keys(createdAt).length > 0 ? { createdAt } : {}),
  };
  const [total, orders] = await Promise.all([
    db.purchaseOrder.count({ where }),
    db.purchaseOrder.findMany({
      where,
      orderBy: { number: "desc" },
      skip: (paging.page - 1) * paging.perPage,
      take: paging.perPage,
      include: SUMMARY_INCLUDE,
    }),
  ]);
  return { total, orders: orders.map(purchaseOrderSummary) };
}
