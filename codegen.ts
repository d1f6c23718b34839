/**
 * graphql-codegen configuration (`npm run graphql-codegen`): the Admin API types the gateway's
 * documents are checked against, generated offline from the vendored schema (tests/shopify),
 * never from Shopify over the network. tests/shopify/generated-types.test.ts regenerates
 * with this same configuration and fails when the committed files differ.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";
import { ApiType, pluckConfig, preset } from "@shopify/api-codegen-preset";
import { printSchema } from "graphql";

import { adminSchema } from "./tests/shopify/admin-schema";

/** Where the generated files are committed (app code imports their types as ~/types/…). */
export const GENERATED_DIRECTORY = "app/types";

const config = {
  overwrite: true,
  // As SDL text, not the GraphQLSchema object: codegen may run on another copy of graphql-js (its
  // CommonJS build where vitest loads the ES one), and graphql-js refuses another copy's objects.
  schema: printSchema(adminSchema()),
  // The gateway's documents live in this one module (gateway-documents.test.ts holds it so).
  documents: ["app/services/shopify/documents.ts"],
  // Shopify's hooks that find `#graphql` strings are graphql-tag-pluck options codegen passes on but does not declare.
  pluckConfig: pluckConfig as CodegenConfig["pluckConfig"],
  generates: {
    // Every schema type, as Shopify's shopifyApiTypes() configures it; enums as string unions,
    // because a declaration file has no runtime enum objects to import.
    [`${GENERATED_DIRECTORY}/admin.types.d.ts`]: {
      plugins: ["typescript"],
      config: { defaultScalarType: "string", scalars: { JSON: "unknown" }, enumsAsTypes: true },
    },
    // Each document's result and variables, keyed by its text for @shopify/admin-api-client.
    [`${GENERATED_DIRECTORY}/admin.generated.d.ts`]: {
      preset,
      presetConfig: { apiType: ApiType.Admin },
    },
  },
} satisfies CodegenConfig;

export default config;
