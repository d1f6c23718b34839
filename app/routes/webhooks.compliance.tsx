import type { ActionFunctionArgs } from "@remix-run/node";

import prisma from "~/db.server";
import { shopFilesPrefix } from "~/services/delivery-files.server";
import { eraseShopData } from "~/services/shops.server";
import fileStorage from "~/services/storage/default-storage.server";
import { receiveWebhook } from "~/webhooks/receive.server";

// The three mandatory compliance topics (shopify.app.toml `compliance_topics`). Inbound stores
// no customer data — purchase orders concern suppliers — so customers/data_request and
// customers/redact have nothing to report or erase; their deliveries are recorded as evidence.
// shop/redact (48 hours after uninstall) erases everything held for the shop.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(prisma, request, async (tx, webhook) => {
    if (webhook.topic !== "SHOP_REDACT") return;
    const shopId = await eraseShopData(tx, webhook.shop);
    // Delivery note files live outside the database. Erased here, before the rows commit: were
    // the commit to fail, Shopify redelivers and the rows go then; the files are gone either way.
    if (shopId) await fileStorage.deletePrefix(shopFilesPrefix(shopId));
  });
