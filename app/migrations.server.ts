import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { createClient, LibsqlError, type Client } from "@libsql/client";
import pg from "pg";

import { type DatabaseProvider, providerOf } from "./db-provider.server";

/**
 * Applies the committed SQL migrations (prisma/migrations/<provider>/NNNN_name/migration.sql,
 * the provider chosen by the database URL: sqlite or postgresql) in name order, each in its own
 * transaction together with its bookkeeping row. Prisma's own `migrate` needs a native schema
 * engine that cannot be installed on every machine we run on
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

export function migrationsDirectory(provider: DatabaseProvider): string {
  return path.resolve(import.meta.dirname, "..", "prisma", "migrations", provider);
}

export async function readMigrations(directory: string): Promise<Migration[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function applyMigrations(databaseUrl: string, directory?: string): Promise<{ applied: string[] }> {
  const provider = providerOf(databaseUrl);
  const migrations = await readMigrations(directory ?? migrationsDirectory(provider));
  const session = provider === "postgresql" ? await postgresqlSession(databaseUrl) : await sqliteSession(databaseUrl);
  const applied: string[] = [];
  try {
    for (const migration of migrations) {
      try {
        const done = await session.inTransaction(async (tx) => {
          const checksum = await tx.recordedChecksum(migration.name);
          if (checksum !== undefined) {
            if (checksum !== migration.checksum) {
              throw new MigrationError(migration.name, "was changed after it was applied; add a new migration instead");
            }
            return false;
          }
          await tx.run(migration);
          await tx.record(migration);
          return true;
        });
        if (done) applied.push(migration.name);
      } catch (error) {
        throw error instanceof MigrationError ? error : new MigrationError(migration.name, String(error));
      }
    }
    await session.finish();
  } finally {
    await session.close();
  }
  return { applied };
}

/** One database connection the runner applies migrations through, each in its own transaction. */
interface MigrationSession {
  /** Runs `work` in one transaction: committed when it returns true, rolled back when false or when it throws. */
  inTransaction(work: (tx: MigrationTransaction) => Promise<boolean>): Promise<boolean>;
  /** After every migration applied. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

interface MigrationTransaction {
  recordedChecksum(name: string): Promise<string | undefined>;
  run(migration: Migration): Promise<void>;
  record(migration: Migration): Promise<void>;
}

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" ("name" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

async function sqliteSession(databaseUrl: string): Promise<MigrationSession> {
  // Another process (a second app instance) may be migrating: wait for its lock, don't fail.
  const client = createClient({ url: databaseUrl, timeout: 30_000 });
  try {
    await client.execute(CREATE_MIGRATIONS_TABLE);
  } catch (error) {
    client.close();
    throw error;
  }
  return {
    async inTransaction(work) {
      // Prisma-style table rebuilds (create new, copy, drop old, rename) need foreign keys off,
      // or dropping a parent cascades to its children; SQLite ignores that PRAGMA inside a
      // transaction, and transaction() takes this connection over, so it is set here first.
      await client.execute("PRAGMA foreign_keys=OFF");
      // A write transaction takes the database lock first, so two processes migrating at once
      // serialise and the second sees the first's bookkeeping row.
      const tx = await client.transaction("write");
      try {
        const done = await work({
          async recordedChecksum(name) {
            const existing = await tx.execute({ sql: `SELECT "checksum" FROM "${MIGRATIONS_TABLE}" WHERE "name" = ?`, args: [name] });
            const checksum = existing.rows[0]?.checksum;
            return checksum === undefined || checksum === null ? undefined : String(checksum);
          },
          async run(migration) {
            await tx.executeMultiple(migration.sql);
            const violations = await tx.execute("PRAGMA foreign_key_check");
            if (violations.rows.length > 0) {
              throw new MigrationError(migration.name, `leaves ${violations.rows.length} row(s) violating foreign keys`);
            }
          },
          async record(migration) {
            await tx.execute({
              sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`,
              args: [migration.name, migration.checksum, new Date().toISOString()],
            });
          },
        });
        if (done) await tx.commit();
        else await tx.rollback();
        return done;
      } catch (error) {
        if (!tx.closed) await tx.rollback();
        throw error;
      }
    },
    async finish() {
      if (databaseUrl.startsWith("file:")) await useWriteAheadLog(client);
    },
    async close() {
      client.close();
    },
  };
}

/**
 * Held by a PostgreSQL runner from start to end: runners started together (several app
 * instances) apply one after the other, and the later ones find every migration recorded.
 */
const MIGRATION_LOCK_KEY = 16_010_002;

async function postgresqlSession(databaseUrl: string): Promise<MigrationSession> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    await client.query(CREATE_MIGRATIONS_TABLE);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    async inTransaction(work) {
      await client.query("BEGIN");
      try {
        const done = await work({
          async recordedChecksum(name) {
            const existing = await client.query<{ checksum: string }>(`SELECT "checksum" FROM "${MIGRATIONS_TABLE}" WHERE "name" = $1`, [name]);
            return existing.rows[0]?.checksum;
          },
          async run(migration) {
            // Without parameters, one query may hold many statements (the simple query protocol).
            await client.query(migration.sql);
          },
          async record(migration) {
            await client.query(`INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`, [
              migration.name,
              migration.checksum,
              new Date().toISOString(),
            ]);
          },
        });
        await client.query(done ? "COMMIT" : "ROLLBACK");
        return done;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    },
    async finish() {},
    async close() {
      // Ending the session releases the advisory lock too.
      await client.end();
    },
  };
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
