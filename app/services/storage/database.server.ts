import type { Prisma, PrismaClient } from "@prisma/client";

import { now } from "~/clock.server";
import { chunks } from "~/db-chunks.server";

import { assertStorageKey, type FileStorage } from "./file-storage";

/**
 * File storage in the app's own database (table StoredFile, one row per key): what app processes
 * and workers on several machines share without a shared disk or an object store. A put is one
 * statement, so a reader sees the old bytes or the new, never half a file.
 */
export function createDatabaseStorage(db: PrismaClient): FileStorage {
  return {
    async put(key, bytes) {
      assertStorageKey(key);
      const stored = { bytes: new Uint8Array(bytes), size: bytes.byteLength, storedAt: now() };
      await db.storedFile.upsert({ where: { key }, create: { key, ...stored }, update: stored });
    },
    async get(key) {
      assertStorageKey(key);
      const row = await db.storedFile.findUnique({ where: { key }, select: { bytes: true } });
      return row ? new Uint8Array(row.bytes) : null;
    },
    async delete(key) {
      assertStorageKey(key);
      await db.storedFile.deleteMany({ where: { key } });
    },
    async deletePrefix(prefix) {
      await deleteStoredFilesUnder(db, prefix);
    },
  };
}

/**
 * Deletes the StoredFile rows under a prefix of whole segments, as on disk: "shops/a" removes
 * "shops/a/…", never "shops/ab/…". Prisma's startsWith is SQL's LIKE, where "_" (allowed in keys)
 * matches any character: it finds candidates, and the keys are matched exactly here. Takes a
 * transaction too: erasing a shop removes its stored files with its other rows (eraseShopData).
 */
export async function deleteStoredFilesUnder(db: PrismaClient | Prisma.TransactionClient, prefix: string): Promise<void> {
  assertStorageKey(prefix);
  const candidates = await db.storedFile.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } });
  const keys = candidates.map((row) => row.key).filter((key) => key === prefix || key.startsWith(`${prefix}/`));
  for (const chunk of chunks(keys)) await db.storedFile.deleteMany({ where: { key: { in: chunk } } });
}
