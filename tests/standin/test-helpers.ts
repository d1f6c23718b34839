/** Real-HTTP helpers for the stand-in's own tests. */
import { afterAll, beforeAll, beforeEach } from "vitest";

import { startStandin, type StandinOptions, type StandinServer } from "./index";

export interface GraphQLReply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> | string | Record<string, unknown>;
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { currentlyAvailable: number; maximumAvailable: number; restoreRate: number };
      };
    };
  };
}

export async function gql(
  server: StandinServer,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
  operationName?: string,
): Promise<GraphQLReply> {
  const response = await fetch(server.graphqlUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": token },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLReply["body"] };
}

/** Narrowing helper: reads a path out of `data`, failing the test if a step is missing. */
export function dig<T = unknown>(value: unknown, ...path: Array<string | number>): T {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") throw new Error(`no ${String(key)} in ${JSON.stringify(current)}`);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current as T;
}

export function errorsOf(reply: GraphQLReply): Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }> {
  return Array.isArray(reply.body.errors) ? reply.body.errors : [];
}

/** One stand-in for the whole test file, reset to its seed before each test. */
export function standinPerFile(options: StandinOptions = {}): { readonly server: StandinServer } {
  const holder = {} as { server: StandinServer };
  beforeAll(async () => {
    holder.server = await startStandin(options);
  });
  afterAll(() => holder.server.close());
  beforeEach(() => {
    holder.server.store.reset();
  });
  return holder;
}
