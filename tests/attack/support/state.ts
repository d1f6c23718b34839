import { createHash } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";

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

export async function storedState(db: PrismaClient, ignore: Partial<Record<Prisma.ModelName, readonly string[] | "all">> = {}): Promise<string> {
  const hash = createHash("sha256");
  for (const model of Object.values(Prisma.ModelName)) {
    const skipped = ignore[model] ?? REQUEST_RECORDS[model];
    if (skipped === "all") continue;
    const delegate = (db as unknown as Record<string, { findMany(args: object): Promise<Array<Record<string, unknown>>> }>)[
      model.charAt(0).toLowerCase() + model.slice(1)
    ]!;
    const rows = (await delegate.findMany({})).map((row) => {
      for (const column of skipped ?? []) delete row[column];
      return JSON.stringify(row, (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    });
    hash.update(model);
    // Sorted as text: not every model has an `id` to order by.
    for (const row of rows.sort()) hash.update(row);
  }
  return hash.digest("hex");
}
