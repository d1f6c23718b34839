import { Form, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, DropZone, IndexTable, InlineGrid, InlineStack, Pagination, Text, TextField } from "@shopify/polaris";
import { DeleteIcon, EditIcon, SearchIcon } from "@shopify/polaris-icons";
import { useEffect, useRef, useState } from "react";

import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { EmptyListNote } from "~/components/EmptyListNote";
import { NumericCell } from "~/components/NumericCell";
import { CATALOGUE_COLUMNS } from "~/domain/catalogue";
import type { FieldErrors } from "~/domain/errors";
import { exactAmountText } from "~/domain/money";
import type { CatalogueItemView } from "~/services/catalogue.server";
import { useConfirm } from "~/components/ActionFeedback";
import { useDownload } from "~/components/download";

export type CatalogueRow = CatalogueItemView & { title: string | null };

/** One page of the catalogue as the loader gives it. */
export interface CataloguePageView {
  items: CatalogueRow[];
  matching: number;
  next: string | null;
  previous: string | null;
}

/** How long typing pauses before the search runs. */
const SEARCH_PAUSE_MS = 300;

export function CatalogueCard({
  supplierId,
  catalogue,
  query,
  onEdit,
}: {
  supplierId: string;
  catalogue: CataloguePageView;
  query: string;
  onEdit: (itemId: string) => void;
}) {
  const { items, matching } = catalogue;
  const submit = useSubmit();
  const navigation = useNavigation();
  const [, setSearchParams] = useSearchParams();
  const [search, setSearch] = useState(query);
  // A search starts again at the first page; the URL keeps it, so reload and back work.
  useEffect(() => {
    if (search.trim() === query.trim()) return;
    const timer = setTimeout(
      () => setSearchParams(search.trim() ? { q: search.trim() } : {}, { replace: true, preventScrollReset: true }),
      SEARCH_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [search, query, setSearchParams]);
  const pageTo = (side: "after" | "before", cursor: string) =>
    setSearchParams({ ...(query ? { q: query } : {}), [side]: cursor }, { preventScrollReset: true });
  const confirm = useConfirm();
  const download = useDownload();
  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    await download(`/app/suppliers/${supplierId}/catalogue.csv`, "catalogue.csv");
    setExporting(false);
  };
  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400)" }}>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {query ? `Catalogue: ${matching} matching` : `Catalogue (${matching})`}
            </Text>
            <Button onClick={exportCsv} loading={exporting} disabled={!query && matching === 0}>
              Export CSV
            </Button>
          </InlineStack>
        </div>
        {!query && matching === 0 ? (
          <EmptyListNote
            heading="No catalogue items yet"
            lines={[
              "The products this supplier sells appear here, with the supplier's SKU and price; new purchase orders for this supplier take their costs from them.",
              "Add items one by one below, or import a CSV.",
            ]}
          />
        ) : (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-300)" }}>
            <TextField
              label="Search the catalogue"
              labelHidden
              prefix={<SearchIcon width={20} />}
              placeholder="Search by SKU, supplier SKU, barcode or product title"
              value={search}
              onChange={setSearch}
              autoComplete="off"
              clearButton
              onClearButtonClick={() => setSearch("")}
            />
          </div>
        )}
        {matching === 0 ? (
          query ? (
            <EmptyListNote
              heading={`No items match “${query}”`}
              lines={["Try part of a SKU, supplier SKU or barcode, or a word of the product's title. Or add the item below."]}
              action={<Button onClick={() => setSearch("")}>Clear the search</Button>}
            />
          ) : null
        ) : (
          <IndexTable
            resourceName={{ singular: "item", plural: "items" }}
            itemCount={items.length}
            loading={navigation.state === "loading" && navigation.location.pathname === `/app/suppliers/${supplierId}`}
            selectable={false}
            headings={[
              { title: "Variant" },
              { title: "Supplier SKU" },
              { title: "Unit cost", alignment: "end" },
              { title: "MOQ / pack", alignment: "end" },
              { title: "" },
            ]}
          >
            {items.map((item, index) => (
              <IndexTable.Row id={item.id} key={item.id} position={index}>
                <IndexTable.Cell>
                  <BlockStack>
                    {item.title ? (
                      <Text as="span">{item.title}</Text>
                    ) : (
                      <Text as="span" tone="critical">
                        Not in Shopify any more
                      </Text>
                    )}
                    <Text as="span" tone="subdued">
                      {item.sku ?? "No SKU"}
                    </Text>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <BlockStack>
                    <Text as="span">{item.supplierSku ?? "—"}</Text>
                    {item.alternateSkus.length > 0 ? (
                      <Text as="span" tone="subdued">
                        Also: {item.alternateSkus.join(", ")}
                      </Text>
                    ) : null}
                  </BlockStack>
                </IndexTable.Cell>
                <NumericCell>{`${exactAmountText(item.unitCost)} ${item.currencyCode}`}</NumericCell>
                <NumericCell>
                  {item.minimumOrderQuantity} / {item.packSize}
                </NumericCell>
                <IndexTable.Cell>
                  <InlineStack gap="200" wrap={false}>
                    <Button
                      variant="tertiary"
                      icon={EditIcon}
                      onClick={() => onEdit(item.id)}
                      accessibilityLabel={`Edit ${item.sku ?? item.variantId}`}
                    />
                    <Button
                      variant="tertiary"
                      icon={DeleteIcon}
                      onClick={() =>
                        confirm({
                          title: `Remove ${item.sku ?? item.title ?? "the item"} from the catalogue?`,
                          body: (
                            <Text as="p">
                              Its cost and terms no longer fill in new order lines for this supplier. Orders already made keep their lines. To undo,
                              add it again.
                            </Text>
                          ),
                          confirmLabel: "Remove item",
                          destructive: true,
                          onConfirm: () => submit({ intent: "remove_item", itemId: item.id }, { method: "post" }),
                        })
                      }
                      accessibilityLabel={`Remove ${item.sku ?? item.variantId}`}
                    />
                  </InlineStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
        {catalogue.next || catalogue.previous ? (
          <div style={{ padding: "var(--p-space-300)", borderTop: "var(--p-border-width-025) solid var(--p-color-border-secondary)" }}>
            <InlineStack align="center">
              <Pagination
                hasPrevious={catalogue.previous !== null}
                onPrevious={() => catalogue.previous && pageTo("before", catalogue.previous)}
                hasNext={catalogue.next !== null}
                onNext={() => catalogue.next && pageTo("after", catalogue.next)}
              />
            </InlineStack>
          </div>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/**
 * Adds an item by its Shopify SKU, or edits the item being edited (its variant stays). Once
 * something is typed, the save bar shows (Save posts the form, Discard puts the values back) unless
 * another form of the page shows it (`saveBar` false: that one's bar holds leaving meanwhile).
 */
export function ItemFormCard({
  editing,
  errors,
  busy,
  saveBar,
  onDirty,
  onCancel,
}: {
  editing: CatalogueRow | null;
  errors: FieldErrors;
  busy: boolean;
  saveBar: boolean;
  onDirty: (dirty: boolean) => void;
  onCancel: () => void;
}) {
  const [initial] = useState(() => ({
    sku: editing?.sku ?? "",
    supplierSku: editing?.supplierSku ?? "",
    alternateSkus: editing?.alternateSkus.join(", ") ?? "",
    unitCost: editing?.unitCost ?? "",
    minimumOrderQuantity: editing ? String(editing.minimumOrderQuantity) : "",
    packSize: editing ? String(editing.packSize) : "",
  }));
  const [values, setValues] = useState(initial);
  const form = useRef<HTMLFormElement>(null);
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  const field = (name: keyof typeof values, label: string, extra: { helpText?: string; placeholder?: string } = {}) => (
    <TextField
      label={label}
      name={name}
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      autoComplete="off"
      error={errors[name]}
      disabled={name === "sku" && editing !== null}
      {...extra}
    />
  );
  return (
    <Card>
      {/* Outside the form: the save bar's buttons would submit it themselves. */}
      <UnsavedChanges dirty={dirty && saveBar} saving={busy} onSave={() => form.current?.requestSubmit()} onDiscard={() => setValues(initial)} />
      <Form method="post" id="catalogue-item-form" ref={form}>
        <input type="hidden" name="intent" value={editing ? "update_item" : "add_item"} />
        {editing ? <input type="hidden" name="itemId" value={editing.id} /> : null}
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {editing ? `Edit ${editing.title ?? editing.sku ?? "item"}` : "Add a catalogue item"}
          </Text>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="200">
            {field("sku", "Shopify SKU", { helpText: editing ? undefined : "The variant's SKU in your store" })}
            {field("supplierSku", "Supplier SKU")}
            {field("alternateSkus", "Alternate SKUs", { helpText: "Separate with commas" })}
            {field("unitCost", "Unit cost", { helpText: "In the supplier's currency" })}
            {field("minimumOrderQuantity", "Minimum order quantity", { placeholder: "1" })}
            {field("packSize", "Pack size", { placeholder: "1" })}
          </InlineGrid>
          <InlineStack align="end" gap="200">
            {editing ? <Button onClick={onCancel}>Cancel</Button> : null}
            <Button submit loading={busy}>
              {editing ? "Save item" : "Add item"}
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

/** Imports a CSV in the export's format; the whole file is checked before anything is saved. */
export function ImportCard({ errors, busy }: { errors: FieldErrors; busy: boolean }) {
  const submit = useSubmit();
  const confirm = useConfirm();
  const [file, setFile] = useState<File | null>(null);
  const upload = () => {
    if (!file) return;
    const data = new FormData();
    data.set("intent", "import_catalogue");
    data.set("file", file);
    confirm({
      title: `Import ${file.name}?`,
      body: (
        <Text as="p">
          Its rows are added to the catalogue, and rows for variants already listed replace their cost and terms. Nothing is removed. There is no
          undo: export the catalogue first to keep a copy.
        </Text>
      ),
      confirmLabel: "Import",
      onConfirm: () => submit(data, { method: "post", encType: "multipart/form-data" }),
    });
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Import from CSV
        </Text>
        <Text as="p" tone="subdued">
          Columns: {CATALOGUE_COLUMNS.join(", ")}. Name each variant by sku or variant_id; separate alternate SKUs with |. Rows update the items
          already listed. If any row is wrong, nothing is imported.
        </Text>
        <DropZone
          label="Catalogue CSV"
          accept=".csv,text/csv"
          type="file"
          allowMultiple={false}
          error={Boolean(errors.file)}
          onDrop={(_all, accepted) => setFile(accepted[0] ?? null)}
        >
          {file ? (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p">{file.name}</Text>
            </div>
          ) : (
            <DropZone.FileUpload actionHint="Accepts .csv" />
          )}
        </DropZone>
        {errors.file ? (
          <Text as="p" tone="critical">
            {errors.file}
          </Text>
        ) : null}
        <InlineStack align="end">
          <Button onClick={upload} disabled={!file} loading={busy}>
            Import
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
