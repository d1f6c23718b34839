/**
 * Lists bound into SQL. SQLite binds at most 999 parameters in one statement (Prisma refuses
 * more with P2029), and Prisma splits a long `in` list itself only in some shapes of statement
 * (not in a count, an ordered page, a relation filter, a `notIn`, nor with two lists). So every list that
 * grows with the data — an order's lines, products or variants, a search's matches, the orders
 * touching an item — is bound a chunk at a time, one statement after another (inside a
 * transaction too); only lists of a fixed few (statuses, topics) are bound whole. A reader finds
 * each such list by its `inChunks` / `chunks` (docs/decisions/010-sqlite-write-contention.md).
 */

/** At most this many items of one list per statement: well under 999, leaving room for the statement's other parameters. */
export const LIST_CHUNK_SIZE = 400;

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size = LIST_CHUNK_SIZE): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

/** Runs `query` on each chunk of `items`, one after another, and joins what they return (nothing for no items). */
export async function inChunks<T, R>(items: readonly T[], query: (chunk: T[]) => Promise<readonly R[]>): Promise<R[]> {
  const results: R[] = [];
  for (const chunk of chunks(items)) for (const row of await query(chunk)) results.push(row);
  return results;
}

/**
 * Rows each given new values, written together per distinct set of values: `update` runs once per
 * set and chunk of ids, not once per row (confirming 500 lines of a dozen quantities is a dozen
 * statements). Sets are told apart by their JSON, dates included.
 */
export async function updateByValue<D>(
  rows: ReadonlyArray<{ id: string; data: D }>,
  update: (ids: string[], data: D) => Promise<unknown>,
): Promise<void> {
  const sets = new Map<string, { data: D; ids: string[] }>();
  for (const { id, data } of rows) {
    const key = JSON.stringify(data);
    const set = sets.get(key) ?? sets.set(key, { data, ids: [] }).get(key)!;
    set.ids.push(id);
  }
  for (const { data, ids } of sets.values()) for (const chunk of chunks(ids)) await update(chunk, data);
}
