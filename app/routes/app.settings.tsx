import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Layout, List, Page, Text } from "@shopify/polaris";

import { ADMIN_API_VERSION, requireAdmin } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { gateway } = await requireAdmin(request);
  const [shop, locations] = await Promise.all([gateway.shop(), gateway.locations()]);
  return json({ shop, locations, apiVersion: ADMIN_API_VERSION });
}

export default function Settings() {
  const { shop, locations, apiVersion } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Store" description="What Inbound reads from Shopify.">
          <Card>
            <BlockStack gap="200">
              <Text as="p">
                {shop.name} ({shop.domain})
              </Text>
              <Text as="p" tone="subdued">
                Currency {shop.currencyCode} · Admin API {apiVersion}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Locations" description="Where purchase orders can be received.">
          <Card>
            <List>
              {locations.map((location) => (
                <List.Item key={location.id}>
                  {location.name}
                  {location.isActive ? "" : " (inactive)"}
                </List.Item>
              ))}
            </List>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
