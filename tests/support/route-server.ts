import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A Node HTTP server in front of the app's own route modules, as Remix serves them: GET and HEAD
 * reach the route's loader, other methods its action; a Response the route throws is the answer
 * (as in Remix), any other error a 500. Tests reach the app over real HTTP through it (the REST
 * API and MCP in tests/support/api.ts, the webhook routes in the attack suite). Import route
 * modules after setting the environment (tests/support/app-env.ts), as for any app module.
 */
export interface RouteModule {
  loader?: (args: never) => Promise<Response> | Response;
  action?: (args: never) => Promise<Response> | Response;
}

/** The route a request reaches, and the URL parameters Remix would give it. */
export interface RoutedRequest {
  module: RouteModule;
  params?: Record<string, string>;
}

export interface RouteServer {
  origin: string;
  close(): Promise<void>;
}

export async function startRouteServer(routeFor: (url: URL) => RoutedRequest | null | Promise<RoutedRequest | null>): Promise<RouteServer> {
  const respond = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    try {
      const request = await webRequest(incoming, origin);
      const route = await routeFor(new URL(request.url));
      const handler = !route ? undefined : request.method === "GET" || request.method === "HEAD" ? route.module.loader : route.module.action;
      const response = !route
        ? new Response("Not found", { status: 404 })
        : !handler
          ? new Response("Method not allowed", { status: 405 })
          : await answer(() => handler({ request, params: route.params ?? {}, context: {} } as never));
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      outgoing.writeHead(500, { "Content-Type": "text/plain" });
      outgoing.end(String(error));
    }
  };
  // A failure is answered as a 500 above; one while answering (headers already sent) ends the connection.
  const server: Server = createServer((incoming, outgoing) => {
    respond(incoming, outgoing).catch((error: unknown) => outgoing.destroy(error instanceof Error ? error : new Error(String(error))));
  });
  // Idle connections are kept a minute (Node's default is 5 s): a client reusing one just as the
  // server drops it gets ECONNRESET (nodejs/undici#3141), and on a loaded machine a pause of 4-5 s
  // between two calls of one client, an MCP client's say, is common.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The route's Response, returned or thrown (Remix answers with a thrown Response). */
async function answer(call: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await call();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The incoming request as the Fetch API Request a route receives, its body as the bytes sent. */
async function webRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(`${origin}${incoming.url ?? "/"}`, {
    method: incoming.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}
