import { ValidationError } from "~/domain/errors";
import type { NewLineInput } from "~/domain/purchase-order/lifecycle";

import type { Actor } from "./actor";
import { performAction, type ActionOptions, type LifecycleDeps } from "./purchase-order-lifecycle.server";
import type { ShopifyGateway, VariantSummary } from "./shopify/gateway.server";

/**
 * Adding a line: a variant resolved from Shopify (by variant id or SKU; its unit cost taken
 * from Shopify when none is given), or a custom line that is free text and never pushed to
 * Shopify. Resolution happens before the lifecycle decides, so an unknown SKU changes nothing.
 */
export type LineSource =
  | { type: "variant"; variantId: string }
  | { type: "sku"; sku: string }
  | { type: "custom"; title: string; sku: string | null };

export interface AddLineInput {
  source: LineSource;
  ordered: number;
  /** Blank: the known cost (Shopify's unit cost). Required for custom lines. */
  unitCost: string | null;
}

export async function addLine(
  deps: LifecycleDeps & { gateway: ShopifyGateway },
  shopDomain: string,
  actor: Actor,
  orderId: string,
  input: AddLineInput,
  options: ActionOptions = {},
) {
  const line = await resolveLine(deps.gateway, input);
  return performAction(deps, shopDomain, actor, orderId, { action: "add_line", line }, options);
}

async function resolveLine(gateway: ShopifyGateway, input: AddLineInput): Promise<NewLineInput> {
  const { source } = input;
  if (source.type === "custom") {
    if (input.unitCost === null) throw new ValidationError({ "line.unitCost": "A custom line needs a unit cost" });
    return {
      kind: "custom",
      variantId: null,
      inventoryItemId: null,
      productTitle: source.title,
      variantTitle: null,
      sku: source.sku,
      ordered: input.ordered,
      unitCost: input.unitCost,
    };
  }
  let variant: VariantSummary | null | undefined;
  if (source.type === "variant") {
    variant = (await gateway.variantsByIds([source.variantId])).get(source.variantId);
    if (!variant) throw new ValidationError({ "line.variantId": "Shopify has no such product variant in this shop" });
  } else {
    variant = await gateway.variantBySku(source.sku);
    if (!variant) throw new ValidationError({ "line.sku": `No variant in this shop has the SKU "${source.sku.trim()}"` });
  }
  return {
    kind: "variant",
    variantId: variant.id,
    inventoryItemId: variant.inventoryItemId,
    productTitle: variant.productTitle,
    variantTitle: variant.title,
    sku: variant.sku,
    ordered: input.ordered,
    unitCost: input.unitCost ?? variant.unitCost ?? "0",
  };
}
