import type { ApiOperation } from "../operation";

export const deliveryOperations: ApiOperation[] = [];
