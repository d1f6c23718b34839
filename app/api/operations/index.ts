import type { ApiOperation } from "../operation";

import { creditOperations } from "./credits";
import { deliveryOperations } from "./deliveries";
import { historyOperations } from "./history";
import { lifecycleOperations } from "./lifecycle";
import { paymentOperations } from "./payments";
import { purchaseOrderWrites } from "./purchase-order-writes";
import { purchaseOrderReads } from "./purchase-orders";
import { reconciliationOperations } from "./reconciliation";
import { shipmentAndAddressOperations } from "./shipments";
import { splitOperations } from "./split";
import { supplierOperations } from "./suppliers";

/**
 * Every operation of the API, in the order the OpenAPI document and the MCP tool list show
 * them. One file per resource; each exports its operations.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...purchaseOrderReads,
  ...purchaseOrderWrites,
  ...lifecycleOperations,
  ...historyOperations,
  ...deliveryOperations,
  ...paymentOperations,
  ...creditOperations,
  ...shipmentAndAddressOperations,
  ...reconciliationOperations,
  ...supplierOperations,
  ...splitOperations,
];
