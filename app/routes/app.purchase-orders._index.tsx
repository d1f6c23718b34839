import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData, useNavigate } from "@remix-run/react";
import { Banner, Box, Button, Card, EmptyState, IndexTable, InlineStack, Page, Pagination, Text, TextField, useBreakpoints } from "@shopify/polaris";
import { useState } from "react";

import { NumericCell } from "~/components/NumericCell";
import { PaidBadge } from "~/components/PaidBadge";
import { StatusBadge } from "~/components/StatusBadge";
import prisma from "~/db.server";
import { paidOrderIds } from "~/services/payments.server";
import { listPurchaseOrders } from "~/services/purchase-orders.server";
import { requireAdmin } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const search = params.get("q")?.trim() ?? "";
  // A page number that is not one shows the first page.
  const page = /^[1-9]\d{0,5}$/.test(params.get("page") ?? "") ? Number(params.get("page")) : 1;
  const { orders, total, pageCount } = await listPurchaseOrders(prisma, shopDomain, search, page);
  const paid = await paidOrderIds(prisma, shopDomain, orders.map((order) => order.id));
  // The order screen sends a deleted order's name here; only an order's name is ever shown.
  const deleted = /^PO-\d{4,}$/.test(params.get("deleted") ?? "") ? params.get("deleted") : null;
  return json({ orders, paid, search, page, pageCount, total, deleted });
}

/** The index's URL for another page, keeping the search. */
function pageUrl(search: string, page: number): string {
  const params = new URLSearchParams({ ...(search ? { q: search } : {}), page: String(page) });
  return `/app/purchase-orders?${params}`;
}

export default function PurchaseOrdersIndex() {
  const { orders, paid, search, page, pageCount, total, deleted } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { smDown } = useBreakpoints();
  const createAction = { content: "Create purchase order", url: "/app/purchase-orders/new" };

  return (
    <Page title="Purchase orders" primaryAction={total > 0 || search ? createAction : undefined}>
      {deleted ? (
        <Box paddingBlockEnd="400">
          <Banner tone="success" onDismiss={() => navigate(pageUrl(search, page), { replace: true })}>
            <p>{`${deleted} deleted.`}</p>
          </Banner>
        </Box>
      ) : null}
      <Card padding="0">
        {total > 0 || search ? <SearchBox search={search} /> : null}
        {total === 0 && !search ? (
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
                  <InlineStack gap="100">
                    <StatusBadge status={order.status} />
                    {paid.includes(order.id) ? <PaidBadge /> : null}
                  </InlineStack>
                </IndexTable.Cell>
                <NumericCell>{order.lineCount}</NumericCell>
                <NumericCell>{order.totalQuantity}</NumericCell>
                <NumericCell>{order.subtotal} {order.currencyCode}</NumericCell>
                <IndexTable.Cell>{new Date(order.createdAt).toLocaleDateString("en-US")}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
        {pageCount > 1 ? (
          <Box padding="300">
            <InlineStack align="center">
              <Pagination
                hasPrevious={page > 1}
                previousURL={pageUrl(search, page - 1)}
                hasNext={page < pageCount}
                nextURL={pageUrl(search, page + 1)}
                label={`Page ${page} of ${pageCount} · ${total} orders`}
              />
            </InlineStack>
          </Box>
        ) : null}
      </Card>
    </Page>
  );
}

/** Finds orders by name, supplier, the supplier's references or their numbers in other systems. */
function SearchBox({ search }: { search: string }) {
  const [query, setQuery] = useState(search);
  return (
    <Box padding="300">
      <Form method="get">
        <TextField
          label="Search purchase orders"
          labelHidden
          name="q"
          type="search"
          value={query}
          onChange={setQuery}
          autoComplete="off"
          placeholder="PO number, supplier, vendor reference or another system's PO number"
          connectedRight={<Button submit>Search</Button>}
        />
      </Form>
    </Box>
  );
}
