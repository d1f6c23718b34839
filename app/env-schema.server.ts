import { z } from "zod";

import { builtForDemo, DEMO_BUILD } from "./demo-build";

/**
 * The environment, parsed once at start-up. Bad configuration refuses to start rather than
 * failing on the first request.
 *
 * Demo mode (INBOUND_DEMO=1) replaces Shopify OAuth with a pre-installed demo shop served by
 * the local Admin API stand-in. It exists for local evaluation only, so it is refused outright
 * when NODE_ENV is production: a normal deployment can never be switched into it by a request.
 * The one exception is a server built for the demo (app/demo-build.ts: a fact of the bundle,
 * fixed when it was built, not of the environment), which runs the demo on a production build
 * for the end-to-end walk; such a server runs nothing but the demo.
 */
const booleanFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const baseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  INBOUND_DEMO: booleanFlag,
  DATABASE_URL: z.string().min(1).default("file:prisma/inbound.db"),
  SHOPIFY_API_KEY: z.string().optional(),
  SHOPIFY_API_SECRET: z.string().optional(),
  SHOPIFY_APP_URL: z.string().url().optional(),
  SCOPES: z.string().optional(),
  SHOPIFY_ADMIN_API_ORIGIN: z.string().url().optional(),
  DEMO_SHOP_DOMAIN: z.string().optional(),
});

export type AppEnvironment = {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string;
  shopify: {
    apiKey: string;
    apiSecret: string;
    appUrl: string;
    scopes: string[];
  };
  /** Present only in demo mode. */
  demo?: { shopDomain: string; adminApiOrigin: string };
};

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n- ${problems.join("\n- ")}`);
    this.name = "InvalidEnvironmentError";
  }
}

/** `build.forDemo`: the running server was built for the demo (tests pass it; the app reads its bundle's). */
export function parseEnvironment(
  source: Record<string, string | undefined>,
  build: { forDemo: boolean } = { forDemo: builtForDemo },
): AppEnvironment {
  const parsed = baseSchema.safeParse(source);
  if (!parsed.success) {
    throw new InvalidEnvironmentError(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const env = parsed.data;
  const problems: string[] = [];

  if (env.INBOUND_DEMO) {
    if (env.NODE_ENV === "production" && !build.forDemo) {
      problems.push("INBOUND_DEMO: demo mode is refused when NODE_ENV=production");
    }
    if (!env.SHOPIFY_ADMIN_API_ORIGIN) {
      problems.push("SHOPIFY_ADMIN_API_ORIGIN: required in demo mode (the Admin API stand-in)");
    }
    if (!env.DEMO_SHOP_DOMAIN) problems.push("DEMO_SHOP_DOMAIN: required in demo mode");
  } else {
    if (build.forDemo)
      problems.push(
        `INBOUND_DEMO: this server was built for the demo (${DEMO_BUILD.directory}/) and runs nothing else; deploy a build of \`npm run build\``,
      );
    for (const key of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "SCOPES"] as const) {
      if (!env[key]) problems.push(`${key}: required (set by \`shopify app dev\` or your host)`);
    }
    if (env.SHOPIFY_ADMIN_API_ORIGIN) {
      problems.push("SHOPIFY_ADMIN_API_ORIGIN: only allowed in demo mode");
    }
  }
  if (problems.length > 0) throw new InvalidEnvironmentError(problems);

  const demo =
    env.INBOUND_DEMO && env.SHOPIFY_ADMIN_API_ORIGIN && env.DEMO_SHOP_DOMAIN
      ? { shopDomain: env.DEMO_SHOP_DOMAIN, adminApiOrigin: env.SHOPIFY_ADMIN_API_ORIGIN }
      : undefined;

  return {
    nodeEnv: env.NODE_ENV,
    databaseUrl: env.DATABASE_URL,
    shopify: {
      apiKey: env.SHOPIFY_API_KEY ?? "demo-api-key",
      apiSecret: env.SHOPIFY_API_SECRET ?? "demo-api-secret",
      appUrl: env.SHOPIFY_APP_URL ?? "http://localhost:3000",
      scopes: (env.SCOPES ?? "")
        .split(",")
        .map((scope) => scope.trim())
        .filter(Boolean),
    },
    demo,
  };
}
