import { createHmac, randomUUID } from "node:crypto";

import { TEST_API_SECRET } from "./app-env";

export interface SignedWebhookOptions {
  shop: string;
  /** Shopify's X-Shopify-Event-Id: the same for every delivery of one event. */
  eventId?: string;
  /** The secret the HMAC is computed with; anything but TEST_API_SECRET forges the request. */
  secret?: string;
  triggeredAt?: Date;
  /** The body exactly as sent (signed as is), instead of the payload as JSON. */
  rawBody?: string;
  /** The X-Shopify-Hmac-Sha256 header instead of the true signature; null leaves it out. */
  hmacHeader?: string | null;
  /** Headers sent as given, over those above (they are not signed). */
  headers?: Record<string, string>;
}

/** A webhook request as Shopify sends it (headers, HMAC of the raw body), as route action arguments. */
export function signedWebhook(path: string, topic: string, payload: unknown, options: SignedWebhookOptions) {
  const body = options.rawBody ?? JSON.stringify(payload);
  const signature = createHmac("sha256", options.secret ?? TEST_API_SECRET)
    .update(body)
    .digest("base64");
  const hmac = options.hmacHeader === undefined ? signature : options.hmacHeader;
  return {
    request: new Request(`https://inbound.example.com${path}`, {
      method: "POST",
      body,
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Shop-Domain": options.shop,
        "X-Shopify-API-Version": "2026-10",
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Event-Id": options.eventId ?? randomUUID(),
        "X-Shopify-Triggered-At": (options.triggeredAt ?? new Date()).toISOString(),
        ...(hmac === null ? {} : { "X-Shopify-Hmac-Sha256": hmac }),
        ...options.headers,
      },
    }),
    params: {},
    context: {},
  };
}

/** The HTTP status a route action answers with, whether it returns or throws its Response. */
export async function responseStatus(call: () => Promise<Response>): Promise<number> {
  try {
    return (await call()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}
