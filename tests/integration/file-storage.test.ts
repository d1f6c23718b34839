import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDatabaseStorage } from "~/services/storage/database.server";
import { parseStorageEnvironment } from "~/services/storage/default-storage.server";
import type { FileStorage } from "~/services/storage/file-storage";
import { createLocalDiskStorage } from "~/services/storage/local-disk.server";

import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * The two file storages keep one contract (app/services/storage/file-storage.ts): the local disk
 * (the embedded default) and the database (INBOUND_FILE_STORAGE=database, for processes on
 * several machines), the latter on the suite's database, SQLite or PostgreSQL.
 */
let database: TestDatabase;
let directory: string;
const storages: Record<string, () => FileStorage> = {
  disk: () => createLocalDiskStorage(directory),
  database: () => createDatabaseStorage(database.db),
};

beforeAll(async () => {
  database = await createTestDatabase();
  directory = mkdtempSync(path.join(tmpdir(), "inbound-storage-"));
});
afterAll(async () => {
  await database.cleanup();
  rmSync(directory, { recursive: true, force: true });
});

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (stored: Uint8Array | null) => (stored === null ? null : new TextDecoder().decode(stored));

describe.each(Object.keys(storages))("file storage on %s", (kind) => {
  const storage = () => storages[kind]!();

  it("gives back the bytes stored under a key, the latest when stored twice, and null for a key never stored", async () => {
    const binary = new Uint8Array([0, 255, 1, 254, 0x25, 0x50, 0x44, 0x46]);
    await storage().put(`${kind}/shops/s1/files/a`, binary);
    await storage().put(`${kind}/shops/s1/files/b`, bytes("first"));
    await storage().put(`${kind}/shops/s1/files/b`, bytes("second"));

    expect(await storage().get(`${kind}/shops/s1/files/a`)).toEqual(binary);
    expect(text(await storage().get(`${kind}/shops/s1/files/b`))).toBe("second");
    expect(await storage().get(`${kind}/shops/s1/files/never`)).toBeNull();
  });

  it("deletes one key (again without error), and every key under a prefix of whole segments", async () => {
    for (const key of ["shops/s2/files/a", "shops/s2/files/b", "shops/s22/files/a", "shops/s3/files/a", "shops/s_4/a", "shops/sx4/a"])
      await storage().put(`${kind}/${key}`, bytes(key));

    await storage().delete(`${kind}/shops/s3/files/a`);
    await storage().delete(`${kind}/shops/s3/files/a`);
    await storage().deletePrefix(`${kind}/shops/s2`);
    // "_" is a wildcard in SQL's LIKE: the prefix is matched as written.
    await storage().deletePrefix(`${kind}/shops/s_4`);

    expect(await storage().get(`${kind}/shops/s3/files/a`)).toBeNull();
    expect(await storage().get(`${kind}/shops/s2/files/a`)).toBeNull();
    expect(await storage().get(`${kind}/shops/s2/files/b`)).toBeNull();
    expect(text(await storage().get(`${kind}/shops/s22/files/a`))).toBe("shops/s22/files/a");
    expect(await storage().get(`${kind}/shops/s_4/a`)).toBeNull();
    expect(text(await storage().get(`${kind}/shops/sx4/a`))).toBe("shops/sx4/a");
  });

  it("refuses a key that could leave the storage or name something odd, storing nothing", async () => {
    for (const key of ["../escape", "a//b", "/abs", "a/b%", "a_b/c d", ""]) {
      await expect(storage().put(key, bytes("x"))).rejects.toThrow("Invalid storage key");
    }
  });
});

describe("choosing the storage", () => {
  it("keeps files on disk unless told database, and names a wrong choice", () => {
    expect(parseStorageEnvironment({})).toEqual({ INBOUND_FILE_STORAGE: "disk", INBOUND_FILES_DIR: "storage/files" });
    expect(parseStorageEnvironment({ INBOUND_FILE_STORAGE: "database" }).INBOUND_FILE_STORAGE).toBe("database");
    expect(() => parseStorageEnvironment({ INBOUND_FILE_STORAGE: "s3" })).toThrow("INBOUND_FILE_STORAGE");
  });
});
