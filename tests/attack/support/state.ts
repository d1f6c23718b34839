import { createHash } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";

import { onPostgresql } from "../../support/database";

/**
 * A fingerprint of everything the app stores that a refused request must leave alone: every
 * row of every model, both shops, except the records of the request itself (its API call log
 * line, the key's rate-limit bucket and last use, a webhook delivery's own record).
 */
const REQUEST_RECORDS: Partial<Record<Prisma.ModelName, readonly string[] | "all">> = {
  ApiCall: "all",
  ApiKey: ["tokens", "tokensAt", "lastUsedAt"],
  Session: ["expires"],
};

type Ignore = Partial<Record<Prisma.ModelName, readonly string[] | "all">>;

/** Each model's columns, read once per database (its tables are named after the models). */
const columnsOf = new WeakMap<PrismaClient, Promise<Map<string, string[]>>>();

function tableColumns(db: PrismaClient): Promise<Map<string, string[]>> {
  let columns = columnsOf.get(db);
  if (!columns) {
    columns = (async () => {
      const byModel = new Map<string, string[]>();
      for (const model of Object.values(Prisma.ModelName)) {
        const rows = await db.$queryRawUnsafe<Array<{ name: string }>>(
          onPostgresql
            ? `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${model}'`
            : `SELECT name FROM pragma_table_info('${model}')`,
        );
        byModel.set(
          model,
          rows.map((row) => row.name),
        );
      }
      return byModel;
    })();
    columnsOf.set(db, columns);
  }
  return columns;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

const dialect = onPostgresql
  ? { quote: (column: string) => `quote_nullable(${column}::text)`, joinLines: (r: string) => `string_agg(${r}, chr(10) ORDER BY ${r})` }
  : { quote: (column: string) => `quote(${column})`, joinLines: (r: string) => `group_concat(${r}, char(10) ORDER BY ${r})` };

export async function storedState(db: PrismaClient, ignore: Ignore = {}): Promise<string> {
  const columns = await tableColumns(db);
  // One query for every table: each row as the database's own quoted text, a table's rows sorted
  // and joined, so the fingerprint costs one round trip however many models there are.
  const selects = Object.values(Prisma.ModelName).flatMap((model) => {
    const skipped = ignore[model] ?? REQUEST_RECORDS[model];
    if (skipped === "all") return [];
    const kept = columns.get(model)!.filter((column) => !(skipped ?? []).includes(column));
    const row = kept.map((column) => dialect.quote(quoted(column))).join(" || ',' || ");
    return [`SELECT '${model}' AS model, (SELECT ${dialect.joinLines("r")} FROM (SELECT ${row} AS r FROM ${quoted(model)}) AS t) AS rows`];
  });
  const tables = await db.$queryRawUnsafe<Array<{ model: string; rows: string | null }>>(selects.join(" UNION ALL "));
  const hash = createHash("sha256");
  for (const table of tables.sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : 0))) {
    hash.update(`${table.model}\n${table.rows ?? ""}\n`);
  }
  return hash.digest("hex");
}
