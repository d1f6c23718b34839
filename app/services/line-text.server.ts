import { Prisma, type PrismaClient } from "@prisma/client";

import { databaseProviderOf } from "~/db-provider.server";

/**
 * Finding a shop's orders by part of what a line is called (product title, variant title, SKU),
 * through the database's text index (migration 0023), never a read of every line. Both match
 * case-insensitively and take the text literally (% and _ are not wildcards):
 * - SQLite: the FTS5 trigram table "PurchaseOrderLineText", asked for the text as a phrase, which
 *   a trigram index finds as a substring. It holds trigrams only, so text under 3 characters is
 *   matched by LIKE over the shop's lines instead (SQLite's LOWER folds ASCII letters alone there).
 * - PostgreSQL: LOWER(column) LIKE '%…%', which the columns' pg_trgm indexes answer.
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
            columns.map((column) => Prisma.sql`LOWER(l.${Prisma.raw(`"${column}"`)}) LIKE ${containsPattern(text)} ESCAPE '!'`),
            " OR ",
          )})`;
  return rows.map((row) => row.id);
}

/** An FTS5 query: `text` as one phrase (its quotes doubled, so nothing in it is syntax), in `columns`. */
function phraseIn(columns: readonly LineTextColumn[], text: string): string {
  return `{${columns.join(" ")}} : "${text.replaceAll('"', '""')}"`;
}

/** `%text%` for LIKE … ESCAPE '!', lower-cased, with the text's own %, _ and ! taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, "!$&")}%`;
}
