// `npm run apikey -- <command>`: API keys for operators and scripts, without the Settings screen.
//   create --shop <shop domain> --scope read|write --name <name>   prints the new key (shown only this once)
//   list   --shop <shop domain>
//   revoke --shop <shop domain> --id <key id>
// Reads DATABASE_URL (default file:prisma/inbound.db, as the worker). Bad arguments exit 2.
import "dotenv/config";

import { parseArgs } from "node:util";

import { createPrismaClient } from "../app/db-client.server";
import { NotFoundError, ValidationError } from "../app/domain/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "../app/services/api-keys.server";

const USAGE = `Usage:
  npm run apikey -- create --shop <shop domain> --scope read|write --name <name>
  npm run apikey -- list --shop <shop domain>
  npm run apikey -- revoke --shop <shop domain> --id <key id>`;

const REQUIRED = { create: ["shop", "scope", "name"], list: ["shop"], revoke: ["shop", "id"] } as const;
type Command = keyof typeof REQUIRED;

function refuse(problem: string): never {
  console.error(`${problem}\n\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { shop: { type: "string" }, scope: { type: "string" }, name: { type: "string" }, id: { type: "string" } },
    });
  } catch (error) {
    refuse((error as Error).message);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command || !(command in REQUIRED)) refuse(command ? `Unknown command: ${command}` : "Name a command");
  if (extra.length > 0) refuse(`Unexpected argument: ${extra[0]}`);
  const required: readonly string[] = REQUIRED[command as Command];
  const missing = required.filter((option) => !parsed.values[option as keyof typeof parsed.values]);
  if (missing.length > 0) refuse(`${command} needs ${missing.map((option) => `--${option}`).join(", ")}`);
  const unused = Object.keys(parsed.values).filter((option) => !required.includes(option));
  if (unused.length > 0) refuse(`${command} takes no --${unused[0]}`);
  return { command: command as Command, ...parsed.values, shop: parsed.values.shop! };
}

const args = parseCommandLine(process.argv.slice(2));
const db = createPrismaClient(process.env.DATABASE_URL || "file:prisma/inbound.db");
const actor = { type: "system", id: "apikey-cli" } as const;

try {
  if (args.command === "create") {
    const { key, view } = await createApiKey(db, args.shop, actor, { name: args.name, scope: args.scope });
    console.error(`Created ${view.scope} key "${view.name}" (${view.id}). It is shown only now:`);
    console.log(key);
  } else if (args.command === "list") {
    for (const key of await listApiKeys(db, args.shop)) {
      const used = key.lastUsedAt ? `last used ${key.lastUsedAt.toISOString()}` : "never used";
      const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : "active";
      console.log([key.id, key.prefix, key.scope, key.name, `created ${key.createdAt.toISOString()}`, used, state].join("\t"));
    }
  } else {
    await revokeApiKey(db, args.shop, actor, args.id!);
    console.log(`Revoked ${args.id}`);
  }
} catch (error) {
  if (error instanceof ValidationError) refuse(Object.values(error.fieldErrors).join("; "));
  if (error instanceof NotFoundError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
} finally {
  await db.$disconnect();
}
