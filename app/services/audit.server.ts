import type { PrismaClient } from "@prisma/client";

import { requireShopOrder } from "./purchase-order-lifecycle.server";

/** An order's audit log, newest first: every change, who made it, and what changed. */
export interface AuditEntryView {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorType: string;
  actorId: string;
  changes: Record<string, unknown>;
  createdAt: Date;
}

/** The order's audit entries, newest first (not found for another shop's order). */
export async function listOrderAudit(db: PrismaClient, shopDomain: string, orderId: string): Promise<AuditEntryView[]> {
  await requireShopOrder(db, shopDomain, orderId);
  const entries = await db.auditEntry.findMany({ where: { purchaseOrderId: orderId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return entries.map((entry) => ({
    id: entry.id,
    action: entry.action,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    actorType: entry.actorType,
    actorId: entry.actorId,
    changes: JSON.parse(entry.changes ?? "{}") as Record<string, unknown>,
    createdAt: entry.createdAt,
  }));
}
