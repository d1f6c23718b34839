import type { ActionFunctionArgs } from "@remix-run/node";

import { locationUpdated } from "~/services/catalogue-webhooks.server";
import { locationUpdatePayload } from "~/webhooks/payloads";
import { receivePayload } from "~/webhooks/receive.server";

// locations/update: a deactivated location flags the open orders receiving there; reactivation clears it.
export const action = ({ request }: ActionFunctionArgs) =>
  receivePayload(request, "locations/update", locationUpdatePayload, locationUpdated);
