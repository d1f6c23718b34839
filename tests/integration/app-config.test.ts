import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";

import { WEBHOOK_TOPICS } from "~/webhooks/topics";

import { ADMIN_API_VERSION_STRING } from "~/services/shopify/version";

const root = path.resolve(import.meta.dirname, "../..");
const toml = readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const config = parse(toml) as {
  embedded: boolean;
  access_scopes: { scopes: string };
  webhooks: {
    api_version: string;
    subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }>;
  };
};

/** Remix flat routes: /webhooks/app/uninstalled → app/routes/webhooks.app.uninstalled.tsx */
function routeFileFor(uri: string): string {
  return path.join(root, "app/routes", `${uri.replace(/^\//, "").replaceAll("/", ".")}.tsx`);
}

describe("shopify.app.toml", () => {
  it("is an embedded app on the API version the gateway speaks", () => {
    expect(config.embedded).toBe(true);
    expect(config.webhooks.api_version).toBe(ADMIN_API_VERSION_STRING);
  });

  it("asks for the scopes purchase orders need: products, inventory, locations", () => {
    const scopes = config.access_scopes.scopes.split(",");
    expect(scopes).toEqual(expect.arrayContaining(["read_products", "write_products", "read_inventory", "write_inventory", "read_locations"]));
  });

  it("subscribes to app/uninstalled, the three compliance topics and the catalogue, inventory and location topics", () => {
    const topics = config.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])]);
    expect(topics).toEqual(expect.arrayContaining([...WEBHOOK_TOPICS]));
  });

  it("delivers every subscription to a route that exists", () => {
    const missing = config.webhooks.subscriptions.map((s) => s.uri).filter((uri) => !existsSync(routeFileFor(uri)));
    expect(missing).toEqual([]);
  });

  it("gives each topic its own route (Shopify's template convention), at the topic's path", () => {
    const topicRoutes = config.webhooks.subscriptions.filter((s) => s.topics);
    expect(topicRoutes.map((s) => s.topics)).toEqual(topicRoutes.map((s) => [s.uri.replace(/^\/webhooks\//, "")]));
  });

  it("names each subscription's route in a comment above it", () => {
    const uncommented = [...toml.matchAll(/^(.*)\n\s*\[\[webhooks\.subscriptions\]\]\n(?:.*\n)*?\s*uri = "([^"]+)"/gm)]
      .filter(([, comment, uri]) => !comment!.includes(path.relative(root, routeFileFor(uri!))))
      .map(([, , uri]) => uri);
    expect(uncommented).toEqual([]);
  });
});
