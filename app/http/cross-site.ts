/**
 * Whether a browser sent this state-changing request on another site's behalf: a form on any
 * page can POST to the app, and the browser says where the request came from (Sec-Fetch-Site,
 * Origin). Requests with neither header (scripts, tests) were not sent by a browser for someone
 * else. No imports: the demo's dev server (vite.config.ts) applies the same rule ahead of Remix.
 */
export function isCrossSiteWrite(
  method: string,
  header: (name: string) => string | null | undefined,
  ownOrigins: ReadonlyArray<string | null>,
): boolean {
  if (["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase())) return false;
  const site = header("Sec-Fetch-Site");
  const origin = header("Origin");
  if (site && site !== "same-origin" && site !== "none") return true;
  return origin !== null && origin !== undefined && !ownOrigins.includes(origin);
}

/** The message a refused cross-site write is answered with (403). */
export const CROSS_SITE_MESSAGE = "Refused: this change was sent from another site. Make the change in Inbound itself.";
