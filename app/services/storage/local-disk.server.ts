import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { assertStorageKey, type FileStorage } from "./file-storage";

/**
 * File storage in a directory on the app's own disk: each key is a file under `root`. Writes go
 * to a temporary name first and are renamed into place, so a reader never sees half a file.
 */
export function createLocalDiskStorage(root: string): FileStorage {
  const directory = path.resolve(root);
  const locate = (key: string) => {
    assertStorageKey(key);
    return path.join(directory, ...key.split("/"));
  };
  return {
    async put(key, bytes) {
      const target = locate(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.partial`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(locate(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(locate(key), { force: true });
    },
    async deletePrefix(prefix) {
      // Keys are paths under the root, so a prefix of whole segments is a directory.
      await rm(locate(prefix), { recursive: true, force: true });
    },
  };
}
