import { createHash } from "node:crypto";

import type { PrismaClient } from "@prisma/client";
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
  // One transaction, which holds the write lock from its start (app/db-client.server.ts): no
  // other request's claim comes between looking the key up and claiming it, so nothing is
  // retried; the unique index still refuses a second row for the key, whatever happens.
  return db.$transaction(async (tx) => {
    const existing = await tx.apiIdempotencyKey.findUnique({ where: { apiKeyId_key: { apiKeyId, key } } });
    if (existing && existing.createdAt.getTime() >= now.getTime() - IDEMPOTENCY_WINDOW_MS) {
      if (existing.requestHash !== requestHash) return { kind: "mismatch" };
      if (existing.status === null || existing.responseBody === null) return { kind: "in_progress" };
      return { kind: "replay", result: { status: existing.status, body: existing.responseBody } };
    }
    // An expired key is forgotten (by its id: its timestamp's text may not be Prisma's) and claimed anew.
    if (existing) await tx.apiIdempotencyKey.delete({ where: { id: existing.id } });
    const row = await tx.apiIdempotencyKey.create({ data: { apiKeyId, key, requestHash, createdAt: now } });
    return { kind: "claimed", claimId: row.id };
  });
}

/** Keeps the answer for replays. */
export async function settleIdempotencyKey(db: PrismaClient, claimId: string, result: StoredResult): Promise<void> {
  await db.apiIdempotencyKey.update({ where: { id: claimId }, data: { status: result.status, responseBody: result.body } });
}

/** Forgets the key (the request failed on our side, so a retry may run it again). */
export async function releaseIdempotencyKey(db: PrismaClient, claimId: string): Promise<void> {
  await db.apiIdempotencyKey.deleteMany({ where: { id: claimId } });
}
