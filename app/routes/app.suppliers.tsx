import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Page } from "@shopify/polaris";

import prisma from "~/db.server";
import { listSuppliers } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  const suppliers = await listSuppliers(prisma, shopDomain);
  return json({
    suppliers: suppliers.map(({ id, name, email, currencyCode, vendor }) => ({ id, name, email, currencyCode, vendor })),
  });
}

export default function Suppliers() {
  const { suppliers } = useLoaderData<typeof loader>();
  return (
    <Page title="Suppliers">
      <Card padding="0">
        {suppliers.length === 0 ? (
          <EmptyState heading="No suppliers yet" image="/empty-purchase-orders.svg">
            <p>Suppliers you order from appear here with their catalogue and contact details.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "supplier", plural: "suppliers" }}
            itemCount={suppliers.length}
            selectable={false}
            headings={[{ title: "Name" }, { title: "Email" }, { title: "Shopify vendor" }, { title: "Currency" }]}
          >
            {suppliers.map((supplier, index) => (
              <IndexTable.Row id={supplier.id} key={supplier.id} position={index}>
                <IndexTable.Cell>{supplier.name}</IndexTable.Cell>
                <IndexTable.Cell>{supplier.email ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{supplier.vendor ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{supplier.currencyCode}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
