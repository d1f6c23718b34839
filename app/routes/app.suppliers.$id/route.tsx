import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Banner, BlockStack, Card, Layout, List, Page, Text } from "@shopify/polaris";

import { CatalogueImportError, type ImportIssue } from "~/domain/catalogue";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { supplierInputOf } from "~/domain/supplier";
import { useResultToast } from "~/components/ActionFeedback";
import { useDroppingEdits } from "~/components/app-bridge/UnsavedChanges";
import {
  addCatalogueItem,
  catalogueItemsPage,
  importCatalogueCsv,
  removeCatalogueItem,
  updateCatalogueItem,
  type CataloguePage,
} from "~/services/catalogue.server";
import { getSupplier, supplierFormChoices, updateSupplier } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { CatalogueCard, ImportCard, ItemFormCard } from "./CatalogueCards";
import { catalogueTermsFromForm, supplierInputFromForm } from "./form-input";
import { SupplierForm } from "./SupplierForm";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const supplierId = params.id ?? "";
  let supplier;
  try {
    supplier = await getSupplier(db, shopDomain, supplierId);
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response("Supplier not found", { status: 404 });
    throw error;
  }
  const url = new URL(request.url);
  const query = url.searchParams.get("q") ?? "";
  let page: CataloguePage;
  let pageProblem: string | null = null;
  try {
    page = await catalogueItemsPage({ db, gateway }, shopDomain, supplierId, {
      query,
      after: url.searchParams.get("after"),
      before: url.searchParams.get("before"),
    });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A stale or edited link: the first page, saying why.
    pageProblem = Object.values(error.fieldErrors)[0] ?? "That page could not be shown";
    page = await catalogueItemsPage({ db, gateway }, shopDomain, supplierId, { query: "", after: null, before: null });
  }
  // Titles come from Shopify as they are now; a variant deleted there shows as such.
  const variants = await gateway.variantsByIds(page.items.map((item) => item.variantId));
  return json({
    supplier,
    form: supplierInputOf(supplier),
    choices: supplierFormChoices(),
    query: pageProblem ? "" : query,
    pageProblem,
    catalogue: {
      ...page,
      items: page.items.map((item) => ({ ...item, title: variants.get(item.variantId)?.displayName ?? null })),
    },
  });
}

export type SupplierActionData =
  { kind: "invalid"; intent: string; fieldErrors: FieldErrors; issues: ImportIssue[] } | { kind: "done"; intent: string; message: string };

/** Each form names its intent; a file upload (the CSV import) arrives as multipart. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, gateway, actor, db } = await requireAdmin(request);
  const supplierId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["save_supplier", "add_item", "update_item", "remove_item", "import_catalogue"]);
  const done = (message: string) => json<SupplierActionData>({ kind: "done", intent, message });
  try {
    switch (intent) {
      case "save_supplier":
        await updateSupplier(db, shopDomain, actor, supplierId, supplierInputFromForm(form));
        return done("Supplier saved");
      case "add_item":
        await addCatalogueItem({ db, gateway }, shopDomain, actor, supplierId, {
          sku: String(form.get("sku") ?? ""),
          ...catalogueTermsFromForm(form),
        });
        return done("Item added to the catalogue");
      case "update_item":
        await updateCatalogueItem(db, shopDomain, actor, supplierId, String(form.get("itemId") ?? ""), catalogueTermsFromForm(form));
        return done("Item saved");
      case "remove_item":
        await removeCatalogueItem(db, shopDomain, actor, supplierId, String(form.get("itemId") ?? ""));
        return done("Item removed from the catalogue");
      case "import_catalogue": {
        const result = await importCatalogueCsv({ db, gateway }, shopDomain, actor, supplierId, await uploadedText(form));
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
  const droppingEdits = useDroppingEdits();
  const { supplier, form, choices, query, pageProblem, catalogue } = useLoaderData<typeof loader>();
  const { items } = catalogue;
  const result = useActionData<typeof action>();
  useResultToast(result, (outcome) => (outcome.kind === "done" ? outcome.message : null));
  const navigation = useNavigation();
  const busyWith = navigation.state === "idle" ? null : String(navigation.formData?.get("intent") ?? "");
  const errorsFor = (...intents: string[]) => (result?.kind === "invalid" && intents.includes(result.intent) ? result.fieldErrors : {});
  const [editingId, setEditingId] = useState<string | null>(null);
  // After each saved change the catalogue forms start empty again: the counter gives them fresh keys.
  const [round, setRound] = useState(0);
  // Saved details start the details form again from what was saved, also when saving trimmed it back to what was loaded.
  const [detailsSaves, setDetailsSaves] = useState(0);
  useEffect(() => {
    if (result?.kind !== "done") return;
    // Each form starts again after its own save only: saving the details keeps an item being typed.
    if (result.intent === "save_supplier") setDetailsSaves((current) => current + 1);
    else {
      setEditingId(null);
      setRound((current) => current + 1);
    }
  }, [result]);
  // One save bar at a time: the details form's while it has changes, else the catalogue item form's.
  const [detailsDirty, setDetailsDirty] = useState(false);
  const [itemDirty, setItemDirty] = useState(false);
  const editing = items.find((item) => item.id === editingId) ?? null;
  const edit = (itemId: string) => {
    const open = () => {
      setEditingId(itemId);
      document.getElementById("catalogue-item-form")?.scrollIntoView({ behavior: "smooth", block: "center" });
    };
    droppingEdits(itemDirty, open);
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
            {pageProblem ? <Banner tone="warning" title={pageProblem} /> : null}
            <CatalogueCard supplierId={supplier.id} catalogue={catalogue} query={query} onEdit={edit} />
            <ItemFormCard
              key={`${editingId ?? "new"}-${round}`}
              editing={editing}
              errors={errorsFor("add_item", "update_item")}
              busy={busyWith === "add_item" || busyWith === "update_item"}
              saveBar={!detailsDirty}
              onDirty={setItemDirty}
              // Another item opened, or the edit cancelled, in place of typed values: asks first.
              onCancel={() => droppingEdits(itemDirty, () => setEditingId(null))}
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
                key={`${detailsSaves}-${JSON.stringify(form)}`}
                initial={form}
                choices={choices}
                errors={errorsFor("save_supplier")}
                busy={busyWith === "save_supplier"}
                onDirty={setDetailsDirty}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Outcome({ result }: { result: SupplierActionData | undefined }) {
  // Done is told by a toast; a refusal stays on the page beside what caused it.
  if (!result || result.kind === "done") return null;
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
