import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { env } from "~/env.server";

// Shopify opens the app at "/" with ?shop=…&host=…; the embedded app lives under /app.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop") || env.demo) {
    throw redirect(`/app/purchase-orders${url.search}`);
  }
  throw redirect("/auth/login");
}
