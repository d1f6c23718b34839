import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Banner, BlockStack, Card, Layout, List, Page, Text } from "@shopify/polaris";

import prisma from "~/db.server";
import { CatalogueImportError, type ImportIssue } from "~/domain/catalogue";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { supplierInputOf } from "~/domain/supplier";
import {
  addCatalogueItem,
  importCatalogueCsv,
  listCatalogue,
  removeCatalogueItem,
  updateCatalogueItem,
} from "~/services/catalogue.server";
import { getSupplier, updateSupplier } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { CatalogueCard, ImportCard, ItemFormCard } from "./CatalogueCards";
import { catalogueTermsFromForm, supplierInputFromForm } from "./form-input";
import { SupplierForm } from "./SupplierForm";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway } = await requireAdmin(request);
  const supplierId = params.id ?? "";
  let supplier;
  try {
    supplier = await getSupplier(prisma, shopDomain, supplierId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Supplier not found", { status: 404 });
    throw error;
  }
  const items = await listCatalogue(prisma, shopDomain, supplierId);
  // Titles come from Shopify as they are now; a variant deleted there shows as such.
  const variants = await gateway.variantsByIds(items.map((item) => item.variantId));
  return json({
    supplier,
    form: supplierInputOf(supplier),
    items: items.map((item) => ({ ...item, title: variants.get(item.variantId)?.displayName ?? null })),
  });
}

export type SupplierActionData =
  | { kind: "invalid"; intent: string; fieldErrors: FieldErrors; issues: ImportIssue[] }
  | { kind: "done"; intent: string; message: string };

/** Each form names its intent; a file upload (the CSV import) arrives as multipart. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, gateway, actor } = await requireAdmin(request);
  const supplierId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["save_supplier", "add_item", "update_item", "remove_item", "import_catalogue"]);
  const done = (message: string) => json<SupplierActionData>({ kind: "done", intent, message });
  try {
    switch (intent) {
      case "save_supplier":
        await updateSupplier(prisma, shopDomain, actor, supplierId, supplierInputFromForm(form));
        return done("Supplier saved");
      case "add_item":
        await addCatalogueItem({ db: prisma, gateway }, shopDomain, actor, supplierId, {
          sku: String(form.get("sku") ?? ""),
          ...catalogueTermsFromForm(form),
        });
        return done("Item added to the catalogue");
      case "update_item":
        await updateCatalogueItem(prisma, shopDomain, actor, supplierId, String(form.get("itemId") ?? ""), catalogueTermsFromForm(form));
        return done("Item saved");
      case "remove_item":
        await removeCatalogueItem(prisma, shopDomain, actor, supplierId, String(form.get("itemId") ?? ""));
        return done("Item removed from the catalogue");
      case "import_catalogue": {
        const result = await importCatalogueCsv({ db: prisma, gateway }, shopDomain, actor, supplierId, await uploadedText(form));
        return done(`Imported ${result.created} new and ${result.updated} updated items`);
      }
    }
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response(error.message, { status: 404 });
    if (error instanceof ValidationError) {
      const issues = error instanceof CatalogueImportError ? error.issues : [];
      return json<SupplierActionData>({ kind: "invalid", intent, fieldErrors: error.fieldErrors, issues }, { status: 400 });
    }
    throw error;
  }
}

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

async function uploadedText(form: FormData): Promise<string> {
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) throw new ValidationError({ file: "Choose a CSV file to import" });
  if (file.size > MAX_UPLOAD_BYTES) throw new ValidationError({ file: "The file is larger than 5 MB; split it" });
  return file.text();
}

export default function SupplierDetail() {
  const { supplier, form, items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyWith = navigation.state === "idle" ? null : String(navigation.formData?.get("intent") ?? "");
  const errorsFor = (...intents: string[]) =>
    result?.kind === "invalid" && intents.includes(result.intent) ? result.fieldErrors : {};
  const [editingId, setEditingId] = useState<string | null>(null);
  // After each saved change the catalogue forms start empty again: the counter gives them fresh keys.
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (result?.kind === "done") {
      setEditingId(null);
      setRound((current) => current + 1);
    }
  }, [result]);
  const editing = items.find((item) => item.id === editingId) ?? null;
  const edit = (itemId: string) => {
    setEditingId(itemId);
    document.getElementById("catalogue-item-form")?.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  return (
    <Page
      title={supplier.name}
      subtitle={[supplier.email, supplier.currencyCode, supplier.vendor ? `Vendor: ${supplier.vendor}` : null].filter(Boolean).join(" · ")}
      backAction={{ content: "Suppliers", url: "/app/suppliers" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Outcome result={result} />
            <CatalogueCard supplierId={supplier.id} items={items} onEdit={edit} />
            <ItemFormCard
              key={`${editingId ?? "new"}-${round}`}
              editing={editing}
              errors={errorsFor("add_item", "update_item")}
              busy={busyWith === "add_item" || busyWith === "update_item"}
              onCancel={() => setEditingId(null)}
            />
            <ImportCard key={round} errors={errorsFor("import_catalogue")} busy={busyWith === "import_catalogue"} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Details
              </Text>
              <SupplierForm
                key={JSON.stringify(form)}
                initial={form}
                errors={errorsFor("save_supplier")}
                submitLabel="Save details"
                busy={busyWith === "save_supplier"}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Outcome({ result }: { result: SupplierActionData | undefined }) {
  if (!result) return null;
  if (result.kind === "done") return <Banner tone="success" title={result.message} />;
  if (result.intent === "import_catalogue" && result.issues.length > 0) {
    return (
      <Banner tone="critical" title="Nothing was imported">
        <p>Fix these rows in the file and import it again:</p>
        <List type="bullet">
          {result.issues.map((issue, index) => (
            <List.Item key={index}>{describeIssue(issue)}</List.Item>
          ))}
        </List>
      </Banner>
    );
  }
  return (
    <Banner tone="critical" title="Nothing was saved">
      <p>Fix the fields marked below.</p>
    </Banner>
  );
}

function describeIssue(issue: ImportIssue): string {
  const where = [issue.row !== null ? `Row ${issue.row}` : null, issue.column ? `column ${issue.column}` : null].filter(Boolean).join(", ");
  return where ? `${where}: ${issue.message}` : issue.message;
}
