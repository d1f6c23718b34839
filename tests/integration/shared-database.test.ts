import { spawn } from "node:child_process";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db-client.server";

import { createTestDatabase, type TestDatabase } from "../support/database";

/**
 * The app and the effects worker are separate processes on one SQLite file: a write must wait
 * for the other process's transaction instead of failing with "database is locked".
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.cleanup());

/** Another process that takes the write lock, says so, holds it for `holdMs`, then commits. */
function holdWriteLock(url: string, holdMs: number) {
  const script = `
    import { createClient } from "@libsql/client";
    const client = createClient({ url: ${JSON.stringify(url)} });
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO \\"Shop\\" (\\"id\\", \\"domain\\", \\"name\\", \\"currencyCode\\") VALUES ('other', 'other.myshopify.com', 'Other', 'USD')");
    console.log("locked");
    await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
    await tx.commit();
    client.close();
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { cwd: process.cwd() });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.on("exit", (code) => code !== 0 && reject(new Error(`lock holder exited with ${code}`)));
  });
  const done = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { locked, done };
}

describe("two processes on one SQLite file", () => {
  it("a write waits for the other process's transaction, then succeeds", async () => {
    const holder = holdWriteLock(database.url, 700);
    await holder.locked;
    const client = createPrismaClient(database.url);
    try {
      await client.shop.create({ data: { domain: "mine.myshopify.com", name: "Mine", currencyCode: "USD" } });
      await holder.done;
      expect((await client.shop.findMany({ orderBy: { domain: "asc" } })).map((shop) => shop.domain)).toEqual([
        "mine.myshopify.com",
        "other.myshopify.com",
      ]);
    } finally {
      await client.$disconnect();
    }
  });
});
