import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    // Generous, because the suite must hold on a loaded 2-core machine (CI beside other work): a
    // timeout here only catches a hang; no test asserts how long anything took (that is `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // An unexpected console.error fails the test that logged it.
    setupFiles: ["tests/support/console-guard.ts"],
    benchmark: { include: ["tests/bench/**/*.bench.ts"] },
  },
});
