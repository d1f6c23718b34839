import type { ActionFunctionArgs } from "@remix-run/node";

import { productDeleted } from "~/services/catalogue-webhooks.server";
import { productDeletePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// products/delete: flag open orders' lines of the product.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "products/delete", productDeletePayload, productDeleted);
