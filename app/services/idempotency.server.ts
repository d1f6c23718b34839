import { createHash } from "node:crypto";

import { Prisma, type PrismaClient } from "@prisma/client";
import { now as clockNow } from "~/clock.server";

/**
 * Idempotency keys for API POSTs: the first request with a key runs and its result is kept;
 * a retry with the same key and the same request gets that result back and changes nothing.
 * The key's row is created *before* the request runs, so of two concurrent requests with one
 * key exactly one runs (the database's unique index decides, in every process).
 */

/** How long a key's result is kept for replay. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StoredResult {
  status: number;
  body: string;
}

export type IdempotencyClaim =
  /** This request runs; settle or release the claim when it has answered. */
  | { kind: "claimed"; claimId: string }
  /** An earlier request with this key answered this. */
  | { kind: "replay"; result: StoredResult }
  /** The key was used for a different request (method, path or body). */
  | { kind: "mismatch" }
  /** The first request with this key is still running. */
  | { kind: "in_progress" };

export function requestFingerprint(method: string, path: string, body: Uint8Array): string {
  return createHash("sha256").update(`${method} ${path}\n`).update(body).digest("hex");
}

export async function claimIdempotencyKey(
  db: PrismaClient,
  apiKeyId: string,
  key: string,
  requestHash: string,
  now: Date = clockNow(),
): Promise<IdempotencyClaim> {
  for (;;) {
    try {
      const row = await db.apiIdempotencyKey.create({ data: { apiKeyId, key, requestHash, createdAt: now } });
      return { kind: "claimed", claimId: row.id };
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
    const existing = await db.apiIdempotencyKey.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
    if (!existing) continue; // released or expired between the two statements: claim again
    if (existing.createdAt.getTime() < now.getTime() - IDEMPOTENCY_WINDOW_MS) {
      await db.apiIdempotencyKey.deleteMany({ where: { id: existing.id, createdAt: existing.createdAt } });
      continue;
    }
    if (existing.requestHash !== requestHash) return { kind: "mismatch" };
    if (existing.status === null || existing.responseBody === null) return { kind: "in_progress" };
    return { kind: "replay", result: { status: existing.status, body: existing.responseBody } };
  }
}

/** Keeps the answer for replays. */
export async function settleIdempotencyKey(db: PrismaClient, claimId: string, result: StoredResult): Promise<void> {
  await db.apiIdempotencyKey.update({ where: { id: claimId }, data: { status: result.status, responseBody: result.body } });
}

/** Forgets the key (the request failed on our side, so a retry may run it again). */
export async function releaseIdempotencyKey(db: PrismaClient, claimId: string): Promise<void> {
  await db.apiIdempotencyKey.deleteMany({ where: { id: claimId } });
}
