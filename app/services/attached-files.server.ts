import { createHash, randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@prisma/client";

import { NotFoundError } from "~/domain/errors";
import { checkAttachedFile, guardFileCount, type AttachmentKind } from "~/domain/files";

import type { Actor } from "./actor";
import type { FileStorage } from "./storage/file-storage";

/**
 * Files attached to something of a shop (a delivery's notes, an order's documents): the bytes go
 * to file storage under a generated key, the row (name, type sniffed from the content, size,
 * sha256) and an audit entry to the database. Storage is not part of the transaction, so the
 * bytes are written first and removed again when the row is not saved; a removed row's bytes go
 * once its transaction has committed. Each owner says how it is found, locked and audited and
 * which table holds its files (an `AttachedFiles`); the steps are the same for all.
 */

export interface AttachedFileDeps {
  db: PrismaClient;
  storage: FileStorage;
}

export type Db = PrismaClient | Prisma.TransactionClient;

/** The columns every file table has (DeliveryFile, PurchaseOrderDocument). */
export interface AttachedFileRow {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
  sha256: string;
  createdAt: Date;
}

export interface AttachedFileView {
  id: string;
  fileName: string;
  /** Sniffed from the content when uploaded. */
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface AttachedFileUpload {
  /** The name the client gave; shown and downloaded under a cleaned-up version of it. */
  fileName: string;
  bytes: Uint8Array;
}

export type NewAttachedFile = Omit<AttachedFileRow, "id" | "createdAt">;

/** What the audit entry of a file change records about its owner. */
export interface OwnerAudit {
  shopId: string;
  purchaseOrderId: string;
  /** The order's status, unchanged by a file. */
  status: string;
  /** Owner fields recorded before the file's (e.g. the delivery and its number). */
  changes: Record<string, unknown>;
}

/** One kind of owner and its file table. Every lookup is scoped by the shop: another shop's owner or file is not found. */
export interface AttachedFiles<Owner> {
  kind: AttachmentKind;
  /** Names the file in NotFoundError ("Delivery file"). */
  fileLabel: string;
  actions: { upload: string; delete: string };
  /** The owner, or NotFoundError. */
  find(db: Db, shopDomain: string, ownerId: string): Promise<Owner>;
  /**
   * The owner, loaded after a write that changes nothing but takes its lock: concurrent uploads
   * count the files one after another, and a removal cannot slip past a change of the owner.
   */
  lock(tx: Prisma.TransactionClient, shopDomain: string, ownerId: string): Promise<Owner>;
  audit(owner: Owner): OwnerAudit;
  /** The owner's folder under the shop's prefix; keys of different owner kinds never collide. */
  folder(ownerId: string): string;
  /** Throws when the owner's files may not be removed now; absent when they always may. */
  guardRemoval?(owner: Owner): void;
  count(db: Db, ownerId: string): Promise<number>;
  create(tx: Prisma.TransactionClient, ownerId: string, file: NewAttachedFile): Promise<AttachedFileRow>;
  /** Oldest first. */
  list(db: Db, ownerId: string): Promise<AttachedFileRow[]>;
  /** The file of this owner of the shop, or null. */
  findFile(db: Db, shopDomain: string, ownerId: string, fileId: string): Promise<AttachedFileRow | null>;
  remove(tx: Prisma.TransactionClient, fileId: string): Promise<void>;
}

/** Where a shop's files live: one prefix, so erasing the shop (shop/redact) erases them all. */
export function shopFilesPrefix(shopId: string): string {
  return `delivery-files/${shopId}`;
}

function fileView(file: AttachedFileRow): AttachedFileView {
  return {
    id: file.id,
    fileName: file.fileName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    createdAt: file.createdAt.toISOString(),
  };
}

async function audit<Owner>(
  tx: Prisma.TransactionClient,
  owner: AttachedFiles<Owner>,
  actor: Actor,
  found: Owner,
  action: string,
  file: AttachedFileRow,
) {
  const { shopId, purchaseOrderId, status, changes } = owner.audit(found);
  await tx.auditEntry.create({
    data: {
      shopId,
      purchaseOrderId,
      actorType: actor.type,
      actorId: actor.id,
      action,
      fromStatus: status,
      toStatus: status,
      changes: JSON.stringify({
        ...changes,
        fileId: file.id,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
      }),
    },
  });
}

/** Adds a file: at most 10 per owner, a PDF or an image by content, at most 20 MB. */
export async function uploadAttachedFile<Owner>(
  owner: AttachedFiles<Owner>,
  { db, storage }: AttachedFileDeps,
  shopDomain: string,
  actor: Actor,
  ownerId: string,
  upload: AttachedFileUpload,
): Promise<AttachedFileView> {
  const checked = checkAttachedFile(owner.kind, upload.fileName, upload.bytes);
  const { shopId } = owner.audit(await owner.find(db, shopDomain, ownerId));
  const storageKey = `${shopFilesPrefix(shopId)}/${owner.folder(ownerId)}/${randomUUID()}`;
  await storage.put(storageKey, upload.bytes);
  try {
    return await db.$transaction(async (tx) => {
      const locked = await owner.lock(tx, shopDomain, ownerId);
      guardFileCount(owner.kind, await owner.count(tx, ownerId));
      const file = await owner.create(tx, ownerId, {
        fileName: checked.fileName,
        contentType: checked.type.contentType,
        size: upload.bytes.length,
        storageKey,
        sha256: createHash("sha256").update(upload.bytes).digest("hex"),
      });
      await audit(tx, owner, actor, locked, owner.actions.upload, file);
      return fileView(file);
    });
  } catch (error) {
    await storage.delete(storageKey);
    throw error;
  }
}

/** The owner's files, oldest first. */
export async function listAttachedFiles<Owner>(
  owner: AttachedFiles<Owner>,
  db: Db,
  shopDomain: string,
  ownerId: string,
): Promise<AttachedFileView[]> {
  await owner.find(db, shopDomain, ownerId);
  return (await owner.list(db, ownerId)).map(fileView);
}

async function requireFile<Owner>(owner: AttachedFiles<Owner>, db: Db, shopDomain: string, ownerId: string, fileId: string) {
  const file = await owner.findFile(db, shopDomain, ownerId, fileId);
  if (!file) throw new NotFoundError(owner.fileLabel, fileId);
  return file;
}

/** One file with its bytes, for download. */
export async function readAttachedFile<Owner>(
  owner: AttachedFiles<Owner>,
  { db, storage }: AttachedFileDeps,
  shopDomain: string,
  ownerId: string,
  fileId: string,
): Promise<{ fileName: string; contentType: string; bytes: Uint8Array<ArrayBuffer> }> {
  const file = await requireFile(owner, db, shopDomain, ownerId, fileId);
  const bytes = await storage.get(file.storageKey);
  if (!bytes) throw new Error(`The stored bytes of ${owner.fileLabel.toLowerCase()} ${file.id} (${file.storageKey}) are missing`);
  return { fileName: file.fileName, contentType: file.contentType, bytes };
}

/** Removes a file (when the owner's `guardRemoval` allows), then its bytes. */
export async function deleteAttachedFile<Owner>(
  owner: AttachedFiles<Owner>,
  { db, storage }: AttachedFileDeps,
  shopDomain: string,
  actor: Actor,
  ownerId: string,
  fileId: string,
): Promise<void> {
  const removed = await db.$transaction(async (tx) => {
    const locked = await owner.lock(tx, shopDomain, ownerId);
    const file = await requireFile(owner, tx, shopDomain, ownerId, fileId);
    owner.guardRemoval?.(locked);
    await owner.remove(tx, file.id);
    await audit(tx, owner, actor, locked, owner.actions.delete, file);
    return file;
  });
  await storage.delete(removed.storageKey);
}
