import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createClient } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import pg from "pg";

import { createPrismaClient } from "~/db-client.server";
import { type DatabaseProvider, providerOf } from "~/db-provider.server";
import { applyMigrations } from "~/migrations.server";

/**
 * The database the integration suites run on: SQLite files unless INBOUND_TEST_DATABASE=postgresql
 * (scripts/test.sh runs them on both). PostgreSQL is the server at INBOUND_TEST_POSTGRESQL_URL
 * (default: the local one, user postgres), one fresh database per test file.
 */
export const TEST_DATABASE_PROVIDER: DatabaseProvider = process.env.INBOUND_TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

/** For `it.skipIf(onPostgresql)`: a test of SQLite's own behaviour (say which in a comment). */
export const onPostgresql = TEST_DATABASE_PROVIDER === "postgresql";

const POSTGRESQL_SERVER_URL = process.env.INBOUND_TEST_POSTGRESQL_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** Test databases are named so; CI drops any a killed run left behind (.ci/run). */
export const POSTGRESQL_TEST_DATABASE_PREFIX = "inbound_test_";

export interface TestDatabase {
  url: string;
  db: PrismaClient;
  cleanup(): Promise<void>;
}

export interface EmptyDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A real database, migrated exactly as production is, private to one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const empty = await createEmptyDatabase();
  await applyMigrations(empty.url);
  const db = createPrismaClient(empty.url);
  return {
    url: empty.url,
    db,
    async cleanup() {
      await db.$disconnect();
      await empty.drop();
    },
  };
}

/** A database with nothing in it (not even migrations), on the suite's provider unless told. */
export async function createEmptyDatabase(provider = TEST_DATABASE_PROVIDER): Promise<EmptyDatabase> {
  if (provider === "postgresql") {
    const name = `${POSTGRESQL_TEST_DATABASE_PREFIX}${randomBytes(8).toString("hex")}`;
    // A test database need not survive a crash: commits do not wait for the log to reach disk.
    await onPostgresqlServer(`CREATE DATABASE "${name}"`, `ALTER DATABASE "${name}" SET synchronous_commit = off`);
    const url = new URL(POSTGRESQL_SERVER_URL);
    url.pathname = `/${name}`;
    // WITH (FORCE): a child process or pool the test left open must not keep the database alive.
    return { url: url.toString(), drop: () => onPostgresqlServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const directory = mkdtempSync(path.join(tmpdir(), "inbound-test-"));
  return {
    url: `file:${path.join(directory, "test.db")}`,
    drop: async () => rmSync(directory, { recursive: true, force: true }),
  };
}

async function onPostgresqlServer(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRESQL_SERVER_URL });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One SQL statement on its own connection, outside Prisma (as another tool would run it): its rows. */
export async function query(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  if (providerOf(url) === "postgresql") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const client = createClient({ url });
  try {
    return (await client.execute(sql)).rows.map((row) => ({ ...row }));
  } finally {
    client.close();
  }
}
