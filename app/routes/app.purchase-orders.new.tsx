import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";

import { NumericCell } from "~/components/NumericCell";
import prisma from "~/db.server";
import { ValidationError, type FieldErrors } from "~/domain/errors";
import { formatMoney } from "~/domain/money";
import type { DraftInput } from "~/domain/purchase-order/draft";
import { defaultCostNote } from "~/domain/purchase-order/new-line";
import { createDraftPurchaseOrder, draftLineDefaults } from "~/services/purchase-orders.server";
import type { VariantSummary } from "~/services/shopify/gateway.server";
import { listSuppliers } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway } = await requireAdmin(request);
  const url = new URL(request.url);
  if (url.searchParams.has("defaults")) {
    // What saving would give added lines for the chosen supplier (the rule that saving applies).
    const supplierId = url.searchParams.get("supplierId") ?? "";
    const variantIds = url.searchParams.getAll("variantId").slice(0, DEFAULTS_PER_REQUEST);
    const defaults = await draftLineDefaults({ db: prisma, gateway }, shopDomain, supplierId, variantIds);
    return json({
      kind: "defaults" as const,
      supplierId,
      variantIds,
      defaults: defaults.map(({ variantId, cost, otherSupplier }) => ({
        variantId,
        unitCost: cost.unitCost,
        note: defaultCostNote(cost),
        otherSupplier: otherSupplier?.name ?? null,
      })),
    });
  }
  const search = url.searchParams.get("q");
  if (search !== null) {
    // The variant picker's search (fetched by the form below), narrowed to the supplier's vendor.
    const vendor = url.searchParams.get("vendor") || undefined;
    return json({ kind: "search" as const, vendor: vendor ?? null, variants: await gateway.searchVariants({ text: search, vendor }, 10) });
  }
  const [suppliers, locations] = await Promise.all([listSuppliers(prisma, shopDomain), gateway.locations()]);
  return json({
    kind: "form" as const,
    suppliers: suppliers.map(({ id, name, vendor, currencyCode }) => ({ id, name, vendor, currencyCode })),
    locations: locations.filter((location) => location.isActive),
  });
}

/** Variants whose defaults one request asks for (the rest follow in further requests): keeps the URL short. */
const DEFAULTS_PER_REQUEST = 50;

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, gateway, actor } = await requireAdmin(request);
  const form = await readForm(request, { lists: ["variantId", "quantity", "unitCost"] });
  const text = (name: string) => String(form.get(name) ?? "");
  const all = (name: string) => form.getAll(name).map(String);
  const variantIds = all("variantId");
  const quantities = all("quantity");
  const unitCosts = all("unitCost");
  const input: DraftInput = {
    supplierId: text("supplierId"),
    locationId: text("locationId"),
    note: text("note"),
    lines: variantIds.map((variantId, index) => ({
      variantId,
      quantity: quantities[index] ?? "",
      unitCost: unitCosts[index] ?? "",
    })),
  };
  try {
    const order = await createDraftPurchaseOrder({ db: prisma, gateway }, shopDomain, actor, input);
    return redirect(`/app/purchase-orders/${order.id}`);
  } catch (error) {
    if (error instanceof ValidationError) {
      return json({ fieldErrors: error.fieldErrors }, { status: 400 });
    }
    throw error;
  }
}

interface LineState {
  variantId: string;
  label: string;
  sku: string | null;
  quantity: string;
  unitCost: string;
  /** Typed by the merchant: kept when the supplier changes (a default is replaced). */
  costTyped: boolean;
  /** The supplier whose default the line shows (null: not asked yet). */
  defaultFor: string | null;
  /** Where the default came from, or why there is none. */
  costNote: string | null;
  /** Another supplier whose Shopify vendor the variant carries: allowed, but flagged. */
  otherSupplier: string | null;
}

