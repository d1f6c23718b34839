// `npm run generate`: one Prisma client per supported database (docs/decisions/016-postgresql.md).
// The SQLite client is Prisma's default (@prisma/client); the PostgreSQL client is generated from
// schema.prisma with only the provider changed, into its own directory, which
// app/db-client.server.ts loads when DATABASE_URL is a postgresql:// URL.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { POSTGRESQL_CLIENT_MODULE, schemaForProvider } from "../app/db-provider.server";

const root = path.resolve(import.meta.dirname, "..");
const prisma = path.join(root, "node_modules", ".bin", "prisma");
// The schema engine is never needed to generate; unset, Prisma would try to download it.
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || "/bin/false" };
const generate = (...args: string[]) => execFileSync(prisma, ["generate", ...args], { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });

generate();

const clientDirectory = path.join(root, "node_modules", POSTGRESQL_CLIENT_MODULE);
const derivedSchema = path.join(path.dirname(clientDirectory), "schema.postgresql.prisma");
mkdirSync(path.dirname(derivedSchema), { recursive: true });
const schemaText = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
writeFileSync(derivedSchema, schemaForProvider(schemaText, "postgresql", `./${path.basename(clientDirectory)}`));
generate("--schema", derivedSchema);

// A client generated outside @prisma/client gets a private copy of Prisma's runtime, and with it
// its own error classes and Decimal: `instanceof Prisma.PrismaClientKnownRequestError` or
// `Prisma.Decimal` in the app would then fail for PostgreSQL's results. Both clients share the one
// installed runtime instead (same Prisma version: the lockfile pins one).
writeFileSync(
  path.join(clientDirectory, "runtime", "client.js"),
  `// Shared with @prisma/client by scripts/generate-clients.ts: one runtime, one set of error classes.\nmodule.exports = require("@prisma/client/runtime/client.js");\n`,
);
