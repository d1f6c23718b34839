/**
 * How Admin API requests leave the process. In a real store they go to
 * `https://{shop}/admin/api/...` unchanged. In demo mode and in tests they are sent to the
 * local Admin API stand-in instead: only the origin is rewritten, so the request (path, headers,
 * access token, body) is exactly what Shopify would receive.
 */
export type FetchApi = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function adminApiFetch(standinOrigin: string | undefined): FetchApi {
  if (!standinOrigin) return (input, init) => fetch(input, init);
  const target = new URL(standinOrigin);
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    url.protocol = target.protocol;
    url.host = target.host;
    return fetch(url, init);
  };
}