export default function NewPurchaseOrder() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {};
  const suppliers = data.kind === "form" ? data.suppliers : [];
  const locations = data.kind === "form" ? data.locations : [];

  const [supplierId, setSupplierId] = useState("");
  const [locationId, setLocationId] = useState(locations[0]?.id ?? "");
  const [note, setNote] = useState("");
  const [lines, setLines] = useState<LineState[]>([]);
  const supplier = suppliers.find((candidate) => candidate.id === supplierId);

  const addVariant = (variant: VariantSummary) =>
    setLines((current) =>
      current.some((line) => line.variantId === variant.id)
        ? current
        : [
            ...current,
            {
              variantId: variant.id,
              label: variant.displayName,
              sku: variant.sku,
              quantity: "1",
              unitCost: "",
              costTyped: false,
              defaultFor: null,
              costNote: null,
              otherSupplier: null,
            },
          ],
    );
  const chooseSupplier = (id: string) => {
    setSupplierId(id);
    // A default is this supplier's (its catalogue, its currency): another supplier's is cleared at once.
    setLines((current) => current.map((line) => (line.costTyped ? line : { ...line, unitCost: "", defaultFor: null, costNote: null, otherSupplier: null })));
  };
  useLineDefaults(supplierId, lines, setLines);
  const updateLine = (index: number, patch: Partial<LineState>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const removeLine = (index: number) => setLines((current) => current.filter((_, i) => i !== index));

  const errorCount = Object.keys(errors).length;

  return (
    <Page
      title="Create purchase order"
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
    >
      <Form method="post" id="create-purchase-order">
        <Layout>
          {errorCount > 0 ? (
            <Layout.Section>
              <Banner tone="critical" title="The purchase order was not saved">
                <p>Fix the {errorCount === 1 ? "field" : `${errorCount} fields`} marked below.</p>
                {errors.lines ? <p>{errors.lines}</p> : null}
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card>
              <FormLayout>
                <Select
                  label="Supplier"
                  name="supplierId"
                  options={[
                    { label: suppliers.length ? "Select a supplier" : "No suppliers yet", value: "" },
                    ...suppliers.map((candidate) => ({ label: candidate.name, value: candidate.id })),
                  ]}
                  value={supplierId}
                  onChange={chooseSupplier}
                  error={errors.supplierId}
                />
                <Select
                  label="Receiving location"
                  name="locationId"
                  options={[
                    { label: "Choose later", value: "" },
                    ...locations.map((location) => ({ label: location.name, value: location.id })),
                  ]}
                  value={locationId}
                  onChange={setLocationId}
                  error={errors.locationId}
                />
                <TextField
                  label="Note to supplier"
                  name="note"
                  value={note}
                  onChange={setNote}
                  multiline={2}
                  autoComplete="off"
                  error={errors.note}
                />
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card padding="0">
              <BlockStack gap="0">
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="h2" variant="headingMd">
                    Lines
                  </Text>
                </div>
                {lines.length === 0 ? (
                  <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
                    <Text as="p" tone={errors.lines ? "critical" : "subdued"}>
                      {errors.lines ?? "Search for variants below and add them to the order."}
                    </Text>
                  </div>
                ) : (
                  <IndexTable
                    resourceName={{ singular: "line", plural: "lines" }}
                    itemCount={lines.length}
                    selectable={false}
                    headings={[{ title: "Variant" }, { title: "SKU" }, { title: "Quantity" }, { title: "Unit cost" }, { title: "" }]}
                  >
                    {lines.map((line, index) => (
                      <IndexTable.Row id={line.variantId} key={line.variantId} position={index}>
                        <IndexTable.Cell>
                          <input type="hidden" name="variantId" value={line.variantId} />
                          <InlineStack gap="200" blockAlign="center">
                            <Text as="span">{line.label}</Text>
                            {line.otherSupplier ? <Badge tone="attention">{`${line.otherSupplier}'s product`}</Badge> : null}
                          </InlineStack>
                          {errors[`lines.${index}.variantId`] ? (
                            <Text as="p" tone="critical">
                              {errors[`lines.${index}.variantId`]}
                            </Text>
                          ) : null}
                        </IndexTable.Cell>
                        <IndexTable.Cell>{line.sku ?? "—"}</IndexTable.Cell>
                        <IndexTable.Cell>
                          <TextField
                            label={`Quantity for ${line.label}`}
                            labelHidden
                            name="quantity"
                            type="number"
                            value={line.quantity}
                            onChange={(quantity) => updateLine(index, { quantity })}
                            autoComplete="off"
                            error={errors[`lines.${index}.quantity`]}
                          />
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <TextField
                            label={`Unit cost for ${line.label}`}
                            labelHidden
                            name="unitCost"
                            value={line.unitCost}
                            onChange={(unitCost) => updateLine(index, { unitCost, costTyped: unitCost !== "" })}
                            autoComplete="off"
                            suffix={supplier?.currencyCode}
                            helpText={line.costTyped ? undefined : (line.costNote ?? (supplier ? undefined : "Choose a supplier for its price"))}
                            error={errors[`lines.${index}.unitCost`]}
                          />
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Button variant="plain" tone="critical" onClick={() => removeLine(index)}>
                            Remove
                          </Button>
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <VariantPicker vendor={supplier?.vendor ?? null} onAdd={addVariant} />
          </Layout.Section>
          <Layout.Section>
            <InlineStack align="end">
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Save draft
              </Button>
            </InlineStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

/**
 * Fills each line's unit cost with its default for the chosen supplier, as saving would decide it
 * (the server's rule, asked for the lines that lack it): the catalogue price in the supplier's
 * currency, else Shopify's cost when in that currency; else blank, saying why. Costs the merchant
 * typed are left alone.
 */
function useLineDefaults(supplierId: string, lines: LineState[], setLines: (update: (current: LineState[]) => LineState[]) => void) {
  const fetcher = useFetcher<typeof loader>();
  const { load, state, data } = fetcher;
  // Lines the last answer covers are being filled from it: not asked for again.
  const answered = new Set(data?.kind === "defaults" && data.supplierId === supplierId ? data.variantIds : []);
  const missing = supplierId
    ? lines.filter((line) => !line.costTyped && line.defaultFor !== supplierId && !answered.has(line.variantId)).map((line) => line.variantId)
    : [];
  const wanted = missing.slice(0, DEFAULTS_PER_REQUEST).join(",");

  useEffect(() => {
    if (!wanted || state !== "idle") return;
    const params = new URLSearchParams({ defaults: "1", supplierId });
    for (const variantId of wanted.split(",")) params.append("variantId", variantId);
    load(`/app/purchase-orders/new?${params.toString()}`);
  }, [wanted, supplierId, state, load]);

  // Also on every change of the lines: a variant removed and added again takes its answer too.
  useEffect(() => {
    if (data?.kind !== "defaults" || data.supplierId !== supplierId) return;
    const found = new Map(data.defaults.map((entry) => [entry.variantId, entry]));
    const asked = new Set(data.variantIds);
    setLines((current) => {
      const waiting = (line: LineState) => !line.costTyped && asked.has(line.variantId) && line.defaultFor !== supplierId;
      if (!current.some(waiting)) return current;
      return current.map((line) => {
        if (!waiting(line)) return line;
        const entry = found.get(line.variantId);
        return {
          ...line,
          unitCost: entry?.unitCost ?? "",
          defaultFor: supplierId,
          costNote: entry?.note ?? null,
          otherSupplier: entry?.otherSupplier ?? null,
        };
      });
    });
  }, [data, supplierId, lines, setLines]);
}

function VariantPicker({ vendor, onAdd }: { vendor: string | null; onAdd: (variant: VariantSummary) => void }) {
  const fetcher = useFetcher<typeof loader>();
  const [query, setQuery] = useState("");
  const { load } = fetcher;

  useEffect(() => {
    const params = new URLSearchParams({ q: query });
    if (vendor) params.set("vendor", vendor);
    const timer = setTimeout(() => load(`/app/purchase-orders/new?${params.toString()}`), 250);
    return () => clearTimeout(timer);
  }, [query, vendor, load]);

  // Results of a search for another supplier's vendor (the supplier just changed) are never
  // offered: adding one would put another supplier's variant on this order.
  const variants = fetcher.data?.kind === "search" && fetcher.data.vendor === (vendor || null) ? fetcher.data.variants : [];

  return (
    <Card padding="0">
      <div style={{ padding: "var(--p-space-400)" }}>
        <TextField
          label={vendor ? `Add variants from ${vendor}` : "Add variants"}
          placeholder="Search by product title or SKU"
          value={query}
          onChange={setQuery}
          autoComplete="off"
          clearButton
          onClearButtonClick={() => setQuery("")}
        />
      </div>
      <IndexTable
        resourceName={{ singular: "variant", plural: "variants" }}
        itemCount={variants.length}
        selectable={false}
        loading={fetcher.state === "loading"}
        emptyState={<div style={{ padding: "var(--p-space-400)" }}>No variants match.</div>}
        headings={[{ title: "Variant" }, { title: "SKU" }, { title: "Shopify cost", alignment: "end" }, { title: "" }]}
      >
        {variants.map((variant, index) => (
          <IndexTable.Row id={variant.id} key={variant.id} position={index}>
            <IndexTable.Cell>{variant.displayName}</IndexTable.Cell>
            <IndexTable.Cell>{variant.sku ?? "—"}</IndexTable.Cell>
            <NumericCell>{variant.unitCost ? formatMoney(variant.unitCost.amount, variant.unitCost.currencyCode) : "—"}</NumericCell>
            <IndexTable.Cell>
              <Button onClick={() => onAdd(variant)} accessibilityLabel={`Add ${variant.displayName}`}>
                Add
              </Button>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}
