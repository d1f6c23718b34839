import { spawn } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db-client.server";
import { DATABASE_PROVIDERS, type DatabaseProvider, providerOf, schemaForProvider } from "~/db-provider.server";
import { applyMigrations, MIGRATIONS_TABLE, MigrationError, migrationsDirectory, readMigrations } from "~/migrations.server";

import { createEmptyDatabase, query, type EmptyDatabase } from "../support/database";
import {
  actualSchemaFromPostgresql,
  actualSchemaFromSqlite,
  expectedSchemaFromPrisma,
  migrationsMissingFromAProvider,
  schemaDifferences,
} from "../support/schema-introspection";

/**
 * The SQL migrations are written by hand (Prisma's migrate needs a native engine we cannot
 * install), so this file is what keeps them equal to prisma/schema.prisma on every provider and
 * in step with each other, and what tests the runner that applies them. Every database is real:
 * a SQLite file in a temp directory, or a fresh database on the local PostgreSQL server.
 */
const ROOT = resolve(import.meta.dirname, "..", "..");
const SCHEMA_TEXT = readFileSync(join(ROOT, "prisma", "schema.prisma"), "utf8");
const SQLITE_MIGRATIONS = migrationsDirectory("sqlite");
const workDir = mkdtempSync(join(tmpdir(), "inbound-"));
let databases = 0;
const created: EmptyDatabase[] = [];

afterAll(async () => {
  await Promise.all(created.map((database) => database.drop()));
  rmSync(workDir, { recursive: true, force: true });
});

async function freshDatabaseUrl(provider: DatabaseProvider = "sqlite"): Promise<string> {
  if (provider === "sqlite") return `file:${join(workDir, `db-${++databases}.db`)}`;
  const database = await createEmptyDatabase(provider);
  created.push(database);
  return database.url;
}

/** A private copy of a provider's committed migrations that a test may edit. */
function copyOfMigrations(provider: DatabaseProvider = "sqlite"): string {
  const directory = join(workDir, `migrations-${++databases}`);
  cpSync(migrationsDirectory(provider), directory, { recursive: true });
  return directory;
}

function writeMigration(directory: string, name: string, sql: string): void {
  mkdirSync(join(directory, name), { recursive: true });
  writeFileSync(join(directory, name, "migration.sql"), sql);
}

const recordedMigrations = async (url: string) =>
  (await query(url, `SELECT "name" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`)).map((row) => row.name);

const tableNames = async (url: string) =>
  (
    await query(
      url,
      providerOf(url) === "postgresql"
        ? `SELECT "table_name" AS "name" FROM information_schema.tables WHERE "table_schema" = current_schema() ORDER BY "table_name" COLLATE "C"`
        : `SELECT "name" FROM sqlite_master WHERE "type" = 'table' ORDER BY "name"`,
    )
  ).map((row) => row.name);

const actualSchema = (url: string) => (providerOf(url) === "postgresql" ? actualSchemaFromPostgresql(url) : actualSchemaFromSqlite(url));

/**
 * Replaces exactly one occurrence, so an edit that no longer matches the schema fails loudly.
 * Runs of spaces in `search` match any run of spaces, so realigning schema.prisma's columns
 * does not break these edits.
 */
function replaceOnce(text: string, search: string, replacement: string): string {
  const pattern = new RegExp(search.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ +/g, " +"), "g");
  expect(text.match(pattern) ?? [], `"${search}" should occur once in schema.prisma`).toHaveLength(1);
  return text.replace(pattern, replacement);
}

