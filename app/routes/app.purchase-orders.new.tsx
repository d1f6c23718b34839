import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Divider,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { DeleteIcon } from "@shopify/polaris-icons";
import { useEffect, useRef, useState } from "react";

import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { textProblem } from "~/domain/input";
import { Decimal, formatMoney, parseMoney } from "~/domain/money";
import type { DraftInput } from "~/domain/purchase-order/draft";
import { defaultCostNote } from "~/domain/purchase-order/new-line";
import { listCatalogue } from "~/services/catalogue.server";
import { variantForCode } from "~/services/purchase-order-lines.server";
import { createDraftPurchaseOrder, draftLineDefaults } from "~/services/purchase-orders.server";
import { receivingLocationChoice } from "~/services/settings.server";
import { listSuppliers } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { readForm } from "~/http/forms.server";
import { useOnEachNew } from "~/components/use-on-each-new";
import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";

/** The longest code the SKU / barcode field takes (catalogue codes are at most 100 characters). */
const MAX_CODE_LENGTH = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const url = new URL(request.url);
  const supplierId = url.searchParams.get("supplierId") ?? "";
  if (url.searchParams.has("defaults")) {
    // What saving would give added lines for the chosen supplier (the one rule saving applies).
    const variantIds = url.searchParams.getAll("variantId").slice(0, DEFAULTS_PER_REQUEST);
    const defaults = await draftLineDefaults({ db, gateway }, shopDomain, supplierId, variantIds);
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
  const code = url.searchParams.get("code");
  if (code !== null) {
    // The SKU / barcode field: a Shopify SKU, or a code of the chosen supplier's catalogue.
    const trimmed = code.trim();
    const problem = !trimmed
      ? "Enter a SKU or barcode"
      : trimmed.length > MAX_CODE_LENGTH
        ? `At most ${MAX_CODE_LENGTH} characters`
        : textProblem(trimmed);
    if (problem) return json({ kind: "code" as const, code, variant: null, problem });
    const catalogue = supplierId ? await listCatalogue(db, shopDomain, supplierId).catch(notFoundAsNone) : [];
    const variant = await variantForCode(gateway, catalogue, trimmed);
    return json({
      kind: "code" as const,
      code,
      variant: variant ? { id: variant.id, label: variant.displayName, sku: variant.sku } : null,
      problem: variant ? null : `No product in Shopify or in this supplier's catalogue has the SKU or barcode "${trimmed}"`,
    });
  }
  const [suppliers, locations] = await Promise.all([listSuppliers(db, shopDomain), receivingLocationChoice({ db, gateway }, shopDomain)]);
  return json({
    kind: "form" as const,
    suppliers: suppliers.map(({ id, name, vendor, currencyCode }) => ({ id, name, vendor, currencyCode })),
    locations: locations.active,
    defaultLocationId: locations.defaultId ?? "",
  });
}

/** A supplier that is not the shop's (or no longer there) has no catalogue to look codes up in. */
function notFoundAsNone(error: unknown): [] {
  if (error instanceof NotFoundError) return [];
  throw error;
}

/** Variants whose defaults one request asks for (the rest follow in further requests): keeps the URL short. */
const DEFAULTS_PER_REQUEST = 50;

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, gateway, actor, db } = await requireAdmin(request);
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
    const order = await createDraftPurchaseOrder({ db, gateway }, shopDomain, actor, input);
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

interface PickedVariant {
  id: string;
  label: string;
  sku: string | null;
}

/** Which products the picker offers: the supplier's (its Shopify vendor) or every product. */
type PickerScope = "supplier" | "all";

