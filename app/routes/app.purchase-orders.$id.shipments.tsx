import type { ActionFunctionArgs } from "@remix-run/node";

import type { ShipmentInput } from "~/domain/shipments";
import { addShipment, removeShipment, updateShipment } from "~/services/shipments.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { cardRefusal, cardSaved, formText } from "./app.purchase-orders.$id/card-result.server";

// The order screen's Shipments card: list, add, edit and remove an order's shipments.

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const form = await readForm(request);
  const intent = formIntent(form, ["add", "update", "remove"]);
  const orderId = params.id ?? "";
  const shipmentId = formText(form, "shipmentId") ?? "";
  const input: ShipmentInput = {
    carrier: formText(form, "carrier"),
    trackingNumber: formText(form, "trackingNumber"),
    estimatedArrivalAt: formText(form, "estimatedArrivalAt"),
    arrivedAt: formText(form, "arrivedAt"),
    note: formText(form, "note"),
  };
  const deps = { db: db };
  try {
    if (intent === "add") await addShipment(deps, shopDomain, actor, orderId, input);
    else if (intent === "update") await updateShipment(deps, shopDomain, actor, orderId, shipmentId, input);
    else await removeShipment(deps, shopDomain, actor, orderId, shipmentId);
    return cardSaved(intent === "add" ? "Shipment added" : intent === "update" ? "Shipment saved" : "Shipment removed");
  } catch (error) {
    return cardRefusal(error);
  }
}
