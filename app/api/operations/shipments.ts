import type { ApiOperation } from "../operation";

export const shipmentAndAddressOperations: ApiOperation[] = [];
