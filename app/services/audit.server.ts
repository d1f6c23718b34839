import type { PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";

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
  // Only whether the order is the shop's: its lines and bookings are not needed here.
  const order = await db.purchaseOrder.findFirst({ where: { id: orderId, shop: { domain: shopDomain }, deletedAt: null }, select: { id: true } });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  const entries = await db.auditEntry.findMany({ where: { purchaseOrderId: order.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
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
