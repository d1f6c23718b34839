/**
 * `fetch` as a process pointed at the Admin API stand-in sees it: a request to a shop
 * (`https://{shop}.myshopify.com/…`: the Admin API, the token endpoint) goes to the stand-in at
 * `standinOrigin`, anything else where it was sent. For a process in a normal deployment's
 * environment (not demo), which addresses Shopify by the shop's domain.
 */
export function fetchReachingStandin(standinOrigin: string, realFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input, init);
    const standin = new URL(standinOrigin);
    url.protocol = standin.protocol;
    url.host = standin.host;
    return input instanceof Request ? realFetch(new Request(url, input), init) : realFetch(url, init);
  };
}
