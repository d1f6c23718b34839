import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, Layout, List, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";

import { useResultToast } from "~/components/ActionFeedback";
import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { LabelFormatSelect } from "~/components/settings/LabelFormatSelect";
import { TagRulesCard } from "~/components/settings/TagRulesCard";
import { WriteBackRulesCard } from "~/components/settings/WriteBackRulesCard";
import { ValidationError, type FieldErrors } from "~/domain/errors";
import type { ShopSettingsValues } from "~/domain/settings";
import { loadShopSettings, saveSettings } from "~/services/settings.server";
import { readLocations } from "~/services/locations.server";
import { ADMIN_API_VERSION, requireAdmin } from "~/shopify.server";
import { formJson, readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  // Settings reads the locations afresh from Shopify (and keeps them): where a merchant looks after changing them in Shopify.
  const [shop, locations, settings] = await Promise.all([
    gateway.shop(),
    readLocations({ db, gateway }, shopDomain),
    loadShopSettings(db, shopDomain),
  ]);
  return json({ shop, locations, apiVersion: ADMIN_API_VERSION, settings });
}

type ActionData = { ok: true } | { ok: false; fieldErrors: FieldErrors };

/** The whole of the effect settings arrive as one JSON document in the `settings` field. */
export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, db, gateway } = await requireAdmin(request);
  const form = await readForm(request);
  try {
    await saveSettings(db, shopDomain, actor, formJson("settings", form.get("settings"), "Settings must be a JSON document"), gateway);
    return json<ActionData>({ ok: true });
  } catch (error) {
    if (error instanceof ValidationError) return json<ActionData>({ ok: false, fieldErrors: error.fieldErrors }, { status: 400 });
    throw error;
  }
}

export default function Settings() {
  const { settings } = useLoaderData<typeof loader>();
  useResultToast(useActionData<typeof action>(), (result) => (result.ok ? "Settings saved" : null));
  // Keyed by what was loaded: after a save the draft starts again from the saved (normalised) settings.
  return <SettingsPage key={JSON.stringify(settings)} saved={settings} />;
}

const NO_ERRORS: FieldErrors = {};

function SettingsPage({ saved }: { saved: ShopSettingsValues }) {
  const { shop, locations, apiVersion } = useLoaderData<typeof loader>();
  const activeLocations = locations.filter((location) => location.isActive);
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const [draft, setDraft] = useState(saved);
  // Field errors name rules by position; once a rule is added or removed they point at the wrong rule.
  const [renumberedSince, setRenumberedSince] = useState<ActionData | undefined>();
  const errors = result && !result.ok && renumberedSince !== result ? result.fieldErrors : NO_ERRORS;
  const renumbered = () => setRenumberedSince(result);
  const change = (patch: Partial<ShopSettingsValues>) => setDraft((current) => ({ ...current, ...patch }));
  const save = () => submit({ settings: JSON.stringify(draft) }, { method: "post" });
  // Saved settings come back normalised, so a draft equal to them has nothing unsaved.
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  return (
    <Page title="Settings">
      {/* The contextual save bar is the way to save, as on Shopify's own settings pages. */}
      <UnsavedChanges dirty={dirty} saving={busy} onSave={save} onDiscard={() => setDraft(saved)} />
      <Layout>
        {result && !result.ok ? (
          <Layout.Section>
            <Banner tone="critical" title="Settings were not saved">
              <p>{result.fieldErrors.settings ?? "Nothing changed: fix the fields marked below, then save again."}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="Inventory" description="What Inbound keeps up to date in Shopify's inventory.">
          <Card>
            <BlockStack gap="300">
              <Checkbox
                label="Incoming tracking"
                helpText="Show ordered quantities as incoming in Shopify from when an order is sent until it is completed or cancelled."
                checked={draft.incomingTracking}
                onChange={(incomingTracking) => change({ incomingTracking })}
                error={errors.incomingTracking}
              />
              <Checkbox
                label="Auto-sync to Shopify on receiving"
                helpText="Push received quantities to on hand as soon as they are received. Otherwise on hand changes when you use Sync to Shopify or Quick complete on the order."
                checked={draft.autoSyncOnReceive}
                onChange={(autoSyncOnReceive) => change({ autoSyncOnReceive })}
                error={errors.autoSyncOnReceive}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Product tags"
          description="Tags added to and removed from the products on an order as it moves through its statuses. Shopify variants have no tags, so tag rules apply to products."
        >
          <TagRulesCard rules={draft.tagRules} errors={errors} onChange={(tagRules) => change({ tagRules })} onAddOrRemove={renumbered} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Write-back metafields"
          description="Metafields on products or variants set from the order: a field's value when the order enters a trigger status, or TRUE / FALSE by status."
        >
          <WriteBackRulesCard
            rules={draft.writeBackRules}
            errors={errors}
            onChange={(writeBackRules) => change({ writeBackRules })}
            onAddOrRemove={renumbered}
          />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="Labels"
          description="Labels for received or ordered goods, with product, variant, SKU and a Code 128 barcode."
        >
          <Card>
            <LabelFormatSelect value={draft.labelFormat} error={errors.labelFormat} onChange={(labelFormat) => change({ labelFormat })} />
          </Card>
        </Layout.AnnotatedSection>
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
        <Layout.AnnotatedSection title="Email sending" description="Sender, SMTP server and the email suppliers receive with each PO.">
          <Card>
            <Button url="/app/settings/email">Email settings</Button>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Webhooks" description="What Shopify told Inbound lately, and what came of it.">
          <Card>
            <Button url="/app/settings/webhooks">View webhook log</Button>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="API access" description="Keys for other systems and AI assistants, and the calls made with them.">
          <Card>
            <Button url="/app/settings/api">Manage API keys</Button>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Documents" description="How PO documents look: columns, footer, logo; per supplier.">
          <Card>
            <Button url="/app/settings/documents">Export templates</Button>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Locations" description="Where purchase orders can be received.">
          <Card>
            <BlockStack gap="300">
              <Select
                label="Default receiving location"
                helpText="Chosen for each new purchase order (on the create screen and through the API); another can be chosen on the order."
                options={[
                  { label: `First active location${activeLocations[0] ? ` (${activeLocations[0].name})` : ""}`, value: "" },
                  // One set before it was deactivated stays shown as it is (new orders go to the first active one meanwhile).
                  ...locations
                    .filter((location) => location.isActive || location.id === draft.defaultLocationId)
                    .map((location) => ({ label: location.isActive ? location.name : `${location.name} (inactive)`, value: location.id })),
                ]}
                value={draft.defaultLocationId ?? ""}
                onChange={(value) => change({ defaultLocationId: value === "" ? null : value })}
                error={errors.defaultLocationId}
              />
              <List>
                {locations.map((location) => (
                  <List.Item key={location.id}>
                    {location.name}
                    {location.isActive ? "" : " (inactive)"}
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
