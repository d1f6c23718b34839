// Applies committed migrations to DATABASE_URL (deployments run it through `npm run setup`).
import "dotenv/config";

import { applyMigrations } from "../app/migrations.server";

const databaseUrl = process.env.DATABASE_URL ?? "file:prisma/inbound.db";
const { applied } = await applyMigrations(databaseUrl);
console.log(applied.length > 0 ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
