import { afterEach, describe, expect, it } from "vitest";

import { currentLogContext, log, logThreshold, MAX_ECHOED_CHARS, requestIdOf, setLogSink, withLogContext, withRequestLog } from "~/log.server";

/** The logger (app/log.server.ts): one JSON object a line, the request's id on each, no secrets, nothing huge. */
let lines: Array<{ level: string; line: string }> = [];
let restore: () => void = () => undefined;
function capture() {
  lines = [];
  restore = setLogSink((level, line) => lines.push({ level, line }));
}
afterEach(() => restore());
const parsed = () => lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>);

describe("the logger", () => {
  it("writes one JSON object per line: time, level, msg, the context's request id and shop, then the fields", () => {
    capture();
    withLogContext({ requestId: "req-1", shop: "a.myshopify.com" }, () => log.info("effect applied", { effectId: "e1", attempt: 2 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.line).not.toContain("\n");
    expect(parsed()[0]).toMatchObject({
      level: "info",
      msg: "effect applied",
      requestId: "req-1",
      shop: "a.myshopify.com",
      effectId: "e1",
      attempt: 2,
    });
    expect(Number.isNaN(Date.parse(String(parsed()[0]!.time)))).toBe(false);
  });

  it("never writes a secret: tokens, API keys, HMACs, passwords, session tokens and authorization headers are redacted at any depth", () => {
    capture();
    const secrets = {
      accessToken: "shpat_secret-access-token",
      refresh_token: "shprt_secret-refresh",
      apiKey: "inb_secret_api_key",
      hmac: "c2VjcmV0LWhtYWM=",
      password: "hunter2-secret",
      sessionToken: "eyJ-secret-session-token",
      headers: { Authorization: "Bearer inb_secret_bearer", "X-Shopify-Hmac-Sha256": "secret-header-hmac", cookie: "secret-cookie" },
    };
    log.error("call failed", { request: secrets, shop: "a.myshopify.com" });
    const line = lines[0]!.line;
    for (const value of ["shpat_secret", "shprt_secret", "inb_secret", "c2VjcmV0", "hunter2", "eyJ-secret", "secret-header-hmac", "secret-cookie"]) {
      expect(line).not.toContain(value);
    }
    expect(line).toContain("[redacted]");
    expect(lines[0]!.level).toBe("error");
  });

  it(`cuts any echoed string at ${MAX_ECHOED_CHARS} characters, saying how long it was (a huge payload or header stays out of the log)`, () => {
    capture();
    const huge = "x".repeat(1_000_000);
    log.warn("webhook refused", { payload: huge, reason: huge, error: new Error(huge) });
    expect(lines[0]!.line.length).toBeLessThan(4 * MAX_ECHOED_CHARS + 1000);
    expect(parsed()[0]!.payload).toBe(`${"x".repeat(MAX_ECHOED_CHARS)}… (1000000 chars)`);
  });

  it("takes a sane X-Request-Id, replaces anything else with a new id, and answers with it", async () => {
    const request = (id?: string) => new Request("http://inbound.test/", { headers: id === undefined ? {} : { "X-Request-Id": id } });
    expect(requestIdOf(request("lb-7f3a.42"))).toBe("lb-7f3a.42");
    for (const insane of ["", "a b", "x".repeat(200), "id;drop", "<script>", '"quoted"']) {
      const made = requestIdOf(request(insane));
      expect(made).not.toBe(insane);
      expect(made).toMatch(/^[0-9a-f-]{36}$/);
    }
    capture();
    const response = await withRequestLog(request("given-id"), async () => {
      log.info("inside");
      expect(currentLogContext().requestId).toBe("given-id");
      return new Response("ok");
    });
    expect(response.headers.get("X-Request-Id")).toBe("given-id");
    expect(parsed()[0]!.requestId).toBe("given-id");
    const thrown = await withRequestLog(request(), () => Promise.reject(new Response(null, { status: 401 }))).catch((error: unknown) => error);
    expect((thrown as Response).headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });
  it("writes from LOG_LEVEL up (default info); an unknown level writes everything rather than hide lines", () => {
    expect(logThreshold({})).toBe("info");
    expect(logThreshold({ LOG_LEVEL: " WARN " })).toBe("warn");
    expect(logThreshold({ LOG_LEVEL: "verbose" })).toBe("debug");
    const before = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "warn";
    try {
      capture();
      log.debug("d");
      log.info("i");
      log.warn("w");
      log.error("e");
      expect(parsed().map((line) => line.msg)).toEqual(["w", "e"]);
    } finally {
      if (before === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = before;
    }
  });
});
