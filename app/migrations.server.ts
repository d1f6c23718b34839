import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { createClient, LibsqlError, type Client } from "@libsql/client";

/**
 * Applies the committed SQL migrations (prisma/migrations/<provider>/NNNN_name/migration.sql)
 * in name order, each in its own transaction together with its bookkeeping row. Prisma's own
 * `migrate` needs a native schema engine that cannot be installed on every machine we run on
 * (docs/decisions/002-migrations-without-prisma-engines.md); the SQL files stay what Prisma
 * would write, and tests/integration/migrations.test.ts checks them against schema.prisma.
 *
 * An applied migration whose file changed afterwards is refused: edit history by adding a
 * migration, never by rewriting one.
 */

export const MIGRATIONS_TABLE = "_inbound_migrations";

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
  ) {
    super(`Migration ${migration}: ${message}`);
    this.name = "MigrationError";
  }
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export type DatabaseProvider = "sqlite";

export function providerOf(databaseUrl: string): DatabaseProvider {
  if (databaseUrl.startsWith("file:") || databaseUrl.startsWith("libsql:")) return "sqlite";
  throw new MigrationError("(none)", `unsupported database URL scheme in ${databaseUrl.split(":")[0]}:`);
}

export function migrationsDirectory(provider: DatabaseProvider): string {
  return path.resolve(import.meta.dirname, "..", "prisma", "migrations", provider);
}

export async function readMigrations(directory: string): Promise<Migration[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function applyMigrations(
  databaseUrl: string,
  directory = migrationsDirectory(providerOf(databaseUrl)),
): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(directory);
  // Another process (a second app instance) may be migrating: wait for its lock, don't fail.
  const client = createClient({ url: databaseUrl, timeout: 30_000 });
  const applied: string[] = [];
  try {
    await client.execute(
      `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`,
    );
    for (const migration of migrations) {
      // Prisma-style table rebuilds (create new, copy, drop old, rename) need foreign keys off,
      // or dropping a parent cascades to its children; SQLite ignores that PRAGMA inside a
      // transaction, and transaction() takes this connection over, so it is set here first.
      await client.execute("PRAGMA foreign_keys=OFF");
      // A write transaction takes the database lock first, so two processes migrating at once
      // serialise and the second sees the first's bookkeeping row.
      const tx = await client.transaction("write");
      try {
        const existing = await tx.execute({
          sql: `SELECT "checksum" FROM "${MIGRATIONS_TABLE}" WHERE "name" = ?`,
          args: [migration.name],
        });
        const row = existing.rows[0];
        if (row) {
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(migration.name, "was changed after it was applied; add a new migration instead");
          }
          await tx.rollback();
          continue;
        }
        await tx.executeMultiple(migration.sql);
        const violations = await tx.execute("PRAGMA foreign_key_check");
        if (violations.rows.length > 0) {
          throw new MigrationError(migration.name, `leaves ${violations.rows.length} row(s) violating foreign keys`);
        }
        await tx.execute({
          sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`,
          args: [migration.name, migration.checksum, new Date().toISOString()],
        });
        await tx.commit();
        applied.push(migration.name);
      } catch (error) {
        if (!tx.closed) await tx.rollback();
        throw error instanceof MigrationError ? error : new MigrationError(migration.name, String(error));
      }
    }
    if (databaseUrl.startsWith("file:")) await useWriteAheadLog(client);
  } finally {
    client.close();
  }
  return { applied };
}

/**
 * Write-ahead logging, kept in the file once set: the app, the worker and scripts share the
 * database, and in WAL readers never wait for a writer nor a writer for readers, so a long read
 * in one process cannot hold another's write past its busy timeout. Switching needs the database
 * to itself; while another process is using it, the switch waits for a later start.
 */
async function useWriteAheadLog(client: Client): Promise<void> {
  try {
    await client.execute("PRAGMA journal_mode=WAL");
  } catch (error) {
    if (!(error instanceof LibsqlError && error.code === "SQLITE_BUSY")) throw error;
  }
}
