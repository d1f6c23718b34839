import { Prisma, type PrismaClient } from "@prisma/client";

import { databaseProviderOf } from "~/db-provider.server";

/**
 * Finding a shop's orders by part of what a line is called (product title, variant title, SKU),
 * through the database's text index (migration 0023), never a read of every line. Both take the
 * text literally (% and _ are not wildcards) and ignore case:
 * - SQLite: the FTS5 trigram table "PurchaseOrderLineText", asked for the text as a phrase, which
 *   a trigram index finds as a substring; it folds the case of every letter (É finds é). It holds
 *   trigrams only, so text under 3 characters is matched by LIKE over the shop's lines instead,
 *   where SQLite's LOWER folds ASCII letters alone.
 * - PostgreSQL: LOWER(column) LIKE LOWER('%…%'), which the columns' pg_trgm indexes answer; LOWER
 *   folds as the database's collation does.
 */

export type LineTextColumn = "productTitle" | "variantTitle" | "sku";

/** Trigrams: the shortest text the FTS5 index can find. */
const TRIGRAM = 3;

/** The ids of the shop's orders with a line whose `columns` contain `text`, any case. */
export async function ordersWithLineText(db: PrismaClient, shopId: string, text: string, columns: readonly LineTextColumn[]): Promise<string[]> {
  const rows =
    databaseProviderOf(db) === "sqlite" && [...text].length >= TRIGRAM
      ? await db.$queryRaw<Array<{ id: string }>>`
          SELECT DISTINCT l."purchaseOrderId" AS "id"
          FROM "PurchaseOrderLineText" t
          JOIN "PurchaseOrderLine" l ON l.rowid = t.rowid
          JOIN "PurchaseOrder" o ON o."id" = l."purchaseOrderId"
          WHERE "PurchaseOrderLineText" MATCH ${phraseIn(columns, text)} AND o."shopId" = ${shopId}`
      : await db.$queryRaw<Array<{ id: string }>>`
          SELECT DISTINCT l."purchaseOrderId" AS "id"
          FROM "PurchaseOrderLine" l
          JOIN "PurchaseOrder" o ON o."id" = l."purchaseOrderId"
          WHERE o."shopId" = ${shopId} AND (${Prisma.join(
            columns.map((column) => Prisma.sql`LOWER(l.${Prisma.raw(`"${column}"`)}) LIKE LOWER(${containsPattern(text)}) ESCAPE '!'`),
            " OR ",
          )})`;
  return rows.map((row) => row.id);
}

/** An FTS5 query: `text` as one phrase (its quotes doubled, so nothing in it is syntax), in `columns`. */
function phraseIn(columns: readonly LineTextColumn[], text: string): string {
  return `{${columns.join(" ")}} : "${text.replaceAll('"', '""')}"`;
}

/**
 * `%text%` for LIKE … ESCAPE '!', with the text's own %, _ and ! taken literally. Compare it as
 * LOWER(column) LIKE LOWER(pattern): the database folds both sides alike (JavaScript's lower case
 * differs from SQLite's, which folds ASCII only, and from some PostgreSQL collations).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, "!$&")}%`;
}
