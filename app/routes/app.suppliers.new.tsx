import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, Card, Layout, Page } from "@shopify/polaris";

import { ValidationError } from "~/domain/errors";
import { createSupplier, newSupplierInput, supplierFormChoices } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

import { supplierInputFromForm } from "./app.suppliers.$id/form-input";
import { SupplierForm } from "./app.suppliers.$id/SupplierForm";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  return json({ initial: await newSupplierInput(db, shopDomain), choices: supplierFormChoices() });
}

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  try {
    const supplier = await createSupplier(db, shopDomain, actor, supplierInputFromForm(await readForm(request)));
    return redirect(`/app/suppliers/${supplier.id}`);
  } catch (error) {
    if (error instanceof ValidationError) return json({ fieldErrors: error.fieldErrors }, { status: 400 });
    throw error;
  }
}

export default function NewSupplier() {
  const { initial, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <Page title="Add supplier" backAction={{ content: "Suppliers", url: "/app/suppliers" }} narrowWidth>
      <Layout>
        {Object.keys(errors).length > 0 ? (
          <Layout.Section>
            <Banner tone="critical" title="The supplier was not saved">
              <p>Fix the fields marked below.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <SupplierForm initial={initial} choices={choices} errors={errors} busy={busy} />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
