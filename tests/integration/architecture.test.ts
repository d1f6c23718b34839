import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

/** The layering the README promises, checked on the import statements themselves. */
const app = path.resolve(import.meta.dirname, "../../app");

function files(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']/gms)].map((match) => match[1]!);
}

describe("architecture", () => {
  it("keeps the domain pure: no database, HTTP, Remix or Shopify imports", () => {
    const allowed = (specifier: string, file: string) =>
      specifier === "decimal.js" ||
      (/\.test\.ts$/.test(file) && ["vitest", "fast-check"].includes(specifier)) ||
      (specifier.startsWith(".") && path.resolve(path.dirname(file), specifier).startsWith(path.join(app, "domain")));
    const offenders = files(path.join(app, "domain")).flatMap((file) =>
      imports(file)
        .filter((specifier) => !allowed(specifier, file))
        .map((specifier) => `${path.relative(app, file)} imports ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it("lets only the gateway talk to the Admin API client", () => {
    const offenders = files(app)
      .filter((file) => !file.startsWith(path.join(app, "services/shopify")))
      .filter((file) => imports(file).some((specifier) => specifier.startsWith("@shopify/admin-api-client")))
      .map((file) => path.relative(app, file));
    expect(offenders).toEqual([]);
  });
});
