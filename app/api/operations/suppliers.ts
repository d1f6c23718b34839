import type { ApiOperation } from "../operation";

export const supplierOperations: ApiOperation[] = [];
