import type { ActionFunctionArgs } from "@remix-run/node";

import { locationDeleted } from "~/services/catalogue-webhooks.server";
import { locationDeletePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// locations/delete: flag the open orders receiving there.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "locations/delete", locationDeletePayload, locationDeleted);
