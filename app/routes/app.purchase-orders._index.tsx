import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Page, Text, useBreakpoints } from "@shopify/polaris";

import { NumericCell } from "~/components/NumericCell";
import { StatusBadge } from "~/components/StatusBadge";
import prisma from "~/db.server";
import { listPurchaseOrders } from "~/services/purchase-orders.server";
import { requireAdmin } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  return json({ orders: await listPurchaseOrders(prisma, shopDomain) });
}

export default function PurchaseOrdersIndex() {
  const { orders } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { smDown } = useBreakpoints();
  const createAction = { content: "Create purchase order", url: "/app/purchase-orders/new" };

  return (
    <Page title="Purchase orders" primaryAction={orders.length > 0 ? createAction : undefined}>
      <Card padding="0">
        {orders.length === 0 ? (
          <EmptyState
            heading="Order stock from your suppliers"
            action={createAction}
            image="/empty-purchase-orders.svg"
          >
            <p>Create a purchase order, send it to a supplier, and receive it into your Shopify inventory.</p>
          </EmptyState>
        ) : (
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: "purchase order", plural: "purchase orders" }}
            itemCount={orders.length}
            selectable={false}
            headings={[
              { title: "Order" },
              { title: "Supplier" },
              { title: "Status" },
              { title: "Lines", alignment: "end" },
              { title: "Units", alignment: "end" },
              { title: "Subtotal", alignment: "end" },
              { title: "Created" },
            ]}
          >
            {orders.map((order, index) => (
              <IndexTable.Row
                id={order.id}
                key={order.id}
                position={index}
                onClick={() => navigate(`/app/purchase-orders/${order.id}`)}
              >
                <IndexTable.Cell>
                  <Text as="span" variant="bodyMd" fontWeight="semibold">
                    {order.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{order.supplierName}</IndexTable.Cell>
                <IndexTable.Cell>
                  <StatusBadge status={order.status} />
                </IndexTable.Cell>
                <NumericCell>{order.lineCount}</NumericCell>
                <NumericCell>{order.totalQuantity}</NumericCell>
                <NumericCell>{order.subtotal} {order.currencyCode}</NumericCell>
                <IndexTable.Cell>{new Date(order.createdAt).toLocaleDateString("en-US")}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
