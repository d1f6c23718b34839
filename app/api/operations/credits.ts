import type { ApiOperation } from "../operation";

export const creditOperations: ApiOperation[] = [];
