import { z } from "zod";

import { InvalidEnvironmentError } from "~/env-schema.server";

import type { FileStorage } from "./file-storage";
import { createLocalDiskStorage } from "./local-disk.server";

/**
 * The app's one file storage, made from the environment when it is first used:
 * INBOUND_FILES_DIR is the directory that keeps uploaded files (default `storage/files`,
 * relative to the working directory, i.e. the project). Deployments on several machines point
 * it at shared storage or replace this module's local disk with an object store. Made on first
 * use rather than on import, so a process that sets its environment after importing app code
 * (the tests, scripts) still gets the directory it set.
 */
const storageSchema = z.object({ INBOUND_FILES_DIR: z.string().trim().min(1).default("storage/files") });

function parseFilesDirectory(source: Record<string, string | undefined>): string {
  const parsed = storageSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  return parsed.data.INBOUND_FILES_DIR;
}

let storage: FileStorage | undefined;
const current = () => (storage ??= createLocalDiskStorage(parseFilesDirectory(process.env)));

const fileStorage: FileStorage = {
  put: (key, bytes) => current().put(key, bytes),
  get: (key) => current().get(key),
  delete: (key) => current().delete(key),
  deletePrefix: (prefix) => current().deletePrefix(prefix),
};

export default fileStorage;