describe.each(DATABASE_PROVIDERS)("schema.prisma and the %s migrations", (provider) => {
  const schemaText = schemaForProvider(SCHEMA_TEXT, provider);

  it("applying every migration to an empty database gives exactly the schema schema.prisma describes", async () => {
    const url = await freshDatabaseUrl(provider);
    await applyMigrations(url);

    const expected = expectedSchemaFromPrisma(schemaText);
    const actual = await actualSchema(url);

    // Guards against both sides being empty for the same wrong reason.
    expect(Object.keys(expected.tables)).toEqual(expect.arrayContaining(["Session", "Shop", "PurchaseOrder", "PurchaseOrderLine"]));
    expect(schemaDifferences(expected, actual), `schema.prisma and prisma/migrations/${provider} disagree`).toEqual([]);
    expect(actual).toEqual(expected);
  });

  // Each edit of schema.prisma must show up as a difference, or the check above proves nothing.
  it.each([
    {
      change: "a new field",
      edit: (s: string) => replaceOnce(s, "  nextPoNumber Int @default(1)\n", '$&  timezone String @default("UTC")\n'),
      difference: `tables.Shop.columns.timezone.type: in schema.prisma ("TEXT") but not in the database`,
    },
    {
      change: "a required column made optional",
      edit: (s: string) => replaceOnce(s, "quantityOrdered Int\n", "quantityOrdered Int?\n"),
      difference: "tables.PurchaseOrderLine.columns.quantityOrdered.notNull: schema.prisma false, database true",
    },
    {
      change: "a dropped @@index",
      edit: (s: string) => replaceOnce(s, "  @@index([shopId, status])\n", ""),
      difference: "tables.PurchaseOrder.indexes.PurchaseOrder_shopId_status_idx.unique: in the database (false) but not in schema.prisma",
    },
    {
      change: "a different onDelete",
      edit: (s: string) =>
        replaceOnce(s, "@relation(fields: [supplierId], references: [id])", "@relation(fields: [supplierId], references: [id], onDelete: Cascade)"),
      difference: `tables.PurchaseOrder.foreignKeys.(supplierId) -> Supplier(id).onDelete: schema.prisma "CASCADE", database "RESTRICT"`,
    },
    {
      change: "a different default",
      edit: (s: string) => replaceOnce(s, "version Int @default(1)", "version Int @default(0)"),
      difference: `tables.PurchaseOrder.columns.version.default: schema.prisma "0", database "1"`,
    },
  ])("reports $change as a difference", async ({ edit, difference }) => {
    const url = await freshDatabaseUrl(provider);
    await applyMigrations(url);
    const differences = schemaDifferences(expectedSchemaFromPrisma(edit(schemaText)), await actualSchema(url));
    expect(differences).toContain(difference);
  });

  it("reports a migration that changes this provider's schema alone", async () => {
    const directory = copyOfMigrations(provider);
    writeMigration(directory, "9999_this_provider_only", `ALTER TABLE "Shop" ADD COLUMN "logo" TEXT;`);
    const url = await freshDatabaseUrl(provider);
    await applyMigrations(url, directory);
    expect(schemaDifferences(expectedSchemaFromPrisma(schemaText), await actualSchema(url))).toEqual([
      `tables.Shop.columns.logo.default: in the database (null) but not in schema.prisma`,
      `tables.Shop.columns.logo.notNull: in the database (false) but not in schema.prisma`,
      `tables.Shop.columns.logo.type: in the database ("TEXT") but not in schema.prisma`,
    ]);
  });
});

describe("the providers' migrations stay in step", () => {
  const committed = () =>
    Object.fromEntries(DATABASE_PROVIDERS.map((provider) => [provider, migrationsDirectory(provider)])) as Record<DatabaseProvider, string>;

  it("every migration exists for every provider, under the same name", async () => {
    expect(await migrationsMissingFromAProvider(committed())).toEqual([]);
  });

  it("names a migration added for one provider only", async () => {
    const directories = { ...committed(), postgresql: copyOfMigrations("postgresql") };
    writeMigration(directories.postgresql, "0099_logo", `ALTER TABLE "Shop" ADD COLUMN "logo" TEXT;`);
    expect(await migrationsMissingFromAProvider(directories)).toEqual(["0099_logo is in postgresql but missing from sqlite"]);
  });
});

describe("schema-introspection", () => {
  it.each([
    ["an enum", `${SCHEMA_TEXT}\nenum Colour {\n  RED\n}\n`],
    ["an @ignore'd field (missing from the DMMF)", replaceOnce(SCHEMA_TEXT, "  privateNote String?\n", "$&  legacy String? @ignore\n")],
    [
      "a dbgenerated default",
      replaceOnce(SCHEMA_TEXT, "  status String\n  // Where", "  status String @default(dbgenerated(\"'draft'\"))\n  // Where"),
    ],
    ["an index sort order", replaceOnce(SCHEMA_TEXT, "@@index([shopId, status])", "@@index([shopId, status(sort: Desc)])")],
  ])("refuses schema features it does not model: %s", (_feature, text) => {
    expect(() => expectedSchemaFromPrisma(text)).toThrow(/does not understand/);
  });
});

