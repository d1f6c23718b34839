import "dotenv/config";
import { defineConfig } from "prisma/config";

// Prisma's CLI is used only to generate the client: migrations are our own SQL files (see
// docs/decisions/002-migrations-without-prisma-engines.md), so no schema engine is needed.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
