import { PrismaLibSql } from "@prisma/adapter-libsql";
import { PrismaClient } from "@prisma/client";

import { env } from "./env.server";

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaLibSql({ url: databaseUrl }) });
}

declare global {
  // Kept on globalThis outside production so Vite's module reloads reuse one connection.
  var inboundPrisma: PrismaClient | undefined;
}

const prisma = globalThis.inboundPrisma ?? createPrismaClient(env.databaseUrl);
if (env.nodeEnv !== "production") globalThis.inboundPrisma = prisma;

export default prisma;
