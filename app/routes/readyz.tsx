import { readiness } from "~/handlers.server";

// Readiness (app/services/health.server.ts): 200 with the details when the database answers, its
// migrations are current and the queues keep up; 503 naming what is not. No authentication, so
// the answer holds counts, ages and migration names only.
export async function loader() {
  const state = await readiness();
  return new Response(JSON.stringify({ status: state.ready ? "ready" : "not ready", ...state }), {
    status: state.ready ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
