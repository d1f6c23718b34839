import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import * as documents from "~/services/shopify/documents";

import { checkAdminDocument } from "../shopify/admin-schema";

const appDirectory = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("GraphQL documents the app sends to Shopify", () => {
  const entries = Object.entries(documents as Record<string, unknown>).filter(
    (entry): entry is [string, string] => typeof entry[1] === "string",
  );

  it("are found in the gateway's documents module", () => {
    expect(entries.length).toBeGreaterThanOrEqual(4);
  });

  it.each(entries)("%s is valid against Shopify's Admin schema (2026-10)", (_name, source) => {
    const check = checkAdminDocument(source);
    expect(check.ok ? [] : check.errors.map((error) => error.message)).toEqual([]);
  });

  it("live nowhere else in app/ (so this test sees every one of them)", () => {
    const documentsFile = path.join(appDirectory, "services/shopify/documents.ts");
    const offenders = sourceFiles(appDirectory).filter(
      (file) => file !== documentsFile && /#graphql|\b(query|mutation)\s+\w+\s*[({]/.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

describe("the schema check", () => {
  it("rejects an unknown field", () => {
    const check = checkAdminDocument(`query { shop { id notARealField } }`);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.errors[0]?.message).toMatch(/notARealField/);
  });

  it("rejects a wrong argument type and an unknown argument", () => {
    expect(checkAdminDocument(`query { locations(first: "ten") { nodes { id } } }`).ok).toBe(false);
    expect(checkAdminDocument(`query { locations(first: 1, sortBy: NAME) { nodes { id } } }`).ok).toBe(false);
  });

  it("accepts a valid inventory mutation with @idempotent", () => {
    const check = checkAdminDocument(`mutation Adjust($input: InventoryAdjustQuantitiesInput!) {
      inventoryAdjustQuantities(input: $input) @idempotent(key: "k-1") { userErrors { field message } }
    }`);
    expect(check.ok).toBe(true);
  });
});
