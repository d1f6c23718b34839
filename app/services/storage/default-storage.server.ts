import { z } from "zod";

import { InvalidEnvironmentError } from "~/env-schema.server";

import type { FileStorage } from "./file-storage";
import { createLocalDiskStorage } from "./local-disk.server";

/**
 * The app's one file storage, made from the environment when it is first used:
 * - INBOUND_FILE_STORAGE: `disk` (the default) keeps uploaded files in a directory on this
 *   machine; `database` keeps them in the app's database (table StoredFile), so app processes and
 *   workers on several machines share files through the database alone.
 * - INBOUND_FILES_DIR: the directory for `disk` (default `storage/files`, relative to the working
 *   directory, i.e. the project).
 * Made on first use rather than on import, so a process that sets its environment after
 * importing app code (the tests, scripts) still gets the storage it set.
 */
const storageSchema = z.object({
  INBOUND_FILE_STORAGE: z.enum(["disk", "database"]).default("disk"),
  INBOUND_FILES_DIR: z.string().trim().min(1).default("storage/files"),
});

export function parseStorageEnvironment(source: Record<string, string | undefined>): z.infer<typeof storageSchema> {
  const parsed = storageSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return parsed.data;
}

let storage: Promise<FileStorage> | undefined;

async function make(): Promise<FileStorage> {
  const environment = parseStorageEnvironment(process.env);
  if (environment.INBOUND_FILE_STORAGE === "disk") return createLocalDiskStorage(environment.INBOUND_FILES_DIR);
  // Imported here: the database client reads the environment when imported.
  const [{ default: db }, { createDatabaseStorage }] = await Promise.all([import("~/db.server"), import("./database.server")]);
  return createDatabaseStorage(db);
}

const current = () => (storage ??= make());

const fileStorage: FileStorage = {
  put: async (key, bytes) => (await current()).put(key, bytes),
  get: async (key) => (await current()).get(key),
  delete: async (key) => (await current()).delete(key),
  deletePrefix: async (prefix) => (await current()).deletePrefix(prefix),
};

export default fileStorage;

/**
 * Removes the files under a prefix that live outside the database (on disk). In the database they
 * are rows, erased in the caller's transaction (eraseShopData): deleting them here, on another
 * connection, would wait for that transaction's write lock on SQLite.
 */
export async function deleteFilesOutsideDatabase(prefix: string): Promise<void> {
  if (parseStorageEnvironment(process.env).INBOUND_FILE_STORAGE === "database") return;
  await fileStorage.deletePrefix(prefix);
}
