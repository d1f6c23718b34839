import { handleApiRequest } from "./api/router.server";
import { now } from "./clock.server";
import prisma from "./db.server";
import { env } from "./env.server";
import { handleMcpRequest } from "./mcp/http.server";
import { recordEmailStatus } from "./services/email/outbox.server";
import { checkReadiness, maxQueueLagSecondsFrom } from "./services/health.server";

/**
 * The request handlers that are neither an embedded screen nor a Shopify webhook, wired to the
 * app's one database. Their routes call these and never hold the Prisma client (the route
 * boundary, docs/decisions/017-lint-and-format.md); embedded screens get the database from
 * requireAdmin's context, Shopify's webhooks through app/webhooks/receive.server.ts. Tests call
 * the handlers underneath with a database of their own.
 */
export const apiRequest = (request: Request) => handleApiRequest(prisma, request);
export const mcpRequest = (request: Request) => handleMcpRequest(prisma, request);
export const emailStatusNotice = (notice: Parameters<typeof recordEmailStatus>[1]) => recordEmailStatus(prisma, notice);

const maxQueueLagSeconds = maxQueueLagSecondsFrom(process.env);
/** `/readyz`: this process's database answers, its migrations are current, the queues keep up. */
export const readiness = () => checkReadiness(prisma, { databaseUrl: env.databaseUrl, now: now(), maxQueueLagSeconds });
