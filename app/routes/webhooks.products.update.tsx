import type { ActionFunctionArgs } from "@remix-run/node";

import { productUpdated } from "~/services/catalogue-webhooks.server";
import { productUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// products/update: refresh titles and SKUs on open orders' lines; flag lines whose variant is gone.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "products/update", productUpdatePayload, productUpdated);
