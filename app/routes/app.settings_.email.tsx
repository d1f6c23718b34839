import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useMemo, useState } from "react";

import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import {
  EMAIL_PLACEHOLDERS,
  emailTemplateErrors,
  renderEmail,
  SAMPLE_EMAIL_CONTEXT,
  validateEmailTemplate,
  type EmailTemplateText,
} from "~/domain/email";
import type { FieldErrors } from "~/domain/errors";
import {
  defaultEmailTemplate,
  listEmailTemplateChoices,
  loadEmailSettings,
  saveEmailSettings,
  saveEmailTemplate,
} from "~/services/email/settings.server";
import { screenRefusal } from "~/http/refusals.server";
import { requireShop } from "~/services/shops.server";
import { requireAdmin } from "~/shopify.server";
import { listSupplierTemplateChoices, setSupplierTemplate } from "~/services/suppliers.server";
import { formIntent, readForm } from "~/http/forms.server";

/** Settings → Email sending: sender and SMTP (the password is write-only) and the default template, with a preview. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const shop = await requireShop(db, shopDomain);
  const [settings, template, templates, suppliers] = await Promise.all([
    loadEmailSettings(db, shop.id),
    defaultEmailTemplate(db, shop.id),
    listEmailTemplateChoices(db, shop.id),
    listSupplierTemplateChoices(db, shopDomain),
  ]);
  return json({ settings, template, templates, suppliers });
}

type ActionData = { ok: true; intent: string } | { ok: false; intent: string; fieldErrors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const read = await readForm(request);
  const intent = formIntent(read, ["save_settings", "save_template", "save_changes", "save_supplier_wording", "supplier_template"]);
  const form = Object.fromEntries(read);
  try {
    if (intent === "save_changes") {
      // The save bar: the parts that changed, as posted (sender and SMTP, the default wording), the
      // wording judged before anything is written.
      const { intent: _intent, subject, body, ...settings } = form;
      const wording =
        subject === undefined && body === undefined
          ? null
          : { name: "Default", subject: String(subject ?? ""), body: String(body ?? ""), isDefault: true };
      if (wording) validateEmailTemplate(wording);
      if (Object.keys(settings).length > 0) await saveEmailSettings(db, shopDomain, actor, settings);
      if (wording) await saveEmailTemplate(db, shopDomain, actor, wording);
    } else if (intent === "save_template") {
      await saveEmailTemplate(db, shopDomain, actor, {
        name: "Default",
        subject: String(form.subject ?? ""),
        body: String(form.body ?? ""),
        isDefault: true,
      });
    } else if (intent === "save_supplier_wording") {
      // The wording in the editor, kept under a name for suppliers that need their own.
      await saveEmailTemplate(db, shopDomain, actor, {
        name: String(form.name ?? ""),
        subject: String(form.subject ?? ""),
        body: String(form.body ?? ""),
        isDefault: false,
      });
    } else if (intent === "supplier_template") {
      await setSupplierTemplate(db, shopDomain, actor, "email", String(form.supplierId ?? ""), String(form.templateId ?? "") || null);
    } else {
      const { intent: _intent, ...settings } = form;
      await saveEmailSettings(db, shopDomain, actor, settings);
    }
    return json<ActionData>({ ok: true, intent });
  } catch (error) {
    const refusal = screenRefusal(error);
    if (!refusal) throw error;
    return json<ActionData>({ ok: false, intent, fieldErrors: refusal.fieldErrors }, { status: refusal.status });
  }
}

export default function EmailSettingsPage() {
  const { settings, template, templates, suppliers } = useLoaderData<typeof loader>();
  const [wordingName, setWordingName] = useState("");
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const errors = result && !result.ok ? result.fieldErrors : {};
  // What is saved, as the fields show it (the password is write-only: blank).
  const savedValues = useMemo(
    () => ({
      senderName: settings?.senderName ?? "",
      senderEmail: settings?.senderEmail ?? "",
      replyTo: settings?.replyTo ?? "",
      smtpHost: settings?.smtpHost ?? "",
      smtpPort: String(settings?.smtpPort ?? 587),
      smtpSecurity: settings?.smtpSecurity ?? "starttls",
      smtpUser: settings?.smtpUser ?? "",
      smtpPassword: "",
      clearPassword: false,
    }),
    [settings],
  );
  const savedWording = useMemo(() => ({ subject: template.subject, body: template.body }), [template]);
  const [values, setValues] = useState(savedValues);
  const [wording, setWording] = useState(savedWording);
  // After a save the fields start again from what was saved (a typed password is not kept on
  // screen): once per result, when the settings have been loaded again after it.
  const [seenResult, setSeenResult] = useState(result);
  if (result !== seenResult && !busy) {
    setSeenResult(result);
    if (result?.ok && (result.intent === "save_settings" || result.intent === "save_changes")) setValues(savedValues);
    if (result?.ok && (result.intent === "save_template" || result.intent === "save_changes")) setWording(savedWording);
  }
  const settingsChanged = JSON.stringify(values) !== JSON.stringify(savedValues);
  const wordingChanged = wording.subject !== savedWording.subject || wording.body !== savedWording.body;
  const saveChanges = () =>
    submit(
      {
        intent: "save_changes",
        ...(settingsChanged ? { ...values, clearPassword: String(values.clearPassword) } : {}),
        ...(wordingChanged ? wording : {}),
      },
      { method: "post" },
    );
  const discardChanges = () => {
    setValues(savedValues);
    setWording(savedWording);
  };
  const field = (name: Exclude<keyof typeof values, "clearPassword">) => ({
    value: values[name],
    onChange: (value: string) => setValues((current) => ({ ...current, [name]: value })),
    error: errors[name],
    autoComplete: "off",
  });
  // The wording as saving would judge it; the errors shown on the fields as the merchant types.
  const wordingErrors = emailTemplateErrors(wording);

  return (
    <Page title="Email sending" backAction={{ content: "Settings", url: "/app/settings" }}>
      <UnsavedChanges dirty={settingsChanged || wordingChanged} saving={busy} onSave={saveChanges} onDiscard={discardChanges} />
      <Layout>
        {result ? (
          <Layout.Section>
            {result.ok ? (
              <Banner tone="success" title="Saved" />
            ) : (
              <Banner tone="critical" title="Nothing was saved">
                <p>Fix the fields marked below.</p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Sender and SMTP server
              </Text>
              <TextField label="Sender name" {...field("senderName")} />
              <TextField label="Sender email" type="email" {...field("senderEmail")} />
              <TextField label="Reply-to" type="email" helpText="Optional: where supplier replies go." {...field("replyTo")} />
              <TextField label="SMTP host" {...field("smtpHost")} />
              <TextField label="SMTP port" type="number" {...field("smtpPort")} />
              <Select
                label="Security"
                options={[
                  { label: "TLS (implicit, usually port 465)", value: "tls" },
                  { label: "STARTTLS (usually port 587)", value: "starttls" },
                  { label: "None (local servers only)", value: "none" },
                ]}
                value={values.smtpSecurity}
                onChange={(value) => setValues((current) => ({ ...current, smtpSecurity: value as typeof current.smtpSecurity }))}
                error={errors.smtpSecurity}
              />
              <TextField label="SMTP user" {...field("smtpUser")} />
              <TextField
                label="SMTP password"
                type="password"
                helpText={settings?.passwordSet ? "A password is set. Leave blank to keep it." : "No password set."}
                {...field("smtpPassword")}
                autoComplete="new-password"
              />
              {settings?.passwordSet ? (
                <Checkbox
                  label="Remove the saved password"
                  checked={values.clearPassword}
                  onChange={(checked) => setValues((current) => ({ ...current, clearPassword: checked }))}
                />
              ) : null}
              <Button
                variant="primary"
                loading={busy}
                onClick={() => submit({ intent: "save_settings", ...values, clearPassword: String(values.clearPassword) }, { method: "post" })}
              >
                Save email settings
              </Button>
            </FormLayout>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Default email to suppliers
              </Text>
              <Text as="p" tone="subdued">
                Placeholders: {EMAIL_PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ")}. When an order has no value for one (no expected date), the
                sentence it is in is left out. A supplier can have its own template.
              </Text>
              <TextField
                label="Subject"
                value={wording.subject}
                onChange={(subject) => setWording((current) => ({ ...current, subject }))}
                error={wordingErrors.subject}
                autoComplete="off"
              />
              <TextField
                label="Body"
                multiline={8}
                value={wording.body}
                onChange={(body) => setWording((current) => ({ ...current, body }))}
                error={wordingErrors.body}
                autoComplete="off"
              />
              {Object.keys(wordingErrors).length === 0 ? (
                <div data-testid="email-preview">
                  <BlockStack gap="200">
                    <EmailPreview title="For an order with an expected date" email={renderEmail(wording, SAMPLE_EMAIL_CONTEXT)} />
                    <EmailPreview title="For an order without one" email={renderEmail(wording, { ...SAMPLE_EMAIL_CONTEXT, expected_date: null })} />
                  </BlockStack>
                </div>
              ) : null}
              <Button loading={busy} onClick={() => submit({ intent: "save_template", ...wording }, { method: "post" })}>
                Save template
              </Button>
            </FormLayout>
          </Card>
          <Card>
            <FormLayout>
              <Text as="h2" variant="headingMd">
                Suppliers with their own wording
              </Text>
              <InlineStack gap="200" blockAlign="end">
                <TextField
                  label="Save the wording above for suppliers, as"
                  value={wordingName}
                  onChange={setWordingName}
                  placeholder="e.g. German suppliers"
                  error={result && !result.ok && result.intent === "save_supplier_wording" ? errors.name : undefined}
                  autoComplete="off"
                />
                <Button
                  disabled={!wordingName.trim()}
                  loading={busy}
                  onClick={() => submit({ intent: "save_supplier_wording", name: wordingName, ...wording }, { method: "post" })}
                >
                  Save wording
                </Button>
              </InlineStack>
              {suppliers.map((supplier) => (
                <Select
                  key={supplier.id}
                  label={`Wording for ${supplier.name}`}
                  options={[{ label: "The shop's default", value: "" }, ...templates.map((named) => ({ label: named.name, value: named.id }))]}
                  value={supplier.emailTemplateId ?? ""}
                  onChange={(templateId) => submit({ intent: "supplier_template", supplierId: supplier.id, templateId }, { method: "post" })}
                />
              ))}
            </FormLayout>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** A filled-in template, as the supplier would read it. */
function EmailPreview({ title, email }: { title: string; email: EmailTemplateText }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="200">
        <Text as="p" tone="subdued" variant="bodySm">
          {title}
        </Text>
        <Text as="p" fontWeight="semibold">
          {email.subject}
        </Text>
        <Text as="p">
          <span style={{ whiteSpace: "pre-wrap" }}>{email.body}</span>
        </Text>
      </BlockStack>
    </Box>
  );
}
