// Liveness: the process is up and serving. Touches nothing (no database), so a slow database never
// gets a live process restarted; readiness is /readyz.
export const loader = () =>
  new Response(JSON.stringify({ status: "ok" }), { status: 200, headers: { "Content-Type": "application/json", "Cache-Control": "no-store" } });
