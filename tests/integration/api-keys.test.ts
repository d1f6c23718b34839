import { execFile } from "node:child_process";
import { promisify } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createPrismaClient } from "~/db-client.server";
import { NotFoundError, ValidationError } from "~/domain/errors";
import {
  authenticateApiKey,
  createApiKey,
  listApiCalls,
  listApiKeys,
  recordApiCall,
  revokeApiKey,
  takeRateLimitToken,
} from "~/services/api-keys.server";
import { claimIdempotencyKey } from "~/services/idempotency.server";

import { createTestDatabase, onPostgresql, type TestDatabase } from "../support/database";
import { installShopAndNeighbour } from "../support/shopify";
import { failure } from "../support/responses";

/** API keys on a real SQLite file: hashing, authentication, revocation, tenancy, rate limit, idempotency keys, call log, CLI. */
const SHOP = "keys-a.myshopify.com";
const NEIGHBOUR = "keys-b.myshopify.com";
const merchant = { type: "merchant", id: "staff-1" } as const;

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await installShopAndNeighbour(database.db, SHOP, NEIGHBOUR);
});
afterAll(async () => {
  await database.cleanup();
});

describe("API keys", () => {
  it("stores only the key's SHA-256, audits the creation, and authenticates the Bearer key", async () => {
    const { key, view } = await createApiKey(database.db, SHOP, merchant, { name: "ERP", scope: "write" });
    expect(key).toMatch(/^inb_[A-Za-z0-9_-]{43}$/);
    expect(view).toMatchObject({ name: "ERP", scope: "write", prefix: key.slice(0, 12), lastUsedAt: null, revokedAt: null });

    const row = await database.db.apiKey.findUniqueOrThrow({ where: { id: view.id } });
    expect(JSON.stringify(row)).not.toContain(key);
    const { createHash } = await import("node:crypto");
    expect(row.secretHash).toBe(createHash("sha256").update(key).digest("hex"));

    const audit = await database.db.auditEntry.findFirstOrThrow({ where: { action: "create_api_key" } });
    expect(audit).toMatchObject({ actorType: "merchant", actorId: "staff-1", purchaseOrderId: null, shopId: row.shopId });
    expect(audit.changes).not.toContain(key);

    const now = new Date("2026-03-01T12:00:00Z");
    const principal = await authenticateApiKey(database.db, `Bearer ${key}`, now);
    expect(principal).toEqual({ keyId: view.id, shopId: row.shopId, shopDomain: SHOP, scope: "write" });
    const [listed] = await listApiKeys(database.db, SHOP);
    expect(listed?.lastUsedAt).toEqual(now);
  });

  it("returns each key's scope", async () => {
    const { key } = await createApiKey(database.db, SHOP, merchant, { name: "Reports", scope: "read" });
    expect((await authenticateApiKey(database.db, `Bearer ${key}`))?.scope).toBe("read");
  });

  it("refuses missing, malformed and unknown keys", async () => {
    const { key } = await createApiKey(database.db, SHOP, merchant, { name: "Other", scope: "read" });
    const unknown = `inb_${"A".repeat(42)}w`;
    for (const header of [null, "", key, `Basic ${key}`, `Bearer ${key}x`, `Bearer ${unknown}`]) {
      expect(await authenticateApiKey(database.db, header)).toBeNull();
    }
  });

  it("refuses bad names and scopes, naming the field", async () => {
    const error = await failure(createApiKey(database.db, SHOP, merchant, { name: "ERP", scope: "admin" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty("scope");
    const unnamed = await failure(createApiKey(database.db, SHOP, merchant, { name: "", scope: "read" }));
    expect((unnamed as ValidationError).fieldErrors).toHaveProperty("name");
  });

  it("revokes at once, audited, and only within the shop", async () => {
    const { key, view } = await createApiKey(database.db, SHOP, merchant, { name: "Revoked", scope: "write" });
    expect(await authenticateApiKey(database.db, `Bearer ${key}`)).not.toBeNull();

    expect(await failure(revokeApiKey(database.db, NEIGHBOUR, merchant, view.id))).toBeInstanceOf(NotFoundError);
    expect(await authenticateApiKey(database.db, `Bearer ${key}`)).not.toBeNull();
    expect((await listApiKeys(database.db, NEIGHBOUR)).map((listed) => listed.id)).not.toContain(view.id);

    await revokeApiKey(database.db, SHOP, merchant, view.id);
    expect(await authenticateApiKey(database.db, `Bearer ${key}`)).toBeNull();
    expect((await listApiKeys(database.db, SHOP)).find((listed) => listed.id === view.id)?.revokedAt).toBeInstanceOf(Date);
    const revocations = await database.db.auditEntry.findMany({ where: { action: "revoke_api_key" } });
    expect(revocations).toHaveLength(1);
    expect(JSON.parse(revocations[0]!.changes!)).toMatchObject({ keyId: view.id });
  });

  it("grants 60 quick calls per key across processes, refuses the 61st with a wait, and refills", async () => {
    const { view } = await createApiKey(database.db, SHOP, merchant, { name: "Busy", scope: "read" });
    const now = new Date(Date.now() + 60_000);
    // A second connection stands in for another process sharing the database.
    const other = createPrismaClient(database.url);
    const takes = await Promise.all(
      Array.from({ length: 61 }, (_, index) => takeRateLimitToken(index % 2 ? other : database.db, view.id, now)),
    ).finally(() => other.$disconnect());
    expect(takes.filter((take) => take.ok)).toHaveLength(60);
    const refused = takes.find((take) => !take.ok);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await takeRateLimitToken(database.db, view.id, new Date(now.getTime() + 1000))).toEqual({ ok: true });
  });

  // SQLite keeps whatever a DATETIME column is given; PostgreSQL's timestamp column holds no text,
  // so these spellings cannot be stored there (its own is covered by the tests above).
  it.skipIf(onPostgresql)(
    "answers whatever text the bucket's timestamp was written in (SQL's CURRENT_TIMESTAMP, ISO with Z, epoch milliseconds)",
    async () => {
      const { view } = await createApiKey(database.db, SHOP, merchant, { name: "Written by SQL", scope: "read" });
      const now = new Date("2026-03-01T12:00:10Z");
      for (const written of ["'2026-03-01 12:00:00'", "'2026-03-01T12:00:00Z'", String(Date.parse("2026-03-01T12:00:00Z"))]) {
        // An empty bucket stamped ten seconds before `now`: ten tokens have come back since.
        await database.db.$executeRawUnsafe(`UPDATE "ApiKey" SET "tokens" = 0, "tokensAt" = ${written} WHERE "id" = ?`, view.id);
        // The compare-and-set this replaced matched the timestamp's text and looped forever here.
        expect(await takeRateLimitToken(database.db, view.id, now), written).toEqual({ ok: true });
        const bucket = await database.db.apiKey.findUniqueOrThrow({ where: { id: view.id }, select: { tokens: true, tokensAt: true } });
        expect([bucket.tokens, bucket.tokensAt.toISOString()], written).toEqual([9, now.toISOString()]);
      }
    },
  );

  it("claims an expired Idempotency-Key again whatever text its timestamp was written in", async () => {
    const { view } = await createApiKey(database.db, SHOP, merchant, { name: "Idempotent", scope: "write" });
    const now = new Date("2026-03-02T12:00:00Z");
    const first = await claimIdempotencyKey(database.db, view.id, "retry-1", "hash-a", now);
    expect(first.kind).toBe("claimed");
    // Two days old, in SQL's CURRENT_TIMESTAMP format (the delete it replaced matched the text Prisma wrote, and looped).
    await database.db.$executeRawUnsafe(`UPDATE "ApiIdempotencyKey" SET "createdAt" = '2026-02-28 12:00:00' WHERE "key" = 'retry-1'`);
    const again = await claimIdempotencyKey(database.db, view.id, "retry-1", "hash-b", now);
    expect(again.kind).toBe("claimed");
    expect(await database.db.apiIdempotencyKey.findMany({ where: { apiKeyId: view.id }, select: { requestHash: true } })).toEqual([
      { requestHash: "hash-b" },
    ]);
    expect(await claimIdempotencyKey(database.db, view.id, "retry-1", "hash-c", now)).toEqual({ kind: "mismatch" });
  });

  it("logs calls per key and shows the shop's latest, newest first", async () => {
    const { view } = await createApiKey(database.db, SHOP, merchant, { name: "Logged", scope: "read" });
    const { view: neighbours } = await createApiKey(database.db, NEIGHBOUR, merchant, { name: "Neighbour", scope: "read" });
    await recordApiCall(database.db, view.id, "GET /api/v1/purchase_orders", 200, 12.4);
    await recordApiCall(database.db, view.id, "tool:get_purchase_order", 404, 3);
    await recordApiCall(database.db, neighbours.id, "GET /api/v1/suppliers", 200, 5);

    const calls = await listApiCalls(database.db, SHOP);
    expect(calls.map(({ keyName, target, status, durationMs }) => ({ keyName, target, status, durationMs }))).toEqual([
      { keyName: "Logged", target: "tool:get_purchase_order", status: 404, durationMs: 3 },
      { keyName: "Logged", target: "GET /api/v1/purchase_orders", status: 200, durationMs: 12 },
    ]);
  });
});

describe("npm run apikey", () => {
  const run = (...args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/apikey.ts", ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, NODE_ENV: "test", DATABASE_URL: database.url },
    });

  it("creates a key that authenticates, lists it and revokes it", async () => {
    const created = await run("create", "--shop", SHOP, "--scope", "write", "--name", "Script");
    const key = created.stdout.trim();
    const principal = await authenticateApiKey(database.db, `Bearer ${key}`);
    expect(principal).toMatchObject({ shopDomain: SHOP, scope: "write" });

    const listed = await run("list", "--shop", SHOP);
    expect(listed.stdout).toContain(`${principal!.keyId}\t${key.slice(0, 12)}\twrite\tScript`);

    await run("revoke", "--shop", SHOP, "--id", principal!.keyId);
    expect(await authenticateApiKey(database.db, `Bearer ${key}`)).toBeNull();
  });

  it("prints the usage and exits 2 on bad arguments", async () => {
    for (const args of [
      [],
      ["rotate"],
      ["create", "--shop", SHOP, "--scope", "admin", "--name", "x"],
      ["list"],
      ["list", "--shop", SHOP, "--bogus"],
    ]) {
      const error = (await failure(run(...args))) as { code: number; stderr: string };
      expect(error.code, args.join(" ")).toBe(2);
      expect(error.stderr).toContain("Usage:");
    }
  });
});
