import { createHash, randomUUID } from "node:crypto";

import type { DeliveryFile, Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { checkDeliveryFile, guardFileCount, guardFileRemoval } from "~/domain/files";

import type { Actor } from "./actor";
import { deliveryOfShop } from "./deliveries.server";
import type { FileStorage } from "./storage/file-storage";

/**
 * Delivery note files: the bytes go to file storage under a generated key, the row (name, type
 * sniffed from the content, size, sha256) and an audit entry to the database. Storage is not
 * part of the transaction, so the bytes are written first and removed again when the row is
 * not saved; a removed row's bytes go once its transaction has committed.
 */

export interface DeliveryFileDeps {
  db: PrismaClient;
  storage: FileStorage;
}

export interface DeliveryFileView {
  id: string;
  fileName: string;
  /** Sniffed from the content when uploaded. */
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface DeliveryFileUpload {
  /** The name the client gave; shown and downloaded under a cleaned-up version of it. */
  fileName: string;
  bytes: Uint8Array;
}

type Db = PrismaClient | Prisma.TransactionClient;


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

/**
 * The delivery, loaded after a write that changes nothing but takes its lock: concurrent uploads
 * count the files one after another, and a removal cannot slip past a submit.
 */
async function lockDelivery(tx: Prisma.TransactionClient, shopDomain: string, deliveryId: string) {
  await tx.delivery.updateMany({ where: deliveryOfShop(shopDomain, deliveryId), data: { number: { increment: 0 } } });
  return findDelivery(tx, shopDomain, deliveryId);
}

type LockedDelivery = Awaited<ReturnType<typeof findDelivery>>;

async function audit(
  tx: Prisma.TransactionClient,
  actor: Actor,
  delivery: LockedDelivery,
  action: "upload_delivery_file" | "delete_delivery_file",
  file: DeliveryFile,
) {
  const { purchaseOrder } = delivery;
  await tx.auditEntry.create({
    data: {
      shopId: purchaseOrder.shopId,
      purchaseOrderId: purchaseOrder.id,
      actorType: actor.type,
      actorId: actor.id,
      action,
      fromStatus: purchaseOrder.status,
      toStatus: purchaseOrder.status,
      changes: JSON.stringify({
        deliveryId: delivery.id,
        deliveryNumber: delivery.number,
        fileId: file.id,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
      }),
    },
  });
}

function fileView(file: DeliveryFile): DeliveryFileView {
  return {
    id: file.id,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
  };
}

/** Where a shop's delivery files live: one prefix, so erasing the shop erases them. */
export function shopFilesPrefix(shopId: string): string {
  return `delivery-files/${shopId}`;
}

/**
 * Adds a delivery note file: at most 10 per delivery, a PDF or an image by content, at most
 * 20 MB. Allowed on drafts and submitted deliveries alike (a note may arrive after the goods).
 */
export async function uploadDeliveryFile(
  { db, storage }: DeliveryFileDeps,
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
  upload: DeliveryFileUpload,
): Promise<DeliveryFileView> {
  const checked = checkDeliveryFile(upload.fileName, upload.bytes);
  const { purchaseOrder } = await findDelivery(db, shopDomain, deliveryId);
  const storageKey = `${shopFilesPrefix(purchaseOrder.shopId)}/${deliveryId}/${randomUUID()}`;
  await storage.put(storageKey, upload.bytes);
  try {
    return await db.$transaction(async (tx) => {
      const delivery = await lockDelivery(tx, shopDomain, deliveryId);
      guardFileCount(await tx.deliveryFile.count({ where: { deliveryId } }));
      const file = await tx.deliveryFile.create({
        data: {
          deliveryId,
          fileName: checked.fileName,
          contentType: checked.type.contentType,
          size: upload.bytes.length,
          storageKey,
          sha256: createHash("sha256").update(upload.bytes).digest("hex"),
        },
      });
      await audit(tx, actor, delivery, "upload_delivery_file", file);
      return fileView(file);
    });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
}

/** The delivery's files, oldest first. */
export async function listDeliveryFiles(db: Db, shopDomain: string, deliveryId: string): Promise<DeliveryFileView[]> {
  await findDelivery(db, shopDomain, deliveryId);
  const files = await db.deliveryFile.findMany({ where: { deliveryId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return files.map(fileView);
}

async function findFile(db: Db, shopDomain: string, deliveryId: string, fileId: string) {
  const file = await db.deliveryFile.findFirst({ where: { id: fileId, delivery: deliveryOfShop(shopDomain, deliveryId) } });
  if (!file) throw new NotFoundError("Delivery file", fileId);
  return file;
}

/** One file with its bytes, for download. */
export async function readDeliveryFile(
  { db, storage }: DeliveryFileDeps,
  shopDomain: string,
  deliveryId: string,
  fileId: string,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array<ArrayBuffer> }> {
  const file = await findFile(db, shopDomain, deliveryId, fileId);
  const bytes = await storage.get(file.storageKey);
  if (!bytes) throw new Error(`The stored bytes of delivery file ${file.id} (${file.storageKey}) are missing`);
  return { fileName: file.fileName, contentType: file.contentType, bytes };
}

/** Removes a file from a draft delivery; a submitted delivery keeps its files (GuardrailError). */
export async function deleteDeliveryFile(
  { db, storage }: DeliveryFileDeps,
  shopDomain: string,
  actor: Actor,
  deliveryId: string,
  fileId: string,
): Promise<void> {
  const removed = await db.$transaction(async (tx) => {
    const delivery = await lockDelivery(tx, shopDomain, deliveryId);
    const file = await findFile(tx, shopDomain, deliveryId, fileId);
    guardFileRemoval(delivery.status);
    await tx.deliveryFile.delete({ where: { id: file.id } });
    await audit(tx, actor, delivery, "delete_delivery_file", file);
    return file;
  });
  await storage.delete(removed.storageKey);
}
