import { createClient } from "@libsql/client";
import pg from "pg";

import { providerOf } from "~/db-provider.server";

/** A statement Prisma sent, as createPrismaClient's `onStatement` tells it. */
export interface Statement {
  sql: string;
  params: unknown[];
}

export interface ExplainedStatement {
  sql: string;
  /** The database's plan, a line per step: SQLite's EXPLAIN QUERY PLAN details, PostgreSQL's EXPLAIN lines. */
  plan: string[];
}

/** Each SELECT of `statements` with the plan the database at `databaseUrl` makes for it (nothing is run). */
export async function explainStatements(databaseUrl: string, statements: readonly Statement[]): Promise<ExplainedStatement[]> {
  const selects = statements.filter((statement) => /^\s*SELECT/i.test(statement.sql));
  if (providerOf(databaseUrl) === "sqlite") {
    const client = createClient({ url: databaseUrl });
    try {
      const explained: ExplainedStatement[] = [];
      for (const { sql, params } of selects) {
        const plan = await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: params as never });
        explained.push({ sql, plan: plan.rows.map((row) => String(row.detail)) });
      }
      return explained;
    } finally {
      client.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const explained: ExplainedStatement[] = [];
    for (const { sql, params } of selects) {
      const plan = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, params);
      explained.push({ sql, plan: plan.rows.map((row) => row["QUERY PLAN"]) });
    }
    return explained;
  } finally {
    await client.end();
  }
}
