import type { Prisma } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { ORDER_DOCUMENT } from "~/domain/files";

import type { Actor } from "./actor";
import {
  deleteAttachedFile,
  listAttachedFiles,
  readAttachedFile,
  uploadAttachedFile,
  type AttachedFileDeps,
  type AttachedFiles,
  type AttachedFileUpload,
  type Db,
} from "./attached-files.server";

/**
 * The merchant's own papers on an order (the supplier's invoice, a quote), through the shared
 * attached-files steps (attached-files.server.ts): same types and limits as delivery notes.
 * Unlike a delivery's notes, which are evidence of what arrived, a document can be removed at
 * any time and in any status: it is the merchant's file, and nothing Inbound decides rests on it.
 */

const orderOfShop = (shopDomain: string, orderId: string) =>
  ({ id: orderId, shop: { domain: shopDomain }, deletedAt: null }) satisfies Prisma.PurchaseOrderWhereInput;

async function findOrder(db: Db, shopDomain: string, orderId: string) {
  const order = await db.purchaseOrder.findFirst({ where: orderOfShop(shopDomain, orderId), select: { id: true, shopId: true, status: true } });
  if (!order) throw new NotFoundError("Purchase order", orderId);
  return order;
}

const orderDocuments: AttachedFiles<Awaited<ReturnType<typeof findOrder>>> = {
  kind: ORDER_DOCUMENT,
  fileLabel: "Document",
  actions: { upload: "upload_order_document", delete: "delete_order_document" },
  find: findOrder,
  async lock(tx, shopDomain, orderId) {
    // A write of nothing: the order's version stays, so the order screen's forms do not go stale.
    await tx.purchaseOrder.updateMany({ where: orderOfShop(shopDomain, orderId), data: { number: { increment: 0 } } });
    return findOrder(tx, shopDomain, orderId);
  },
  audit: (order) => ({ shopId: order.shopId, purchaseOrderId: order.id, status: order.status, changes: {} }),
  // Beside the order's delivery folders (named by delivery ids, which never read "documents").
  folder: (orderId) => `documents/${orderId}`,
  count: (db, purchaseOrderId) => db.purchaseOrderDocument.count({ where: { purchaseOrderId } }),
  create: (tx, purchaseOrderId, file) => tx.purchaseOrderDocument.create({ data: { purchaseOrderId, ...file } }),
  list: (db, purchaseOrderId) => db.purchaseOrderDocument.findMany({ where: { purchaseOrderId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  findFile: (db, shopDomain, orderId, documentId) =>
    db.purchaseOrderDocument.findFirst({ where: { id: documentId, purchaseOrder: orderOfShop(shopDomain, orderId) } }),
  remove: async (tx, documentId) => {
    await tx.purchaseOrderDocument.delete({ where: { id: documentId } });
  },
};

export type { AttachedFileView as OrderDocumentView } from "./attached-files.server";

/** Adds a document: at most 10 per order, a PDF or an image by content, at most 20 MB; in any status. */
export function uploadOrderDocument(deps: AttachedFileDeps, shopDomain: string, actor: Actor, orderId: string, upload: AttachedFileUpload) {
  return uploadAttachedFile(orderDocuments, deps, shopDomain, actor, orderId, upload);
}

/** The order's documents, oldest first. */
export function listOrderDocuments(db: Db, shopDomain: string, orderId: string) {
  return listAttachedFiles(orderDocuments, db, shopDomain, orderId);
}

/** One document with its bytes, for download. */
export function readOrderDocument(deps: AttachedFileDeps, shopDomain: string, orderId: string, documentId: string) {
  return readAttachedFile(orderDocuments, deps, shopDomain, orderId, documentId);
}

/** Removes a document, in any status of the order. */
export function deleteOrderDocument(deps: AttachedFileDeps, shopDomain: string, actor: Actor, orderId: string, documentId: string) {
  return deleteAttachedFile(orderDocuments, deps, shopDomain, actor, orderId, documentId);
}
