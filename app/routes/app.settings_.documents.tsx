import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";

import { useDroppingEdits, UnsavedChanges, UnsavedInside } from "~/components/app-bridge/UnsavedChanges";
import { COLUMN_LABELS, DOCUMENT_COLUMNS, MAX_LOGO_BYTES, type DocumentColumn } from "~/domain/documents";
import { ValidationError, type FieldErrors } from "~/domain/errors";
import { formIntent, readForm } from "~/http/forms.server";
import { screenRefusal } from "~/http/refusals.server";
import { listExportTemplates, saveExportTemplate, type ExportTemplateView } from "~/services/documents/export-templates.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";
import { listSupplierTemplateChoices, setSupplierTemplate } from "~/services/suppliers.server";

/**
 * Settings → Documents: the shop's export templates (name, columns, footer, logo, default) and
 * which template each supplier's PO documents use.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const [templates, suppliers] = await Promise.all([listExportTemplates(db, shopDomain), listSupplierTemplateChoices(db, shopDomain)]);
  return json({ templates, suppliers });
}

/** `savedTemplate`: the template form was saved (not a supplier's choice). */
type ActionResult = { ok: true; message: string; savedTemplate: boolean } | { ok: false; fieldErrors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  try {
    const form = await parseForm(request);
    const text = (name: string) => String(form.get(name) ?? "");
    if (formIntent(form, ["save_template", "supplier_template"]) === "supplier_template") {
      await setSupplierTemplate(db, shopDomain, actor, "export", text("supplierId"), text("templateId") || null);
      return json<ActionResult>({ ok: true, message: "Supplier's template saved", savedTemplate: false });
    }
    const logo = form.get("logo");
    const logoBytes = logo instanceof File && logo.size > 0 ? new Uint8Array(await logo.arrayBuffer()) : null;
    const saved = await saveExportTemplate({ db, storage: fileStorage }, shopDomain, actor, {
      id: text("id") || null,
      name: text("name"),
      columns: form.getAll("columns").map(String),
      footer: text("footer"),
      isDefault: form.get("isDefault") === "on",
      logo: logoBytes,
      removeLogo: form.get("removeLogo") === "on",
    });
    return json<ActionResult>({ ok: true, message: `Template “${saved.name}” saved`, savedTemplate: true });
  } catch (error) {
    // An unknown supplier is not found (404); a template of another shop is the field's own refusal.
    const refusal = screenRefusal(error);
    if (!refusal) throw error;
    return json<ActionResult>({ ok: false, fieldErrors: refusal.fieldErrors }, { status: refusal.status });
  }
}

/** The form, with at most one logo read into memory; reading stops one byte past the limit. */
async function parseForm(request: Request): Promise<FormData> {
  try {
    return await readForm(request, { lists: ["columns"], uploadHandler: unstable_createMemoryUploadHandler({ maxPartSize: MAX_LOGO_BYTES + 1 }) });
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new ValidationError({ logo: `A logo can be at most ${MAX_LOGO_BYTES / 1024 / 1024} MB.` });
    throw error;
  }
}

const NEW_TEMPLATE: ExportTemplateView = { id: "", name: "", columns: [...DOCUMENT_COLUMNS], footer: null, isDefault: false, hasLogo: false };