describe.each(DATABASE_PROVIDERS)("applyMigrations on %s", (provider) => {
  it("applies everything once; a second run applies nothing and keeps the data", async () => {
    const url = await freshDatabaseUrl(provider);
    const names = (await readMigrations(migrationsDirectory(provider))).map((migration) => migration.name);

    expect(await applyMigrations(url)).toEqual({ applied: names });
    await query(url, `INSERT INTO "Shop" ("id", "domain", "name", "currencyCode") VALUES ('shop-1', 'a.myshopify.com', 'A', 'EUR')`);

    expect(await applyMigrations(url)).toEqual({ applied: [] });
    expect(await query(url, `SELECT "id" FROM "Shop"`)).toEqual([{ id: "shop-1" }]);
    expect(await recordedMigrations(url)).toEqual(names);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const url = await freshDatabaseUrl(provider);
    const directory = copyOfMigrations(provider);
    await applyMigrations(url, directory);

    appendFileSync(join(directory, "0001_init", "migration.sql"), "\n-- an innocent-looking edit\n");

    const failure = applyMigrations(url, directory);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toMatchObject({ migration: "0001_init" });
  });

  it("rolls a failing migration back entirely: no bookkeeping row, no half-created tables", async () => {
    const url = await freshDatabaseUrl(provider);
    const directory = join(workDir, `broken-${++databases}`);
    writeMigration(directory, "0001_ok", `CREATE TABLE "Ok" ("id" TEXT NOT NULL PRIMARY KEY);`);
    writeMigration(directory, "0002_broken", `CREATE TABLE "Partial" ("id" TEXT NOT NULL PRIMARY KEY);\nINSERT INTO "Missing" VALUES (1);`);

    const failure = applyMigrations(url, directory);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toMatchObject({ migration: "0002_broken" });
    expect(await tableNames(url)).toEqual(["Ok", MIGRATIONS_TABLE]);
    expect(await recordedMigrations(url)).toEqual(["0001_ok"]);

    // Once fixed, the same migration applies cleanly.
    writeMigration(directory, "0002_broken", `CREATE TABLE "Partial" ("id" TEXT NOT NULL PRIMARY KEY);`);
    expect(await applyMigrations(url, directory)).toEqual({ applied: ["0002_broken"] });
  });

  // On PostgreSQL the two really overlap (its driver is asynchronous): the advisory lock makes
  // the second wait for the first, then find every migration recorded.
  it("two runs started together on a fresh database both succeed and apply each migration once", async () => {
    const url = await freshDatabaseUrl(provider);
    const names = (await readMigrations(migrationsDirectory(provider))).map((migration) => migration.name);

    const [first, second] = await Promise.all([applyMigrations(url), applyMigrations(url)]);

    expect([...first.applied, ...second.applied].sort()).toEqual(names);
    expect(await recordedMigrations(url)).toEqual(names);
  });
});

