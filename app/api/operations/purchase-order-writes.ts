import type { ApiOperation } from "../operation";

export const purchaseOrderWrites: ApiOperation[] = [];
