import type { ApiOperation } from "../operation";

export const paymentOperations: ApiOperation[] = [];