describe("applyMigrations on SQLite", () => {
  // In one process the libsql driver is synchronous, so the Promise.all above cannot really
  // overlap. Here a second process migrates while this one holds the write lock, as happens
  // when two app instances start at once: it should wait for the lock, not crash on it.
  it("puts the database in write-ahead-log mode, so readers and a writer in other processes do not wait for each other", async () => {
    const url = await freshDatabaseUrl();
    await applyMigrations(url);
    expect(await query(url, "PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    // A read transaction held open elsewhere no longer blocks a write from committing.
    const reader = createClient({ url });
    const read = await reader.transaction("read");
    try {
      await read.execute(`SELECT COUNT(*) FROM "Shop"`);
      await query(url, `INSERT INTO "Shop" ("id", "domain", "name", "currencyCode") VALUES ('shop-wal', 'wal.myshopify.com', 'W', 'EUR')`);
    } finally {
      await read.rollback();
      reader.close();
    }
    expect(await query(url, `SELECT "domain" FROM "Shop"`)).toEqual([{ domain: "wal.myshopify.com" }]);
  });

  it("waits for another connection's write lock instead of failing with SQLITE_BUSY", async () => {
    const url = await freshDatabaseUrl();
    const holder = createClient({ url });
    const lock = await holder.transaction("write");
    try {
      const child = migrateInChildProcess(url);
      await child.ready;
      await new Promise((done) => setTimeout(done, 500)); // the child is now blocked on the lock
      await lock.rollback();
      const result = await child.done;
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    } finally {
      lock.close();
      holder.close();
    }
    expect(await recordedMigrations(url)).toEqual((await readMigrations(SQLITE_MIGRATIONS)).map((migration) => migration.name));
  });

  // Prisma's SQLite migrations change a column by rebuilding the table (CREATE new_X, copy,
  // DROP X, rename) between PRAGMA foreign_keys=OFF/ON. Inside a transaction that PRAGMA is a
  // no-op, and libsql enables foreign keys by default, so DROP TABLE would cascade-delete
  // every child row.
  it("keeps child rows when a later migration rebuilds a parent table the way Prisma writes it", async () => {
    const url = await freshDatabaseUrl();
    const directory = copyOfMigrations();
    await applyMigrations(url, directory);
    await query(url, `INSERT INTO "Shop" ("id", "domain", "name", "currencyCode") VALUES ('shop-1', 'a.myshopify.com', 'A', 'EUR')`);
    await query(url, `INSERT INTO "Supplier" ("id", "shopId", "name", "currencyCode") VALUES ('supplier-1', 'shop-1', 'Acme', 'EUR')`);

    writeMigration(directory, "9999_rebuild_shop", REBUILD_SHOP_AS_PRISMA_WRITES_IT);
    expect(await applyMigrations(url, directory)).toEqual({ applied: ["9999_rebuild_shop"] });

    expect(await query(url, `SELECT "id" FROM "Supplier"`)).toEqual([{ id: "supplier-1" }]);
  });
});

describe.each(DATABASE_PROVIDERS)("foreign keys at runtime through Prisma Client on %s", (provider) => {
  it("deleting a Shop cascades to its suppliers and purchase orders; Restrict and dangling ids are refused", async () => {
    const url = await freshDatabaseUrl(provider);
    await applyMigrations(url);
    const prisma = createPrismaClient(url);
    try {
      const shop = await prisma.shop.create({ data: { domain: "a.myshopify.com", name: "A", currencyCode: "EUR" } });
      const supplier = await prisma.supplier.create({ data: { shopId: shop.id, name: "Acme", currencyCode: "EUR" } });
      await prisma.purchaseOrder.create({
        data: { shopId: shop.id, supplierId: supplier.id, number: 1, status: "draft", currencyCode: "EUR" },
      });

      await expect(prisma.supplier.create({ data: { shopId: "no-such-shop", name: "Ghost", currencyCode: "EUR" } })).rejects.toThrow();
      await expect(prisma.supplier.delete({ where: { id: supplier.id } })).rejects.toThrow(); // PurchaseOrder.supplier is Restrict

      await prisma.shop.delete({ where: { id: shop.id } });
      expect(await prisma.supplier.count()).toBe(0);
      expect(await prisma.purchaseOrder.count()).toBe(0);
    } finally {
      await prisma.$disconnect();
    }
  });
});

/** Starts `applyMigrations(url)` in another Node process; `ready` resolves just before it runs. */
function migrateInChildProcess(url: string) {
  const script = `
    const { applyMigrations } = await import(${JSON.stringify(join(ROOT, "app", "migrations.server.ts"))});
    process.stdout.write("ready\\n");
    await applyMigrations(${JSON.stringify(url)});
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: ROOT });
  let stdout = "";
  let stderr = "";
  const ready = new Promise<void>((done) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("ready")) done();
    });
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stderr: string }>((finish) => child.on("close", (code) => finish({ code, stderr })));
  // If the child dies before printing "ready", let the test see why instead of hanging.
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

const REBUILD_SHOP_AS_PRISMA_WRITES_IT = `-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "nextPoNumber" INTEGER NOT NULL DEFAULT 1,
    "timezone" TEXT NOT NULL DEFAULT 'UTC'
);
INSERT INTO "new_Shop" ("id", "domain", "name", "currencyCode", "installedAt", "uninstalledAt", "nextPoNumber")
SELECT "id", "domain", "name", "currencyCode", "installedAt", "uninstalledAt", "nextPoNumber" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`;
