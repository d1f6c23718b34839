import { readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, onPostgresql, type TestDatabase } from "../support/database";

/**
 * The Prisma client inside one process (app/db-client.server.ts, decisions 010, 016): requests queue
 * behind a long transaction instead of failing, and transactions do not cost a connection each.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.cleanup());

const openFiles = () => readdirSync("/proc/self/fd").length;

describe("the Prisma client in one process", () => {
  it("runs a transaction on its own connection: 300 transactions leave no connection (file handles) behind", async () => {
    const before = openFiles();
    for (let index = 0; index < 300; index += 1) {
      await database.db.$transaction((tx) => tx.shop.count());
    }
    // libSQL's own transactions opened a connection each and never closed it: 600 more files.
    expect(openFiles() - before).toBeLessThan(10);
  });

  it("a transaction queued behind one that runs longer than Prisma's default wait (2 s) waits for it, then runs", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const long = database.db.$transaction(async (tx) => {
      await tx.shop.create({ data: { domain: "long.myshopify.com", name: "Long", currencyCode: "USD" } });
      await released;
    });
    const queued = database.db.$transaction((tx) =>
      tx.shop.create({ data: { domain: "queued.myshopify.com", name: "Queued", currencyCode: "USD" } }),
    );
    const read = database.db.shop.count();
    // The long transaction runs past Prisma's default maxWait for the queued one (a 2 000-line order's action can).
    await sleep(2_500);
    release();
    await Promise.all([long, queued]);
    // On SQLite a read waits too (the adapter runs one thing at a time), and sees the long
    // transaction committed; PostgreSQL reads at once, without waiting for writers.
    if (!onPostgresql) expect(await read).toBeGreaterThanOrEqual(1);
    else await read;
    expect(await database.db.shop.count({ where: { domain: { in: ["long.myshopify.com", "queued.myshopify.com"] } } })).toBe(2);
  });
});
