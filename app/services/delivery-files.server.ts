import type { Prisma } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { DELIVERY_NOTE, guardFileRemoval } from "~/domain/files";

import type { Actor } from "./actor";
import {
  deleteAttachedFile,
  listAttachedFiles,
  readAttachedFile,
  uploadAttachedFile,
  type AttachedFileDeps,
  type AttachedFiles,
  type AttachedFileUpload,
  type AttachedFileView,
  type Db,
} from "./attached-files.server";
import { deliveryOfShop } from "./deliveries.server";

/**
 * Delivery note files, through the shared attached-files steps (attached-files.server.ts): a
 * delivery holds them, its order's audit records them, and only a draft's can be removed.
 */

export type DeliveryFileDeps = AttachedFileDeps;
export type DeliveryFileView = AttachedFileView;
export type DeliveryFileUpload = AttachedFileUpload;

// The shops' file prefix was first the delivery files'; erasing a shop still finds it here.
export { shopFilesPrefix } from "./attached-files.server";

const deliverySelect = {
  id: true,
  number: true,
  status: true,
  purchaseOrder: { select: { id: true, shopId: true, status: true } },
} satisfies Prisma.DeliverySelect;

async function findDelivery(db: Db, shopDomain: string, deliveryId: string) {
  const delivery = await db.delivery.findFirst({ where: deliveryOfShop(shopDomain, deliveryId), select: deliverySelect });
  if (!delivery) throw new NotFoundError("Delivery", deliveryId);
  return delivery;
}

const deliveryFiles: AttachedFiles<Awaited<ReturnType<typeof findDelivery>>> = {
  kind: DELIVERY_NOTE,
  fileLabel: "Delivery file",
  actions: { upload: "upload_delivery_file", delete: "delete_delivery_file" },
  find: findDelivery,
  async lock(tx, shopDomain, deliveryId) {
    await tx.delivery.updateMany({ where: deliveryOfShop(shopDomain, deliveryId), data: { number: { increment: 0 } } });
    return findDelivery(tx, shopDomain, deliveryId);
  },
  audit: ({ id, number, purchaseOrder }) => ({
    shopId: purchaseOrder.shopId,
    purchaseOrderId: purchaseOrder.id,
    status: purchaseOrder.status,
    changes: { deliveryId: id, deliveryNumber: number },
  }),
  folder: (deliveryId) => deliveryId,
  // Allowed on drafts and submitted deliveries alike (a note may arrive after the goods); removed only from drafts.
  guardRemoval: (delivery) => guardFileRemoval(delivery.status),
  count: (db, deliveryId) => db.deliveryFile.count({ where: { deliveryId } }),
  create: (tx, deliveryId, file) => tx.deliveryFile.create({ data: { deliveryId, ...file } }),
  list: (db, deliveryId) => db.deliveryFile.findMany({ where: { deliveryId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  findFile: (db, shopDomain, deliveryId, fileId) =>
    db.deliveryFile.findFirst({ where: { id: fileId, delivery: deliveryOfShop(shopDomain, deliveryId) } }),
  remove: async (tx, fileId) => {
    await tx.deliveryFile.delete({ where: { id: fileId } });
  },
};

/** Adds a delivery note file: at most 10 per delivery, a PDF or an image by content, at most 20 MB. */
export function uploadDeliveryFile(deps: DeliveryFileDeps, shopDomain: string, actor: Actor, deliveryId: string, upload: DeliveryFileUpload) {
  return uploadAttachedFile(deliveryFiles, deps, shopDomain, actor, deliveryId, upload);
}

/** The delivery's files, oldest first. */
export function listDeliveryFiles(db: Db, shopDomain: string, deliveryId: string) {
  return listAttachedFiles(deliveryFiles, db, shopDomain, deliveryId);
}

/** One file with its bytes, for download. */
export function readDeliveryFile(deps: DeliveryFileDeps, shopDomain: string, deliveryId: string, fileId: string) {
  return readAttachedFile(deliveryFiles, deps, shopDomain, deliveryId, fileId);
}

/** Removes a file from a draft delivery; a submitted delivery keeps its files (GuardrailError). */
export function deleteDeliveryFile(deps: DeliveryFileDeps, shopDomain: string, actor: Actor, deliveryId: string, fileId: string) {
  return deleteAttachedFile(deliveryFiles, deps, shopDomain, actor, deliveryId, fileId);
}
