import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

/**
 * A Prisma client on the libSQL driver adapter (no native Prisma engine needed). Several
 * processes share one SQLite file — the app and the effects worker — so a connection waits
 * for another writer's lock instead of failing at once with "database is locked".
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
}
