import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, IndexTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";

import { NumericCell } from "~/components/NumericCell";
import { StatusBadge } from "~/components/StatusBadge";
import prisma from "~/db.server";
import { NotFoundError } from "~/domain/errors";
import { formatMoney } from "~/domain/money";
import { lineTotal, linesSubtotal } from "~/domain/purchase-order/draft";
import { purchaseOrderName, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { getPurchaseOrder } from "~/services/purchase-orders.server";
import { requireAdmin } from "~/shopify.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  try {
    const order = await getPurchaseOrder(prisma, shopDomain, params.id ?? "");
    const lines = order.lines.map((line) => ({
      id: line.id,
      title: line.variantTitle ? `${line.productTitle} — ${line.variantTitle}` : line.productTitle,
      sku: line.sku,
      quantity: line.quantityOrdered,
      unitCost: line.unitCost.toString(),
      total: formatMoney(lineTotal(line.quantityOrdered, line.unitCost.toString()), order.currencyCode),
    }));
    return json({
      name: purchaseOrderName(order.number),
      status: order.status as PurchaseOrderStatus,
      supplierName: order.supplier.name,
      note: order.note,
      createdAt: order.createdAt.toISOString(),
      subtotal: formatMoney(
        linesSubtotal(lines.map((line) => ({ quantity: line.quantity, unitCost: line.unitCost }))),
        order.currencyCode,
      ),
      lines,
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Purchase order not found", { status: 404 });
    throw error;
  }
}

export default function PurchaseOrderDetail() {
  const order = useLoaderData<typeof loader>();
  return (
    <Page
      title={order.name}
      titleMetadata={<StatusBadge status={order.status} />}
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "line", plural: "lines" }}
              itemCount={order.lines.length}
              selectable={false}
              headings={[
                { title: "Variant" },
                { title: "SKU" },
                { title: "Ordered", alignment: "end" },
                { title: "Unit cost", alignment: "end" },
                { title: "Total", alignment: "end" },
              ]}
            >
              {order.lines.map((line, index) => (
                <IndexTable.Row id={line.id} key={line.id} position={index}>
                  <IndexTable.Cell>{line.title}</IndexTable.Cell>
                  <IndexTable.Cell>{line.sku ?? "—"}</IndexTable.Cell>
                  <NumericCell>{line.quantity}</NumericCell>
                  <NumericCell>{line.unitCost}</NumericCell>
                  <NumericCell>{line.total}</NumericCell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <SummaryRow label="Supplier" value={order.supplierName} />
              <SummaryRow label="Subtotal" value={order.subtotal} />
              {order.note ? <Text as="p">{order.note}</Text> : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <InlineGrid columns={2}>
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span">{value}</Text>
    </InlineGrid>
  );
}
