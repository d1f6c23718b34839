import { describe, expect, it } from "vitest";

import {
  API_KEY_PREFIX_LENGTH,
  apiKeyPrefix,
  bearerApiKey,
  formatApiKey,
  RATE_LIMIT_CAPACITY,
  takeToken,
  validateNewApiKey,
  type TokenBucket,
} from "./api-keys";
import { ValidationError } from "./errors";

const SECRET = "A".repeat(42) + "w"; // 32 bytes of base64url
const KEY = `inb_${SECRET}`;
const T0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("API key format", () => {
  it("is inb_ and 32 bytes of base64url; the prefix is its first 12 characters", () => {
    expect(formatApiKey(SECRET)).toBe(KEY);
    expect(apiKeyPrefix(KEY)).toBe(KEY.slice(0, API_KEY_PREFIX_LENGTH));
    expect(apiKeyPrefix(KEY)).toHaveLength(12);
    expect(() => formatApiKey("short")).toThrow();
  });

  it("reads the key from a Bearer header, and nothing else", () => {
    expect(bearerApiKey(`Bearer ${KEY}`)).toBe(KEY);
    expect(bearerApiKey(`bearer  ${KEY}`)).toBe(KEY);
    expect(bearerApiKey(null)).toBeNull();
    expect(bearerApiKey("")).toBeNull();
    expect(bearerApiKey(KEY)).toBeNull();
    expect(bearerApiKey(`Basic ${KEY}`)).toBeNull();
    expect(bearerApiKey("Bearer inb_short")).toBeNull();
    expect(bearerApiKey(`Bearer ${KEY} extra`)).toBeNull();
  });
});

describe("new key input", () => {
  it("trims the name and accepts read and write", () => {
    expect(validateNewApiKey({ name: "  ERP  ", scope: "read" })).toEqual({ name: "ERP", scope: "read" });
    expect(validateNewApiKey({ name: "ERP", scope: "write" }).scope).toBe("write");
  });

  it("names each bad field", () => {
    const error = (() => {
      try {
        validateNewApiKey({ name: " ", scope: "admin" });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fieldErrors).sort()).toEqual(["name", "scope"]);
    expect(() => validateNewApiKey({ name: "x".repeat(101), scope: "read" })).toThrow(/name/);
  });
});

describe("token bucket", () => {
  const full: TokenBucket = { tokens: RATE_LIMIT_CAPACITY, at: T0 };

  it("grants a burst of 60, then refuses with a wait of at least a second", () => {
    let bucket = full;
    for (let take = 0; take < 60; take++) {
      const result = takeToken(bucket, T0);
      if (!result.ok) throw new Error(`take ${take + 1} was refused`);
      bucket = result.bucket;
    }
    expect(bucket.tokens).toBe(0);
    expect(takeToken(bucket, T0)).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it("refills one token a second, up to the capacity", () => {
    const empty = { tokens: 0, at: T0 };
    expect(takeToken(empty, at(0.5))).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(takeToken(empty, at(1))).toEqual({ ok: true, bucket: { tokens: 0, at: at(1) } });
    expect(takeToken(empty, at(10))).toEqual({ ok: true, bucket: { tokens: 9, at: at(10) } });
    expect(takeToken(empty, at(3600))).toEqual({ ok: true, bucket: { tokens: RATE_LIMIT_CAPACITY - 1, at: at(3600) } });
  });

  it("rounds the wait up to whole seconds", () => {
    expect(takeToken({ tokens: -2.5, at: T0 }, T0)).toEqual({ ok: false, retryAfterSeconds: 4 });
  });

  it("never runs the clock backwards for a bucket another process stamped later", () => {
    const ahead = { tokens: 5, at: at(10) };
    expect(takeToken(ahead, at(0))).toEqual({ ok: true, bucket: { tokens: 4, at: at(10) } });
    expect(takeToken({ tokens: 0.5, at: at(10) }, at(0))).toEqual({ ok: false, retryAfterSeconds: 1 });
  });
});
