import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { PrismaClient } from "@prisma/client";

import { createPrismaClient } from "~/db-client.server";
import { applyMigrations } from "~/migrations.server";

export interface TestDatabase {
  url: string;
  db: PrismaClient;
  cleanup(): Promise<void>;
}

/** A real SQLite database file, migrated exactly as production is, private to one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const directory = mkdtempSync(path.join(tmpdir(), "inbound-test-"));
  const url = `file:${path.join(directory, "test.db")}`;
  await applyMigrations(url);
  const db = createPrismaClient(url);
  return {
    url,
    db,
    async cleanup() {
      await db.$disconnect();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
