import { PassThrough } from "node:stream";

import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";

import { log } from "./log.server";
import { startEmbeddedEffectsWorker } from "./jobs/embedded-worker.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// The server build is loaded once per process: start the embedded effects worker (if enabled).
startEmbeddedEffectsWorker();

export const streamTimeout = 5000;

/**
 * Every error Remix catches passes here before it is put into a response. The server log keeps
 * it whole; the error itself is emptied of its stack and message first, so no response (a page,
 * a data request, a resource route, in development as in production) ever carries a stack trace
 * or a message written for developers. In production Remix sends "Unexpected Server Error" anyway.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  // Remix wraps its own refusals (no such route, method not allowed) around an internal error.
  const cause: unknown = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : error;
  if (!request.signal.aborted) log.error("request failed", { method: request.method, path: new URL(request.url).pathname, error: cause ?? error });
  if (cause instanceof Error) {
    // Own properties, not assignments: some errors (a DOMException such as an aborted request's
    // AbortError) only have a getter for `message`, and assigning it would throw here.
    const message = "Unexpected Server Error";
    Object.defineProperty(cause, "message", { value: message, configurable: true, writable: true });
    Object.defineProperty(cause, "stack", { value: `${cause.name}: ${message}`, configurable: true, writable: true });
  }
};

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  // Shopify's frame-ancestors / CSP headers for embedded apps.
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const readyEvent = userAgent && isbot(userAgent) ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [readyEvent]() {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        log.error("rendering failed", { error });
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