function TemplateForm({ template, errors }: { template: ExportTemplateView; errors: FieldErrors }) {
  const [name, setName] = useState(template.name);
  const [columns, setColumns] = useState<DocumentColumn[]>(template.columns);
  const [footer, setFooter] = useState(template.footer ?? "");
  const [isDefault, setIsDefault] = useState(template.isDefault);
  const [removeLogo, setRemoveLogo] = useState(false);
  const [logoChosen, setLogoChosen] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const logo = useRef<HTMLInputElement>(null);
  const saving = useNavigation().state === "submitting";
  const sameColumns = columns.length === template.columns.length && columns.every((column) => template.columns.includes(column));
  const dirty =
    name !== template.name || !sameColumns || footer !== (template.footer ?? "") || isDefault !== template.isDefault || removeLogo || logoChosen;
  const discard = () => {
    setName(template.name);
    setColumns(template.columns);
    setFooter(template.footer ?? "");
    setIsDefault(template.isDefault);
    setRemoveLogo(false);
    if (logo.current) logo.current.value = "";
    setLogoChosen(false);
  };
  return (
    <>
      {/* Outside the form: the save bar's buttons would submit it themselves. */}
      <UnsavedChanges dirty={dirty} saving={saving} onSave={() => form.current?.requestSubmit()} onDiscard={discard} />
      <Form method="post" encType="multipart/form-data" ref={form}>
        <input type="hidden" name="intent" value="save_template" />
        <input type="hidden" name="id" value={template.id} />
        <BlockStack gap="300">
          <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" error={errors.name} />
          <BlockStack gap="100">
            <Text as="p">Columns shown</Text>
            <InlineStack gap="300">
              {DOCUMENT_COLUMNS.map((column) => (
                <Checkbox
                  key={column}
                  label={COLUMN_LABELS[column]}
                  name="columns"
                  value={column}
                  checked={columns.includes(column)}
                  onChange={(checked) => setColumns((current) => (checked ? [...current, column] : current.filter((shown) => shown !== column)))}
                />
              ))}
            </InlineStack>
            {errors.columns ? (
              <Text as="p" tone="critical">
                {errors.columns}
              </Text>
            ) : null}
          </BlockStack>
          <TextField label="Footer text" name="footer" value={footer} onChange={setFooter} multiline={3} autoComplete="off" error={errors.footer} />
          <BlockStack gap="100">
            <Text as="p">
              Logo (PNG or JPEG, at most {MAX_LOGO_BYTES / 1024 / 1024} MB){template.hasLogo ? ": one is set; choose a file to replace it" : ""}
            </Text>
            <input
              type="file"
              name="logo"
              accept="image/png,image/jpeg"
              aria-label="Logo"
              ref={logo}
              onChange={(event) => setLogoChosen((event.currentTarget.files?.length ?? 0) > 0)}
            />
            {errors.logo ? (
              <Text as="p" tone="critical">
                {errors.logo}
              </Text>
            ) : null}
            {template.hasLogo ? <Checkbox label="Remove the logo" name="removeLogo" checked={removeLogo} onChange={setRemoveLogo} /> : null}
          </BlockStack>
          <Checkbox label="The shop's default template" name="isDefault" checked={isDefault} onChange={setIsDefault} />
          <InlineStack>
            <Button submit variant="primary" loading={saving}>
              {template.id ? "Save template" : "Create template"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </>
  );
}

export default function DocumentSettings() {
  const droppingEdits = useDroppingEdits();
  const { templates, suppliers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [editing, setEditing] = useState<string>(templates[0]?.id ?? "");
  // Another template is opened in place of the one being edited: unsaved edits are not dropped without asking.
  const [templateEdits] = useState(() => new Set<string>());
  const openTemplate = (id: string) => droppingEdits(templateEdits.size > 0, () => setEditing(id));
  // Each save of the template starts its form again from what was saved (a chosen logo file
  // included), once the templates have been loaded again after it.
  const loading = useNavigation().state !== "idle";
  const [saves, setSaves] = useState({ result, count: 0 });
  if (result !== saves.result && !loading) setSaves({ result, count: saves.count + (result?.ok && result.savedTemplate ? 1 : 0) });
  const current = templates.find((template) => template.id === editing) ?? NEW_TEMPLATE;
  const templateOptions = [
    { label: "The shop's default", value: "" },
    ...templates.map((template) => ({ label: template.name, value: template.id })),
  ];
  return (
    <Page title="Documents" subtitle="How PO documents look for suppliers" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? (
              <Banner tone="success">
                <p>{result.message}</p>
              </Banner>
            ) : null}
            {result && !result.ok ? (
              <Banner tone="critical">
                <p>Nothing was saved: {Object.values(result.fieldErrors).join(" ")}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Export template
                  </Text>
                  <Select
                    label="Template"
                    labelInline
                    options={[
                      ...templates.map((template) => ({
                        label: template.isDefault ? `${template.name} (default)` : template.name,
                        value: template.id,
                      })),
                      { label: "New template…", value: "" },
                    ]}
                    value={current.id}
                    onChange={openTemplate}
                  />
                </InlineStack>
                <UnsavedInside.Provider value={templateEdits}>
                  <TemplateForm key={`${current.id}:${saves.count}`} template={current} errors={result && !result.ok ? result.fieldErrors : {}} />
                </UnsavedInside.Provider>
              </BlockStack>
            </Card>
            {suppliers.length > 0 && templates.length > 0 ? (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Suppliers
                  </Text>
                  {suppliers.map((supplier) => (
                    <Form method="post" key={supplier.id}>
                      <input type="hidden" name="intent" value="supplier_template" />
                      <input type="hidden" name="supplierId" value={supplier.id} />
                      <InlineStack gap="300" blockAlign="end">
                        <SupplierTemplateSelect label={supplier.name} options={templateOptions} initial={supplier.exportTemplateId ?? ""} />
                        <Button submit>Save</Button>
                      </InlineStack>
                    </Form>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function SupplierTemplateSelect({ label, options, initial }: { label: string; options: Array<{ label: string; value: string }>; initial: string }) {
  const [value, setValue] = useState(initial);
  return <Select label={label} name="templateId" options={options} value={value} onChange={setValue} />;
}
