import type { PrismaClient } from "@prisma/client";

import { createPrismaClient } from "./db-client.server";
import { env } from "./env.server";

declare global {
  // Kept on globalThis outside production so Vite's module reloads reuse one connection.
  var inboundPrisma: PrismaClient | undefined;
}

const prisma = globalThis.inboundPrisma ?? createPrismaClient(env.databaseUrl);
if (env.nodeEnv !== "production") globalThis.inboundPrisma = prisma;

export default prisma;
