import { z } from "zod";

import { NotFoundError } from "~/domain/errors";
import { CARRIERS, type ShipmentInput } from "~/domain/shipments";
import { loadAddresses, setAddresses } from "~/services/purchase-order-fields.server";
import { addShipment, listShipments, removeShipment, updateShipment } from "~/services/shipments.server";

import { Address, addressFields, addressJson, AddressRequest } from "../addresses";
import { defineOperation } from "../operation";
import { apiSchemas, OrderIdParams, recordId, requestSchemas } from "../schemas";

/**
 * Shipments (carrier, tracking, arrival) and addresses of a purchase order, through the services
 * the order screen's cards use (shipments.server.ts, purchase-order-fields.server.ts). Neither
 * changes the order's status or its `version`.
 */

// ---------------------------------------------------------------------------------------------
// Shipments

const Shipment = z
  .strictObject({
    id: z.string(),
    carrier: z.string().nullable(),
    tracking_number: z.string().nullable(),
    tracking_url: z.string().nullable().describe("The carrier's tracking page, for carriers Inbound knows."),
    estimated_arrival_at: z.iso.date().nullable(),
    arrived_at: z.iso.date().nullable(),
    note: z.string().nullable(),
  })
  .register(apiSchemas, { id: "Shipment" });

type ShipmentView = Awaited<ReturnType<typeof listShipments>>[number];

function shipmentJson(shipment: ShipmentView): z.input<typeof Shipment> {
  return {
    id: shipment.id,
    carrier: shipment.carrier,
    tracking_number: shipment.trackingNumber,
    tracking_url: shipment.trackingUrl,
    estimated_arrival_at: shipment.estimatedArrivalAt,
    arrived_at: shipment.arrivedAt,
    note: shipment.note,
  };
}

const day = (what: string) => z.string().nullable().optional().describe(`${what}, YYYY-MM-DD; null or empty for none.`);

const shipmentFields = {
  carrier: z
    .string()
    .nullable()
    .optional()
    .describe(`At most 100 characters. Known carriers (any case) get a tracking link: ${CARRIERS.map((carrier) => carrier.name).join(", ")}.`),
  tracking_number: z.string().nullable().optional().describe("Letters, digits and dashes (spaces are dropped), at most 60."),
  estimated_arrival_at: day("Expected arrival"),
  arrived_at: day("Actual arrival (not in the future)"),
  note: z.string().nullable().optional().describe("At most 500 characters."),
};

const AddShipmentRequest = z.strictObject(shipmentFields).register(requestSchemas, { id: "AddShipmentRequest" });
const UpdateShipmentRequest = z.strictObject(shipmentFields).register(requestSchemas, { id: "UpdateShipmentRequest" });

type ShipmentRequest = z.output<typeof AddShipmentRequest>;

/** The request's fields as the service takes them; fields left out keep `current` (nothing, for a new shipment). */
function shipmentInput(body: ShipmentRequest, current: ShipmentInput = {}): ShipmentInput {
  const given = <T>(value: T | undefined, kept: T | undefined) => (value === undefined ? kept : value);
  return {
    carrier: given(body.carrier, current.carrier),
    trackingNumber: given(body.tracking_number, current.trackingNumber),
    estimatedArrivalAt: given(body.estimated_arrival_at, current.estimatedArrivalAt),
    arrivedAt: given(body.arrived_at, current.arrivedAt),
    note: given(body.note, current.note),
  };
}

const ShipmentParams = OrderIdParams.extend({ shipment_id: recordId.describe("The shipment's id.") });

// ---------------------------------------------------------------------------------------------
// Addresses

const Addresses = z
  .strictObject({
    billing_address: Address.nullable(),
    shipping_address: Address.nullable().describe("Where the supplier ships; for a drop-ship order, the end customer's address."),
    drop_ship: z.boolean(),
  })
  .register(apiSchemas, { id: "PurchaseOrderAddresses" });

const UpdateAddressesRequest = z
  .strictObject({
    billing_address: AddressRequest.nullable().optional().describe("Replaces the whole billing address; null clears it."),
    shipping_address: AddressRequest.nullable()
      .optional()
      .describe("Replaces the whole shipping address; null clears it (not while drop_ship is on)."),
    drop_ship: z.boolean().optional().describe("Ships straight to the end customer: only with a shipping address."),
  })
  .register(requestSchemas, { id: "UpdateAddressesRequest" });

function addressInput(address: z.output<typeof AddressRequest> | null | undefined) {
  return address ? addressFields(address) : address;
}

