import type { ActionFunctionArgs } from "@remix-run/node";

import { produceCustomerData, redactCustomer } from "~/services/compliance.server";
import { shopFilesPrefix } from "~/services/delivery-files.server";
import { eraseShopData } from "~/services/shops.server";
import fileStorage from "~/services/storage/default-storage.server";
import { receiveWebhook } from "~/webhooks/receive.server";
import { COMPLIANCE_TOPICS } from "~/webhooks/topics";

// The three mandatory compliance topics (shopify.app.toml `compliance_topics`). The customer data
// Inbound holds is addresses on purchase orders (app/services/compliance.server.ts):
// customers/data_request exports them, customers/redact erases them. shop/redact (48 hours after
// uninstall) erases everything held for the shop.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, COMPLIANCE_TOPICS, async (tx, webhook) => {
    const delivery = { shopDomain: webhook.shop, webhookId: webhook.webhookId };
    switch (webhook.topic) {
      case "CUSTOMERS_DATA_REQUEST":
        return produceCustomerData(tx, delivery, webhook.payload);
      case "CUSTOMERS_REDACT":
        return redactCustomer(tx, delivery, webhook.payload);
      case "SHOP_REDACT": {
        const shopId = await eraseShopData(tx, webhook.shop);
        // Delivery note files live outside the database. Erased here, before the rows commit: were
        // the commit to fail, Shopify redelivers and the rows go then; the files are gone either way.
        if (shopId) await fileStorage.deletePrefix(shopFilesPrefix(shopId));
        // No outcome to record: the delivery's own row was erased with the rest.
        return;
      }
      default:
        return { result: "invalid", summary: `Not a compliance topic: ${webhook.topic}` };
    }
  });
