import { z } from "zod";

import {
  MAX_INVENTORY_CHANGES_PER_EFFECT,
  type EffectKind,
  type InventoryEffectPayload,
  type MetafieldsEffectPayload,
  type TagsEffectPayload,
  type UnitCostsEffectPayload,
} from "~/domain/effects";
import { isShopifyId, type ShopifyResource } from "~/domain/input";
import { ShopifyApiError } from "~/services/shopify/errors";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

/**
 * One task per effect kind: how a staged effect (its kind and JSON payload, see
 * app/domain/effects.ts) becomes one gateway call, and how the answer is classified.
 *
 * Payloads are parsed again here although the core wrote them: a row can outlive the code that
 * staged it (a deploy between staging and draining) or be edited by hand, and a bad row must
 * end as a failed effect that says what is wrong, not crash the worker or stall the shop.
 */

/** How one attempt ended. `retry`: Shopify could not be reached or was busy; the same request may succeed later. */
export type EffectOutcome = { kind: "applied" } | { kind: "failed"; error: string } | { kind: "retry"; error: string };

/** A Shopify id of one of `resources`, by the one id rule the API and screens apply (app/domain/input.ts). */
const shopifyId = (...resources: ShopifyResource[]) =>
  z.string().refine((value) => resources.some((resource) => isShopifyId(resource, value)), `expected a Shopify ${resources.join(" or ")} id`);

const inventoryPayload = z.object({
  referenceDocumentUri: z.string().regex(/^gid:\/\/inbound\/PurchaseOrder\/.+$/, "expected gid://inbound/PurchaseOrder/<id>"),
  changes: z
    .array(z.object({ inventoryItemId: shopifyId("InventoryItem"), locationId: shopifyId("Location"), delta: z.number().int() }))
    .min(1)
    .max(MAX_INVENTORY_CHANGES_PER_EFFECT),
}) satisfies z.ZodType<InventoryEffectPayload>;

const tagsPayload = z.object({
  items: z.array(z.object({ id: shopifyId("Product"), tags: z.array(z.string().min(1)).min(1) })).min(1),
}) satisfies z.ZodType<TagsEffectPayload>;

const metafieldsPayload = z.object({
  metafields: z
    .array(
      z.object({
        ownerId: shopifyId("Product", "ProductVariant"),
        namespace: z.string().min(1),
        key: z.string().min(1),
        type: z.string().min(1),
        value: z.string(),
      }),
    )
    .min(1),
}) satisfies z.ZodType<MetafieldsEffectPayload>;

const unitCostsPayload = z.object({
  purchaseOrderId: z.string().min(1),
  requestedAt: z.iso.datetime(),
  writes: z
    .array(z.object({ inventoryItemId: shopifyId("InventoryItem"), cost: z.string().regex(/^\d+(\.\d+)?$/, "expected a decimal cost") }))
    .min(1),
}) satisfies z.ZodType<UnitCostsEffectPayload>;

/** Each kind: the payload's schema and the one gateway call that applies it (the effect's id is the idempotency key). */
const TASKS: { [K in EffectKind]: (payload: unknown) => (gateway: ShopifyGateway, idempotencyKey: string) => Promise<void> } = {
  adjust_incoming: (payload) => {
    const parsed = inventoryPayload.parse(payload);
    return (gateway, idempotencyKey) => gateway.adjustIncoming({ idempotencyKey, ...parsed });
  },
  adjust_on_hand: (payload) => {
    const parsed = inventoryPayload.parse(payload);
    return (gateway, idempotencyKey) => gateway.adjustOnHand({ idempotencyKey, ...parsed });
  },
  add_tags: (payload) => {
    const { items } = tagsPayload.parse(payload);
    return (gateway) => gateway.addTags(items);
  },
  remove_tags: (payload) => {
    const { items } = tagsPayload.parse(payload);
    return (gateway) => gateway.removeTags(items);
  },
  set_metafields: (payload) => {
    const { metafields } = metafieldsPayload.parse(payload);
    return (gateway) => gateway.setMetafields(metafields);
  },
  // Writing a cost is idempotent: sent twice, Shopify holds the same cost.
  update_unit_costs: (payload) => {
    const { writes } = unitCostsPayload.parse(payload);
    return (gateway) => gateway.updateUnitCosts(writes);
  },
};

function isEffectKind(kind: string): kind is EffectKind {
  return Object.hasOwn(TASKS, kind);
}

/** The task for a stored effect, or why it cannot be run (a message for the effect's lastError). */
function taskFor(effect: { kind: string; payload: string }): ReturnType<(typeof TASKS)[EffectKind]> | string {
  if (!isEffectKind(effect.kind)) return `Unknown effect kind "${effect.kind}"`;
  let payload: unknown;
  try {
    payload = JSON.parse(effect.payload);
  } catch {
    return `Malformed ${effect.kind} payload: not JSON`;
  }
  try {
    return TASKS[effect.kind](payload);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const problems = error.issues.map((issue) => `${issue.path.join(".") || "(payload)"}: ${issue.message}`);
    return `Malformed ${effect.kind} payload: ${problems.join("; ")}`;
  }
}

/**
 * Applies one effect through the gateway and says how it ended; never throws for Shopify's
 * answers. userErrors and GraphQL errors are final (the same request would be refused the same
 * way). Throttling and unavailability (after the gateway's own retries) are worth another try
 * later, and so is an expired token (unauthorized): the shop's queue waits for a valid session
 * rather than failing effects a reinstall would apply. An unexpected error is retried too, so a
 * bug never loses an effect; its message lands in lastError.
 */
export async function applyEffect(gateway: ShopifyGateway, effect: { id: string; kind: string; payload: string }): Promise<EffectOutcome> {
  const task = taskFor(effect);
  if (typeof task === "string") return { kind: "failed", error: task };
  try {
    await task(gateway, effect.id);
    return { kind: "applied" };
  } catch (error) {
    if (error instanceof ShopifyApiError && (error.kind === "rejected" || error.kind === "graphql")) {
      return { kind: "failed", error: error.message };
    }
    return { kind: "retry", error: error instanceof Error ? error.message : String(error) };
  }
}