function addressesJson(addresses: Awaited<ReturnType<typeof loadAddresses>>): z.input<typeof Addresses> {
  return {
    billing_address: addressJson(addresses.billingAddress),
    shipping_address: addressJson(addresses.shippingAddress),
    drop_ship: addresses.dropShip,
  };
}

// ---------------------------------------------------------------------------------------------

export const shipmentAndAddressOperations = [
  defineOperation({
    name: "list_purchase_order_shipments",
    method: "GET",
    path: "/purchase_orders/{id}/shipments",
    scope: "read",
    title: "List an order's shipments",
    description: "The order's shipments, oldest first: carrier, tracking number and link, expected and actual arrival days, note.",
    params: OrderIdParams,
    response: z.strictObject({ shipments: z.array(Shipment) }).register(apiSchemas, { id: "ShipmentList" }),
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return { shipments: (await listShipments(db, shopDomain, params.id)).map(shipmentJson) };
    },
  }),
  defineOperation({
    name: "add_purchase_order_shipment",
    method: "POST",
    path: "/purchase_orders/{id}/shipments",
    scope: "write",
    title: "Add a shipment",
    description:
      "Records a shipment of the order (the carrier, the tracking number, or both are required). Informational: it never changes the " +
      "order's status; receiving goods does. Answers the shipment, with the tracking link for known carriers.",
    params: OrderIdParams,
    body: AddShipmentRequest,
    response: Shipment,
    status: 201,
    async handle({ db, shopDomain, actor }, { params, body }) {
      return shipmentJson(await addShipment({ db }, shopDomain, actor, params.id, shipmentInput(body)));
    },
  }),
  defineOperation({
    name: "update_purchase_order_shipment",
    method: "PATCH",
    path: "/purchase_orders/{id}/shipments/{shipment_id}",
    scope: "write",
    title: "Update a shipment",
    description: "Changes a shipment: only the fields given change (null clears one). Answers the shipment.",
    params: ShipmentParams,
    body: UpdateShipmentRequest,
    response: Shipment,
    idempotent: true,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const current = (await listShipments(db, shopDomain, params.id)).find((shipment) => shipment.id === params.shipment_id);
      if (!current) throw new NotFoundError("Shipment", params.shipment_id);
      const input = shipmentInput(body, current);
      return shipmentJson(await updateShipment({ db }, shopDomain, actor, params.id, params.shipment_id, input));
    },
  }),
  defineOperation({
    name: "remove_purchase_order_shipment",
    method: "DELETE",
    path: "/purchase_orders/{id}/shipments/{shipment_id}",
    scope: "write",
    title: "Remove a shipment",
    description: "Removes a shipment from the order (kept in the order's audit log).",
    params: ShipmentParams,
    response: z.strictObject({ id: z.string(), removed: z.literal(true) }).register(apiSchemas, { id: "RemovedShipment" }),
    destructive: true,
    async handle({ db, shopDomain, actor }, { params }) {
      await removeShipment({ db }, shopDomain, actor, params.id, params.shipment_id);
      return { id: params.shipment_id, removed: true as const };
    },
  }),
  defineOperation({
    name: "get_purchase_order_addresses",
    method: "GET",
    path: "/purchase_orders/{id}/addresses",
    scope: "read",
    title: "Get an order's addresses",
    description: "The order's billing and shipping addresses (null when not set) and whether it is drop-shipped to the end customer.",
    params: OrderIdParams,
    response: Addresses,
    idempotent: true,
    async handle({ db, shopDomain }, { params }) {
      return addressesJson(await loadAddresses(db, shopDomain, params.id));
    },
  }),
  defineOperation({
    name: "update_purchase_order_addresses",
    method: "PATCH",
    path: "/purchase_orders/{id}/addresses",
    scope: "write",
    title: "Update an order's addresses",
    description:
      "Sets, replaces or clears the billing and shipping addresses and the drop-ship flag; only the fields given change (an address " +
      "given replaces that whole address). A drop-ship order must keep a shipping address. Invalid fields are refused (422) by name, " +
      "e.g. `shipping_address.country_code`. Answers all the order's addresses.",
    params: OrderIdParams,
    body: UpdateAddressesRequest,
    response: Addresses,
    idempotent: true,
    async handle({ db, shopDomain, actor }, { params, body }) {
      const patch = {
        billingAddress: addressInput(body.billing_address),
        shippingAddress: addressInput(body.shipping_address),
        dropShip: body.drop_ship,
      };
      return addressesJson(await setAddresses({ db }, shopDomain, actor, params.id, patch));
    },
  }),
];
