import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "vitest";

import { ValidationError } from "~/domain/errors";
import type { AttachedFileDeps } from "~/services/attached-files.server";
import type { FileStorage } from "~/services/storage/file-storage";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import { useProductionLikeEnvironment } from "./app-env";
import { createTestDatabase, type TestDatabase } from "./database";
import { installShopAndNeighbour } from "./shopify";

/** Tests of attached files (delivery notes, order documents): two shops, their sessions, a real directory for the bytes. */

export interface FileShops {
  database: TestDatabase;
  filesDirectory: string;
  deps: AttachedFileDeps;
  supplierId: string;
  otherSupplierId: string;
}

/** Installs the shop and its neighbour with offline sessions (the routes authenticate) and points the app at a new files directory. */
export async function setUpFileShops(shop: string, otherShop: string, directoryPrefix: string): Promise<FileShops> {
  const database = await createTestDatabase();
  const filesDirectory = mkdtempSync(path.join(tmpdir(), directoryPrefix));
  useProductionLikeEnvironment(database.url);
  process.env.INBOUND_FILES_DIR = filesDirectory;
  const deps = { db: database.db, storage: createLocalDiskStorage(filesDirectory) };
  const { supplierId, otherSupplierId } = await installShopAndNeighbour(database.db, shop, otherShop);
  for (const domain of [shop, otherShop]) {
    await database.db.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: `shpat_${domain}`, scope: process.env.SCOPES! },
    });
  }
  return { database, filesDirectory, deps, supplierId, otherSupplierId };
}

export async function tearDownFileShops({ database, filesDirectory }: Pick<FileShops, "database" | "filesDirectory">): Promise<void> {
  const { default: prisma } = await import("~/db.server");
  await prisma.$disconnect();
  await database.cleanup();
  rmSync(filesDirectory, { recursive: true, force: true });
  delete process.env.INBOUND_FILES_DIR;
}

/** The error the promise was rejected with; fails if it was fulfilled. */
export async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: unknown) => error,
  );
}

/** The message of the ValidationError the upload was refused with, on the field `file`. */
export async function fileError(promise: Promise<unknown>): Promise<string> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fieldErrors.file!;
}

/** The bytes stored in one owner's folder (a path under any shop's prefix) of the files directory. */
export function storedFiles(filesDirectory: string, folder: string): string[] {
  return readdirSync(path.join(filesDirectory, "delivery-files")).flatMap((shopFolder) => {
    try {
      return readdirSync(path.join(filesDirectory, "delivery-files", shopFolder, folder));
    } catch {
      return [];
    }
  });
}

/** The storage, counting which keys were written and removed. */
export function recordingStorage(storage: FileStorage) {
  const puts: string[] = [];
  const deletes: string[] = [];
  const recording: FileStorage = {
    put: (key, bytes) => (puts.push(key), storage.put(key, bytes)),
    get: (key) => storage.get(key),
    delete: (key) => (deletes.push(key), storage.delete(key)),
    deletePrefix: (prefix) => storage.deletePrefix(prefix),
  };
  return { recording, puts, deletes };
}
