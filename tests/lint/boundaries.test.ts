import { fileURLToPath } from "node:url";

import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The lint's import boundaries (eslint.config.js, decision 017), checked on snippets linted as if
 * they were files at the given paths: each rule fires on a file that breaks it and stays quiet on
 * one that keeps it. The project's own config is used as it is; only the type-aware rules are
 * left out, since the snippets are not files of the TypeScript project.
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

async function findings(path: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${path}` });
  return (result?.messages ?? []).map((message) => ({ rule: message.ruleId, message: message.message }));
}

describe("app/domain imports nothing that does I/O", () => {
  it.each([
    ["a Node built-in", 'import { readFile } from "node:fs";\nexport const f = readFile;'],
    ["a Node built-in without the prefix", 'import { createHash } from "crypto";\nexport const h = createHash;'],
    ["Prisma", 'import type { PrismaClient } from "@prisma/client";\nexport type Db = PrismaClient;'],
    ["the app's database module", 'import prisma from "~/db.server";\nexport const db = prisma;'],
    ["a service", 'import { listSuppliers } from "~/services/suppliers.server";\nexport const l = listSuppliers;'],
    ["a service by a relative path", 'import type { Actor } from "../services/actor";\nexport type A = Actor;'],
    ["a job", 'import { startEffectsWorker } from "~/jobs/effects-worker.server";\nexport const w = startEffectsWorker;'],
    ["any *.server module", 'import { env } from "../env.server";\nexport const e = env;'],
    ["Remix", 'import { json } from "@remix-run/node";\nexport const j = json;'],
    ["an email client", 'import nodemailer from "nodemailer";\nexport const n = nodemailer;'],
  ])("refuses %s", async (_what, code) => {
    // One finding per pattern the import breaks (a job is also a *.server module).
    const found = await findings("app/domain/purchase-order/example.ts", code);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(found.map(() => ({ rule: "no-restricted-imports", message: expect.stringContaining("app/domain") })));
  });

  it("refuses fetch and process, the I/O a global reaches", async () => {
    const rules = (
      await findings("app/domain/example.ts", 'export const load = () => fetch("https://example.com");\nexport const home = () => process.env.HOME;')
    ).map((finding) => finding.rule);
    expect(rules).toEqual(["no-restricted-globals", "no-restricted-globals"]);
  });

  it("lets the domain import itself and pure libraries", async () => {
    const code =
      'import Decimal from "decimal.js";\nimport { z } from "zod";\nimport { ValidationError } from "./errors";\nimport { LIFECYCLE } from "~/domain/purchase-order/lifecycle";\nexport const all = [Decimal, z, ValidationError, LIFECYCLE];';
    expect(await findings("app/domain/example.ts", code)).toEqual([]);
  });
});

describe("app/routes never touch Prisma", () => {
  it.each([
    ["the app's database module", 'import prisma from "~/db.server";\nexport const loader = () => prisma;'],
    ["Prisma's client", 'import type { PrismaClient } from "@prisma/client";\nexport type Db = PrismaClient;'],
    ["the database module by a relative path", 'import prisma from "../db.server";\nexport const loader = () => prisma;'],
  ])("refuses importing %s", async (_what, code) => {
    expect(await findings("app/routes/app.example.tsx", code)).toEqual([
      { rule: "no-restricted-imports", message: expect.stringContaining("Routes never") },
    ]);
  });

  it("refuses a query on requireAdmin's db, in a route's folder too", async () => {
    const code =
      'import { requireAdmin } from "~/shopify.server";\nexport async function loader({ request }: { request: Request }) {\n  const { db } = await requireAdmin(request);\n  return db.supplier.findMany();\n}';
    expect(await findings("app/routes/app.example/route.tsx", code)).toEqual([
      { rule: "no-restricted-syntax", message: expect.stringContaining("Routes never query the database") },
    ]);
  });

  it("lets a route pass db to a service", async () => {
    const code =
      'import { requireAdmin } from "~/shopify.server";\nimport { listSuppliers } from "~/services/suppliers.server";\nexport async function loader({ request }: { request: Request }) {\n  const { shopDomain, db } = await requireAdmin(request);\n  return listSuppliers(db, shopDomain);\n}';
    expect(await findings("app/routes/app.example.tsx", code)).toEqual([]);
  });
});

describe("React hooks", () => {
  it("refuses a hook called conditionally", async () => {
    const code =
      'import { useState } from "react";\nexport function Card({ open }: { open: boolean }) {\n  if (open) useState(0);\n  return null;\n}';
    expect((await findings("app/components/Example.tsx", code)).map((finding) => finding.rule)).toEqual(["react-hooks/rules-of-hooks"]);
  });
});
