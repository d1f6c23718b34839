import type { ApiOperation } from "../operation";

export const reconciliationOperations: ApiOperation[] = [];
