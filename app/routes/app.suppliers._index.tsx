import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Card, EmptyState, IndexTable, Page, Text, useBreakpoints } from "@shopify/polaris";

import { NumericCell } from "~/components/NumericCell";
import { listSupplierSummaries } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  return json({ suppliers: await listSupplierSummaries(db, shopDomain) });
}

export default function Suppliers() {
  const { suppliers } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const { smDown } = useBreakpoints();
  const addAction = { content: "Add supplier", url: "/app/suppliers/new" };
  return (
    <Page title="Suppliers" primaryAction={addAction}>
      <Card padding="0">
        {suppliers.length === 0 ? (
          <EmptyState heading="Add the suppliers you buy from" action={addAction} image="/empty-purchase-orders.svg">
            <p>Keep their contact details, terms and catalogue here, so purchase orders fill in themselves.</p>
          </EmptyState>
        ) : (
          <IndexTable
            condensed={smDown}
            resourceName={{ singular: "supplier", plural: "suppliers" }}
            itemCount={suppliers.length}
            selectable={false}
            headings={[
              { title: "Name" },
              { title: "Email" },
              { title: "Currency" },
              { title: "Catalogue items", alignment: "end" },
              { title: "Open orders", alignment: "end" },
            ]}
          >
            {suppliers.map((supplier, index) => (
              <IndexTable.Row id={supplier.id} key={supplier.id} position={index} onClick={() => navigate(`/app/suppliers/${supplier.id}`)}>
                <IndexTable.Cell>
                  <Text as="span" variant="bodyMd" fontWeight="semibold">
                    {supplier.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{supplier.email ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>{supplier.currencyCode}</IndexTable.Cell>
                <NumericCell>{supplier.catalogueSize}</NumericCell>
                <NumericCell>{supplier.openOrders}</NumericCell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
