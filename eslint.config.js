// ESLint (flat config). `npm run lint` runs it with --max-warnings 0; decision 017 says why these rules.
import { builtinModules } from "node:module";

import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Node's built-in modules, bare and `node:`-prefixed: I/O the pure domain must not reach. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith("_")).flatMap((name) => [name, `node:${name}`]);

/** The import boundaries (docs/decisions/017-lint-and-format.md); each one is exercised by tests/lint/boundaries.test.ts. */
export const domainRestrictedImports = {
  paths: [
    ...nodeBuiltins.map((name) => ({ name, message: "app/domain is pure: no Node built-ins (file, network, process I/O)." })),
    ...["undici", "node-fetch", "nodemailer", "@libsql/client", "graphql"].map((name) => ({
      name,
      message: "app/domain is pure: no network or database clients.",
    })),
  ],
  patterns: [
    { group: ["@prisma/*", "prisma", "**/db.server", "**/db-*.server"], message: "app/domain is pure: no Prisma, no database." },
    { group: ["@remix-run/*", "@shopify/*"], message: "app/domain is pure: no Remix, no Shopify; adapters translate." },
    { group: ["**/*.server", "**/*.server.*"], message: "app/domain is pure: *.server modules do I/O." },
    {
      regex: "(^|/)(services|jobs|routes|commands|webhooks|api|mcp|http)(/|$)",
      message: "app/domain is the core: the outer layers import it, never the reverse.",
    },
  ],
};

export const routeRestrictedImports = {
  patterns: [
    { group: ["@prisma/*"], message: "Routes never touch Prisma: call a service (app/services)." },
    {
      group: ["~/db.server", "~/db-*.server", "**/db.server", "**/db-*.server"],
      message: "Routes never hold the Prisma client: requireAdmin's context (or the adapter) supplies the services' database.",
    },
  ],
};

export const routeRestrictedSyntax = [
  {
    selector: "MemberExpression[object.name=/^(db|prisma|tx)$/]",
    message: "Routes never query the database: move the query into a service (app/services) and pass it `db`.",
  },
];

/** I/O the domain must not reach through globals either. */
const domainRestrictedGlobals = ["fetch", "XMLHttpRequest", "WebSocket", "process", "Buffer", "require"].map((name) => ({
  name,
  message: "app/domain is pure: take what you need as an argument.",
}));

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "build-demo/**",
      "app/types/**",
      "node_modules/**",
      "public/**",
      "tests/output/**",
      ".cache/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.strict,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Type-aware rules that catch real bugs: a promise nobody awaits (its failure is lost), a
      // promise where a boolean or a void callback is expected (always truthy / never awaited).
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      // tsconfig's noUncheckedIndexedAccess makes every `list[i]` and `map.get(k)` possibly
      // undefined; `!` is how this code says "present by construction" (a loop bound, a key just
      // set), and a wrong one throws at once. The rule would ask for ~1,000 runtime checks that
      // cannot fail (decision 017).
      "@typescript-eslint/no-non-null-assertion": "off",
      // TypeScript already reports unused locals and parameters (tsconfig noUnused*).
      "@typescript-eslint/no-unused-vars": "off",
      // TypeScript checks names; core no-undef knows no types or DOM/Node globals.
      "no-undef": "off",
    },
  },
  {
    files: ["**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Diagnostics for the React Compiler, which Inbound does not use: its cards reset local
      // state when a fetcher's answer arrives, in effects (decision 017 leaves these for later).
      "react-hooks/set-state-in-effect": "off",
      "react-hooks/refs": "off",
    },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", domainRestrictedImports],
      "no-restricted-globals": ["error", ...domainRestrictedGlobals],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": ["error", routeRestrictedImports],
      // A route passes requireAdmin's `db` to services and never queries it itself.
      "no-restricted-syntax": ["error", ...routeRestrictedSyntax],
    },
  },
  {
    // Plain JavaScript (this file, scripts/*.mjs) has no tsconfig project: lint it without types.
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
);
