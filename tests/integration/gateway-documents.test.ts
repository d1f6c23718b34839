import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { getOperationAST, getVariableValues, Kind, type FragmentDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";

import * as documents from "~/services/shopify/documents";
import {
  INCOMING_AT_LOCATION_QUERY,
  MAX_ALIASED_MUTATIONS,
  MAX_ITEMS_PER_INCOMING_QUERY,
  MAX_METAFIELDS_PER_SET,
  METAFIELDS_SET_MUTATION,
  tagsMutation,
  unitCostsMutation,
  type BatchedMutation,
} from "~/services/shopify/documents";

import { adminSchema, checkAdminDocument } from "../shopify/admin-schema";
import { MAX_SINGLE_QUERY_COST, operationCost } from "../standin/cost";

const appDirectory = path.resolve(import.meta.dirname, "../../app");

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("GraphQL documents the app sends to Shopify", () => {
  const entries = Object.entries(documents as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === "string");

  it("are found in the gateway's documents module", () => {
    expect(entries.length).toBeGreaterThanOrEqual(4);
  });

  it.each(entries)("%s is valid against Shopify's Admin schema (2026-10)", (_name, source) => {
    const check = checkAdminDocument(source);
    expect(check.ok ? [] : check.errors.map((error) => error.message)).toEqual([]);
  });

  it("live nowhere else in app/ (so this test sees every one of them)", () => {
    const documentsFile = path.join(appDirectory, "services/shopify/documents.ts");
    // The generated types quote each of those documents as a type key; they send nothing.
    const generatedTypes = path.join(appDirectory, "types");
    const offenders = sourceFiles(appDirectory).filter(
      (file) =>
        file !== documentsFile &&
        path.dirname(file) !== generatedTypes &&
        /#graphql|\b(query|mutation)\s+\w+\s*[({]/.test(readFileSync(file, "utf8")),
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

/** Checks the document and its variables as Shopify would, and prices it with the stand-in's cost model. */
function checkRequest(source: string, variables: Record<string, unknown>) {
  const check = checkAdminDocument(source);
  if (!check.ok) return { errors: check.errors.map((error) => error.message), cost: Number.NaN };
  const operation = getOperationAST(check.document);
  if (!operation) return { errors: ["no operation"], cost: Number.NaN };
  const coerced = getVariableValues(adminSchema(), operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return { errors: coerced.errors.map((error) => error.message), cost: Number.NaN };
  const fragments = Object.fromEntries(
    check.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  return { errors: [], cost: operationCost({ schema: adminSchema(), fragments, variables: coerced.coerced }, operation) };
}

describe("documents built per batch", () => {
  const products = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ id: `gid://shopify/Product/${i + 1}`, tags: ["on-po", "supplier:acme"] }));
  const costs = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ inventoryItemId: `gid://shopify/InventoryItem/${i + 1}`, cost: "12.50" }));
  const builders: Array<[string, (count: number) => BatchedMutation]> = [
    ["tagsAdd", (count) => tagsMutation("tagsAdd", products(count))],
    ["tagsRemove", (count) => tagsMutation("tagsRemove", products(count))],
    ["unit costs", (count) => unitCostsMutation(costs(count))],
  ];
  const cases = builders.flatMap(([name, build]) => [1, MAX_ALIASED_MUTATIONS].map((size) => [name, size, build] as const));

  it.each(cases)("%s for %i item(s): valid, variables accepted, cost well under the ceiling", (_name, size, build) => {
    const batch = build(size);
    const { errors, cost } = checkRequest(batch.document, batch.variables);
    expect(errors).toEqual([]);
    expect(batch.aliases).toHaveLength(size);
    expect(cost).toBe(10 * size);
    expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST / 2);
  });

  it.each(builders)("%s refuses an empty or oversized batch", (_name, build) => {
    expect(() => build(0)).toThrow(RangeError);
    expect(() => build(MAX_ALIASED_MUTATIONS + 1)).toThrow(RangeError);
  });

  it("metafieldsSet takes a full batch of 25", () => {
    const metafields = Array.from({ length: MAX_METAFIELDS_PER_SET }, (_, i) => ({
      ownerId: `gid://shopify/Product/${i + 1}`,
      namespace: "inbound",
      key: "on_order",
      type: "boolean",
      value: "true",
    }));
    expect(checkRequest(METAFIELDS_SET_MUTATION, { metafields }).errors).toEqual([]);
  });

  it("the incoming read of a full batch of items stays under the ceiling", () => {
    const ids = Array.from({ length: MAX_ITEMS_PER_INCOMING_QUERY }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`);
    const { errors, cost } = checkRequest(INCOMING_AT_LOCATION_QUERY, { ids, locationId: "gid://shopify/Location/1" });
    expect(errors).toEqual([]);
    expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
  });
});
