import { z } from "zod";

import { quantityInput, recordId, shopifyId } from "~/api/schemas";
import { MONEY_PATTERN } from "~/domain/money";
import { MAX_REASON_LENGTH } from "~/domain/purchase-order/lifecycle";

/**
 * Fields several commands take, with their limits: the schemas publish them (OpenAPI, MCP) and
 * judge every caller's input by them, the screens' forms included.
 */

/** A line of the order, by its id. */
export const lineId = recordId.describe("The line's id (from the order's `lines`).");

/** A quantity of units: a whole number from 0 to MAX_QUANTITY. */
export const quantity = quantityInput(0);

/** A decimal amount as the lifecycle takes it: 0 or more, up to 12 digits before the point and 4 after. */
export const amount = z.string().regex(MONEY_PATTERN, "Must be 0 or more, with at most 12 digits before the point and 4 after");

/** Why an order was paused, disputed or cancelled: kept in its audit log. */
export const reason = z.string().trim().min(1).max(MAX_REASON_LENGTH).optional().describe("Why; kept in the audit log.");

/** One of the shop's active Shopify locations. */
export const locationId = shopifyId("Location");

/** An input of no fields (the action needs nothing but the order). */
export const noFields = z.strictObject({});

/** A receipt of the order, by its booking id. */
export const bookingId = recordId.describe("The receipt's booking id (from the order's receipts).");
