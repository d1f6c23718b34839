import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GuardrailError, ValidationError } from "~/domain/errors";
import { flowStatus, QUANTITY_DRIVEN, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";

import { createTestDatabase, type TestDatabase } from "../support/database";
import { createOrder } from "../support/orders";
import { installShop } from "../support/shopify";

/**
 * Random action sequences through the service layer on a real database: whatever is tried,
 * what is saved stays consistent, a refusal changes nothing (not even the audit log), and
 * every success leaves exactly one audit entry.
 */
const SHOP = "properties.myshopify.com";
const actor = { type: "system", id: "property-test" } as const;
let database: TestDatabase;
let supplierId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  supplierId = (await installShop(database.db, { domain: SHOP }, ["Acme"])).suppliers[0]!.id;
});
afterAll(() => database.cleanup());

type Step = (lineIds: string[], bookingIds: string[]) => LifecycleCommand;

const quantity = fc.integer({ min: -1, max: 6 });
const pick = <T>(items: T[], index: number): T | undefined => items[index % Math.max(items.length, 1)];

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constantFrom<Step>(
    () => ({ action: "send", via: "manual" }),
    () => ({ action: "confirm_all" }),
    () => ({ action: "start" }),
    () => ({ action: "complete" }),
    () => ({ action: "complete", closeRemainder: true }),
    () => ({ action: "quick_complete" }),
    () => ({ action: "pause" }),
    () => ({ action: "resume" }),
    () => ({ action: "dispute" }),
    () => ({ action: "resolve_dispute" }),
    () => ({ action: "cancel" }),
    () => ({ action: "reopen" }),
  ),
  fc
    .record({ index: fc.nat(), received: quantity, rejected: quantity, cancelled: quantity })
    .map(({ index, received, rejected, cancelled }): Step => (lineIds) => ({
      action: "receive",
      lines: [{ lineId: pick(lineIds, index) ?? "missing", received, rejected, cancelled, reason: null }],
    })),
  fc.record({ index: fc.nat(), confirmed: quantity }).map(({ index, confirmed }): Step => (lineIds) => ({
    action: "confirm_lines",
    lines: [{ lineId: pick(lineIds, index) ?? "missing", confirmed }],
  })),
  fc.nat().map((index): Step => (_lines, bookingIds) => ({ action: "unreceive", bookingId: pick(bookingIds, index) ?? "missing" })),
  fc.nat().map((index): Step => (lineIds) => ({ action: "remove_line", lineId: pick(lineIds, index) ?? "missing" })),
);

async function snapshot(orderId: string) {
  const order = await loadOrderState(database.db, SHOP, orderId);
  const audit = await database.db.auditEntry.count({ where: { purchaseOrderId: orderId } });
  return { order, audit };
}

describe("lifecycle through the service, for any sequence of actions", () => {
  it("keeps saved orders consistent and audits every success exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
        fc.array(step, { maxLength: 12 }),
        async (ordered, steps) => {
          const { id } = await createOrder(database.db, SHOP, supplierId, ordered);
          for (const next of steps) {
            const before = await snapshot(id);
            const command = next(
              before.order.lines.map((line) => line.id),
              before.order.bookings.filter((booking) => booking.kind === "receipt").map((booking) => booking.id),
            );
            try {
              await performAction({ db: database.db }, SHOP, actor, id, command);
            } catch (error) {
              if (!(error instanceof GuardrailError || error instanceof ValidationError)) throw error;
              expect(await snapshot(id)).toEqual(before);
              continue;
            }
            const after = await snapshot(id);
            expect(after.audit).toBe(before.audit + 1);
            expect(after.order.version).toBe(before.order.version + 1);
            for (const line of after.order.lines) {
              const quantities = lineQuantities(line, after.order.bookings);
              expect(Math.min(quantities.received, quantities.rejected, quantities.cancelled, quantities.pending)).toBeGreaterThanOrEqual(0);
            }
            if (QUANTITY_DRIVEN.includes(after.order.status)) {
              expect(after.order.status).toBe(flowStatus(after.order));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
