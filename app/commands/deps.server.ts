import type { PrismaClient } from "@prisma/client";

import type { Actor } from "~/services/actor";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { performAction, previewAction } from "~/services/purchase-order-lifecycle.server";
import { addLine } from "~/services/purchase-order-lines.server";
import type { ShopifyGateway } from "~/services/shopify/gateway.server";

import type { CommandDeps } from "./command";

/**
 * What commands run on for one shop and actor: the lifecycle service (load once → decide → save
 * and stage effects in one transaction), with cost sync and the location checks Shopify answers.
 */
export function commandDeps(db: PrismaClient, gateway: ShopifyGateway, shopDomain: string, actor: Actor): CommandDeps {
  const lifecycle = lifecycleDeps(db, gateway);
  return {
    perform: (command, { orderId, ...options }) => performAction(lifecycle, shopDomain, actor, orderId, command, options),
    preview: (command, { orderId, ...options }) => previewAction(lifecycle, shopDomain, orderId, command, options),
    addLine: (input, { orderId, ...options }) => addLine({ ...lifecycle, gateway }, shopDomain, actor, orderId, input, options),
  };
}
