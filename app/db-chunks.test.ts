import { describe, expect, it } from "vitest";

import { chunks, inChunks, updateByValue } from "./db-chunks.server";

describe("lists bound a chunk at a time", () => {
  it("chunks: consecutive slices of at most the size, none for nothing", () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });

  it("inChunks: one query per chunk, one after another, their rows joined in order", async () => {
    const asked: number[][] = [];
    const rows = await inChunks(
      Array.from({ length: 900 }, (_, index) => index),
      async (chunk) => {
        asked.push(chunk);
        return [chunk.length];
      },
    );
    expect(asked.map((chunk) => chunk[0])).toEqual([0, 400, 800]);
    expect(rows).toEqual([400, 400, 100]);
  });

  it("updateByValue: one update per distinct set of values (dates included) and chunk, each with its rows' ids", async () => {
    const day = (iso: string) => new Date(iso);
    const rows = [
      { id: "a", data: { quantity: 3, promiseDate: day("2026-03-01") } },
      { id: "b", data: { quantity: 4, promiseDate: day("2026-03-01") } },
      { id: "c", data: { quantity: 3, promiseDate: day("2026-03-01") } },
      { id: "d", data: { quantity: 3, promiseDate: day("2026-03-02") } },
      ...Array.from({ length: 401 }, (_, index) => ({ id: `e${index}`, data: { quantity: 9, promiseDate: day("2026-03-01") } })),
    ];
    const updates: Array<{ ids: string[]; data: unknown }> = [];
    await updateByValue(rows, async (ids, data) => updates.push({ ids, data }));
    expect(updates.map(({ ids, data }) => [ids.length, data])).toEqual([
      [2, { quantity: 3, promiseDate: day("2026-03-01") }],
      [1, { quantity: 4, promiseDate: day("2026-03-01") }],
      [1, { quantity: 3, promiseDate: day("2026-03-02") }],
      [400, { quantity: 9, promiseDate: day("2026-03-01") }],
      [1, { quantity: 9, promiseDate: day("2026-03-01") }],
    ]);
    expect(updates[0]!.ids).toEqual(["a", "c"]);
  });
});
