import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";

import { textProblem } from "~/domain/input";
import { env } from "~/env.server";
import { ShopifyApiError } from "~/services/shopify/errors";
import { requireAdmin } from "~/shopify.server";

/** A picker page: enough to fill the list (the gateway allows at most 15: Shopify's query cost limit). */
const PAGE_SIZE = 15;
const MAX_QUERY_LENGTH = 500;

/**
 * The demo's resource picker (the App Bridge stand-in) reads the demo store here, through the
 * shop's gateway: a page of products with their variants for a Shopify search query. Demo mode
 * only; in Shopify admin the real picker reads the shop itself.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env.demo) throw new Response("Not found", { status: 404 });
  const { gateway } = await requireAdmin(request);
  const url = new URL(request.url);
  const query = url.searchParams.get("query") ?? "";
  const after = url.searchParams.get("after") || null;
  const problem = query.length > MAX_QUERY_LENGTH ? `at most ${MAX_QUERY_LENGTH} characters` : textProblem(query);
  if (problem) return json({ error: `query: ${problem}` }, { status: 400 });
  if (after !== null && (after.length > MAX_QUERY_LENGTH || textProblem(after)))
    return json({ error: "after: not a cursor this picker gave" }, { status: 400 });
  try {
    return json(await gateway.productsForPicker({ query, first: PAGE_SIZE, after }));
  } catch (error) {
    // A query the store refuses (search syntax it does not take, a stale cursor) is the picker's to show.
    if (error instanceof ShopifyApiError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
}