/** A Shopify search term for one field, quoted as Shopify's search syntax wants it. */
function searchTerm(field: string, value: string): string {
  return `${field}:"${value.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

export default function NewPurchaseOrder() {
  const actionData = useActionData<typeof action>();
  // Discard starts the form again: a new key empties every field, and the refusal it showed goes with what was typed.
  const [discarded, setDiscarded] = useState<{ count: number; refusal: typeof actionData }>({ count: 0, refusal: undefined });
  const refusal = actionData !== discarded.refusal ? actionData : undefined;
  return (
    <CreateForm
      key={discarded.count}
      errors={refusal && "fieldErrors" in refusal ? refusal.fieldErrors : {}}
      onDiscard={() => setDiscarded(({ count }) => ({ count: count + 1, refusal: actionData }))}
    />
  );
}

function CreateForm({ errors, onDiscard }: { errors: FieldErrors; onDiscard: () => void }) {
  const data = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const formRef = useRef<HTMLFormElement>(null);
  const suppliers = data.kind === "form" ? data.suppliers : [];
  const locations = data.kind === "form" ? data.locations : [];

  const [supplierId, setSupplierId] = useState("");
  // The receiving location is chosen on this form, from the shop's default (Settings) until changed.
  const defaultLocationId = data.kind === "form" ? data.defaultLocationId : "";
  const [locationId, setLocationId] = useState(defaultLocationId);
  const [note, setNote] = useState("");
  const [lines, setLines] = useState<LineState[]>([]);
  const [scope, setScope] = useState<PickerScope>("supplier");
  const supplier = suppliers.find((candidate) => candidate.id === supplierId);
  const currency = supplier?.currencyCode ?? null;

  const addVariants = (variants: readonly PickedVariant[]) =>
    setLines((current) => {
      const known = new Set(current.map((line) => line.variantId));
      const added = variants
        .filter((variant) => !known.has(variant.id) && known.add(variant.id))
        .map((variant) => ({
          variantId: variant.id,
          label: variant.label,
          sku: variant.sku,
          quantity: "1",
          unitCost: "",
          costTyped: false,
          defaultFor: null,
          costNote: null,
          otherSupplier: null,
        }));
      return added.length ? [...current, ...added] : current;
    });
  const chooseSupplier = (id: string) => {
    setSupplierId(id);
    setScope("supplier");
    // A default is this supplier's (its catalogue, its currency): another supplier's is cleared at once.
    setLines((current) =>
      current.map((line) => (line.costTyped ? line : { ...line, unitCost: "", defaultFor: null, costNote: null, otherSupplier: null })),
    );
  };
  useLineDefaults(supplierId, lines, setLines);
  const updateLine = (index: number, patch: Partial<LineState>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const removeLine = (index: number) => setLines((current) => current.filter((_, i) => i !== index));

  const vendorFilter = scope === "supplier" && supplier?.vendor ? searchTerm("vendor", supplier.vendor) : undefined;
  const openPicker = async () => {
    const selection = await shopify.resourcePicker({
      type: "product",
      action: "add",
      multiple: true,
      filter: { variants: true, query: vendorFilter },
    });
    if (!selection) return;
    addVariants(
      selection.flatMap((product) =>
        product.variants.flatMap((variant) =>
          variant.id
            ? [
                {
                  id: variant.id,
                  label:
                    variant.displayName ??
                    (variant.title && variant.title !== "Default Title" ? `${product.title} - ${variant.title}` : product.title),
                  sku: variant.sku ?? null,
                },
              ]
            : [],
        ),
      ),
    );
  };

  const total = runningTotal(lines);
  const errorCount = Object.keys(errors).length;
  const saving = navigation.state === "submitting";
  const save = () => formRef.current && submit(formRef.current);
  const entered = supplierId !== "" || lines.length > 0 || note !== "" || locationId !== defaultLocationId;

  return (
    <Page
      title="Create purchase order"
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
      primaryAction={{ content: "Save draft", loading: saving, onAction: save }}
    >
      {/* Once anything is entered the save bar shows (its Save is Save draft) and leaving asks first. Save draft stays
          in the header: on an empty form it says what the order needs, and it names what saving makes. Outside the
          form: the save bar's buttons would submit it themselves. */}
      <UnsavedChanges dirty={entered} saving={saving} onSave={save} onDiscard={onDiscard} />
      <Form method="post" id="create-purchase-order" ref={formRef}>
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
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Select
                    label="Supplier"
                    name="supplierId"
                    requiredIndicator
                    options={[
                      { label: suppliers.length ? "Select a supplier" : "No suppliers yet", value: "" },
                      ...suppliers.map((candidate) => ({ label: candidate.name, value: candidate.id })),
                    ]}
                    value={supplierId}
                    onChange={chooseSupplier}
                    error={errors.supplierId}
                    helpText={
                      supplier
                        ? `Costs in ${supplier.currencyCode}, from ${supplier.name}'s catalogue where it lists the product.`
                        : "Choose the supplier first: its catalogue and currency set the costs."
                    }
                  />
                  {suppliers.length === 0 ? (
                    <Text as="p">
                      <Button variant="plain" url="/app/suppliers/new">
                        Add a supplier
                      </Button>{" "}
                      to order from.
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
              <Card padding="0">
                <Box padding="400">
                  <BlockStack gap="300">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <Text as="h2" variant="headingMd">
                        Products
                      </Text>
                      {supplier?.vendor ? (
                        <ButtonGroup variant="segmented">
                          <Button pressed={scope === "supplier"} onClick={() => setScope("supplier")}>
                            {`${supplier.vendor} products`}
                          </Button>
                          <Button pressed={scope === "all"} onClick={() => setScope("all")}>
                            All products
                          </Button>
                        </ButtonGroup>
                      ) : null}
                    </InlineStack>
                    <InlineStack gap="200" blockAlign="start" wrap={false}>
                      <Button onClick={openPicker} disabled={!supplier} variant="secondary">
                        Add products
                      </Button>
                      <div style={{ flex: 1 }}>
                        <CodeField supplierId={supplierId} disabled={!supplier} onFound={(variant) => addVariants([variant])} />
                      </div>
                    </InlineStack>
                    {supplier && !supplier.vendor ? (
                      <Text as="p" tone="subdued">
                        The picker shows all products: give {supplier.name} its Shopify vendor to see its products first.
                      </Text>
                    ) : null}
                  </BlockStack>
                </Box>
                {lines.length === 0 ? (
                  <Box padding="400" paddingBlockStart="0">
                    <Text as="p" tone={errors.lines ? "critical" : "subdued"}>
                      {errors.lines ??
                        (supplier
                          ? "No products yet. Add them with the picker, or type a SKU or barcode."
                          : "Once a supplier is chosen, add the products to order.")}
                    </Text>
                  </Box>
                ) : (
                  <IndexTable
                    resourceName={{ singular: "line", plural: "lines" }}
                    itemCount={lines.length}
                    selectable={false}
                    headings={[
                      { title: "Product" },
                      { title: "Quantity" },
                      { title: "Unit cost" },
                      { title: "Total", alignment: "end" },
                      { title: "" },
                    ]}
                  >
                    {lines.map((line, index) => (
                      <IndexTable.Row id={line.variantId} key={line.variantId} position={index}>
                        <IndexTable.Cell>
                          <input type="hidden" name="variantId" value={line.variantId} />
                          <BlockStack gap="050">
                            <InlineStack gap="200" blockAlign="center">
                              <Text as="span" fontWeight="medium">
                                {line.label}
                              </Text>
                              {line.otherSupplier ? <Badge tone="attention">{`${line.otherSupplier}'s product`}</Badge> : null}
                            </InlineStack>
                            <Text as="span" tone="subdued" variant="bodySm">
                              {line.sku ? `SKU ${line.sku}` : "No SKU"}
                            </Text>
                            {errors[`lines.${index}.variantId`] ? (
                              <Text as="span" tone="critical">
                                {errors[`lines.${index}.variantId`]}
                              </Text>
                            ) : null}
                          </BlockStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <div style={{ width: "6rem" }}>
                            <TextField
                              label={`Quantity for ${line.label}`}
                              labelHidden
                              name="quantity"
                              type="number"
                              min={1}
                              value={line.quantity}
                              onChange={(quantity) => updateLine(index, { quantity })}
                              autoComplete="off"
                              error={errors[`lines.${index}.quantity`]}
                            />
                          </div>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <div style={{ width: "11rem", whiteSpace: "normal" }}>
                            <TextField
                              label={`Unit cost for ${line.label}`}
                              labelHidden
                              name="unitCost"
                              value={line.unitCost}
                              onChange={(unitCost) => updateLine(index, { unitCost, costTyped: unitCost !== "" })}
                              autoComplete="off"
                              suffix={currency ?? undefined}
                              helpText={line.costTyped ? undefined : (line.costNote ?? undefined)}
                              error={errors[`lines.${index}.unitCost`]}
                            />
                          </div>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Text as="span" alignment="end" numeric>
                            {currency && lineTotal(line) ? formatMoney(lineTotal(line)!, currency) : "—"}
                          </Text>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Button
                            variant="tertiary"
                            icon={DeleteIcon}
                            onClick={() => removeLine(index)}
                            accessibilityLabel={`Remove ${line.label}`}
                          />
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                )}
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Summary
                  </Text>
                  <InlineStack align="space-between">
                    <Text as="span" tone="subdued">
                      {lines.length === 1 ? "1 line" : `${lines.length} lines`}, {total.units} {total.units === 1 ? "unit" : "units"}
                    </Text>
                  </InlineStack>
                  <Divider />
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      Total
                    </Text>
                    <span data-testid="running-total">
                      <Text as="span" fontWeight="semibold" numeric>
                        {currency ? formatMoney(total.amount, currency) : "—"}
                      </Text>
                    </span>
                  </InlineStack>
                  {total.unpriced > 0 ? (
                    <Text as="p" tone="caution">
                      {total.unpriced === 1 ? "1 line has" : `${total.unpriced} lines have`} no unit cost yet and{" "}
                      {total.unpriced === 1 ? "is" : "are"} not in the total.
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
              <Card>
                <Select
                  label="Receiving location"
                  name="locationId"
                  requiredIndicator
                  options={[
                    ...locations.map((location) => ({ label: location.name, value: location.id })),
                    { label: "Decide before sending", value: "" },
                  ]}
                  value={locationId}
                  onChange={setLocationId}
                  error={errors.locationId}
                  helpText={
                    <>
                      {"Goods arrive here; Shopify's incoming stock is shown for this location. "}
                      {locationId && locationId === defaultLocationId ? "Your default receiving location, set in " : "The default is set in "}
                      <Link url="/app/settings">Settings</Link>.
                    </>
                  }
                />
              </Card>
              <Card>
                <TextField
                  label="Note to supplier"
                  name="note"
                  value={note}
                  onChange={setNote}
                  multiline={3}
                  autoComplete="off"
                  error={errors.note}
                />
              </Card>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

/** A line's total, or null while its quantity or cost is not a number yet. */
function lineTotal(line: LineState): Decimal | null {
  const cost = parseMoney(line.unitCost);
  const quantity = /^\d+$/.test(line.quantity.trim()) ? new Decimal(line.quantity.trim()) : null;
  return cost && quantity ? cost.times(quantity) : null;
}

/** What the order will cost as typed so far (lines without a cost are counted apart, not as 0). */
function runningTotal(lines: readonly LineState[]) {
  let amount = new Decimal(0);
  let units = 0;
  let unpriced = 0;
  for (const line of lines) {
    const quantity = Number(line.quantity);
    if (Number.isSafeInteger(quantity) && quantity > 0) units += quantity;
    const total = lineTotal(line);
    if (total) amount = amount.plus(total);
    else if (!parseMoney(line.unitCost)) unpriced += 1;
  }
  return { amount, units, unpriced };
}

/** Adds a product by its SKU or barcode (a scanner types and presses Enter). */
function CodeField({ supplierId, disabled, onFound }: { supplierId: string; disabled: boolean; onFound: (variant: PickedVariant) => void }) {
  const fetcher = useFetcher<typeof loader>();
  const [code, setCode] = useState("");
  const { data, state } = fetcher;
  const result = data?.kind === "code" ? data : null;
  const lookup = () => {
    const params = new URLSearchParams({ code, supplierId });
    fetcher.load(`/app/purchase-orders/new?${params.toString()}`);
  };
  // Each answer once: a found product is added and the field cleared for the next code.
  useOnEachNew(result, (answer) => {
    if (!answer?.variant) return;
    onFound(answer.variant);
    setCode("");
  });
  return (
    <div
      onKeyDown={(event) => {
        if (event.key === "Enter" && !disabled) {
          event.preventDefault();
          lookup();
        }
      }}
    >
      <TextField
        label="Add by SKU or barcode"
        labelHidden
        placeholder="Add by SKU or barcode"
        value={code}
        onChange={setCode}
        autoComplete="off"
        disabled={disabled}
        error={result && !result.variant && result.code === code ? (result.problem ?? undefined) : undefined}
        connectedRight={
          <Button onClick={lookup} disabled={disabled || !code.trim()} loading={state === "loading"}>
            Add
          </Button>
        }
      />
    </div>
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
