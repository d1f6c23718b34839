import { now } from "~/clock.server";
import prisma from "~/db.server";
import { env } from "~/env.server";
import { checkReadiness, maxQueueLagSecondsFrom } from "~/services/health.server";

const maxQueueLagSeconds = maxQueueLagSecondsFrom(process.env);

// Readiness (app/services/health.server.ts): 200 with the details when the database answers, its
// migrations are current and the queues keep up; 503 naming what is not. No authentication, so
// the answer holds counts, ages and migration names only.
export async function loader() {
  const readiness = await checkReadiness(prisma, { databaseUrl: env.databaseUrl, now: now(), maxQueueLagSeconds });
  return new Response(JSON.stringify({ status: readiness.ready ? "ready" : "not ready", ...readiness }), {
    status: readiness.ready ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
