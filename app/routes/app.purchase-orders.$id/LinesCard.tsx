import { Form, useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { DeleteIcon } from "@shopify/polaris-icons";
import { useEffect, useRef, useState } from "react";

import { useResultToast } from "~/components/ActionFeedback";
import { UnsavedChanges } from "~/components/app-bridge/UnsavedChanges";
import { useErrorsUntilChanged } from "~/components/use-errors-until-changed";
import { NumericCell } from "~/components/NumericCell";
import type { FieldErrors } from "~/domain/errors";
import { exactAmountText, parseMoney } from "~/domain/money";
import { lineCost } from "~/domain/purchase-order/totals";
import { ORDER_FIELDS } from "~/http/refusals";

import type { action as linesAction } from "../app.purchase-orders.$id.lines";
import type { OrderView } from "./route";

type LineView = OrderView["lines"][number];

const PRODUCT = { title: "Product" };
const QUANTITY = { title: "Quantity", alignment: "end" } as const;
const UNIT_COST = { title: "Unit cost", alignment: "end" } as const;
const REMOVE = { title: "", id: "remove" };
const NO_ERRORS: FieldErrors = {};

/**
 * The order's lines: what was ordered and at what cost (editable in place while the lifecycle
 * allows), how far each line got (confirmed, received, rejected, cancelled, compactly), and the
 * ways to add lines: Shopify's product picker, a SKU or barcode, a custom line.
 */
export function LinesCard({
  order,
  editable,
  canAdd,
  addErrors,
  busy,
  onRemove,
}: {
  order: Pick<OrderView, "id" | "version" | "lines" | "currencyCode" | "status">;
  /** The lifecycle allows changing a line's quantity and cost now. */
  editable: boolean;
  canAdd: boolean;
  addErrors: FieldErrors;
  busy: boolean;
  onRemove?: (lineId: string) => void;
}) {
  // A draft has no progress yet: the column comes once the order is sent.
  const showProgress = order.status !== "draft";
  const edits = useLineEdits(order, editable);
  // While the page (or this save) is busy, the typed values stay in view and cannot change.
  const holding = busy || edits.saving;
  const total = { title: `Total (${order.currencyCode})`, alignment: "end" } as const;
  const units = order.lines.reduce((sum, line) => sum + line.ordered, 0);
  const received = order.lines.reduce((sum, line) => sum + line.received, 0);
  return (
    <div data-card="lines">
      <Card padding="0">
        <Box padding="300" paddingBlockEnd="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h2" variant="headingSm">
                Products
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {`${order.lines.length} line${order.lines.length === 1 ? "" : "s"} · ${units} unit${units === 1 ? "" : "s"}${received > 0 ? ` · ${received} received` : ""}`}
              </Text>
            </InlineStack>
          </InlineStack>
        </Box>
        {canAdd ? (
          <AddLines orderId={order.id} version={order.version} customLines={order.lines.filter((line) => line.custom).length} errors={addErrors} />
        ) : null}
        <IndexTable
          resourceName={{ singular: "line", plural: "lines" }}
          itemCount={order.lines.length}
          selectable={false}
          headings={
            showProgress ? [PRODUCT, QUANTITY, UNIT_COST, { title: "Received" }, total, REMOVE] : [PRODUCT, QUANTITY, UNIT_COST, total, REMOVE]
          }
        >
          {order.lines.map((line, index) => (
            <LineRow
              key={line.id}
              line={line}
              position={index}
              edit={edits.editable ? edits.of(line) : null}
              disabled={holding}
              showProgress={showProgress}
              onRemove={onRemove && line.received + line.rejected + line.cancelled === 0 ? () => onRemove(line.id) : undefined}
            />
          ))}
        </IndexTable>
      </Card>
      {edits.editable ? <UnsavedChanges dirty={edits.dirty} saving={holding} onSave={edits.save} onDiscard={edits.discard} /> : null}
    </div>
  );
}

interface LineEdit {
  ordered: string;
  unitCost: string;
  errors: FieldErrors;
  change(field: "ordered" | "unitCost", value: string): void;
  /** Enter in a field: saves every change, as the save bar's Save does. */
  save(): void;
}

/**
 * Quantities and costs edited in place, as on Shopify's own pages: what is typed is held until the
 * save bar's Save (or Enter in a field), which saves every changed line (`update_lines`); Discard
 * puts them back; while anything is unsaved, leaving the page asks first.
 */
function useLineEdits(order: Pick<OrderView, "id" | "version" | "lines">, editable: boolean) {
  const save = useFetcher<typeof linesAction>();
  const [typed, setTyped] = useState<Record<string, { ordered?: string; unitCost?: string }>>({});
  // The order as the edits were typed on it: they are saved against its version, so a change made by
  // someone else since to a line they edit (shown by a reload meanwhile) is refused rather than
  // overwritten. A change that left those lines as they were (a line added, a payment) does not
  // stand in their way: they are saved against the order as it is now.
  const [editedOn, setEditedOn] = useState<Pick<OrderView, "version" | "lines"> | null>(null);
  // Saved, or partly saved before a refusal: the toast says so.
  useResultToast(save.data, (result) => (result.ok || result.changed ? result.message : null));
  const refusal = save.state === "idle" && save.data && !save.data.ok ? save.data : null;
  const errors = useErrorsUntilChanged(refusal?.fieldErrors ?? NO_ERRORS);
  useEffect(() => {
    if (save.state !== "idle" || !save.data) return;
    // Saved: what was typed is what the page now shows. Refused: it stays, beside its error; what
    // was saved before the refusal is on the reloaded page, and the rest is saved against that.
    if (save.data.ok) setTyped({});
    if (save.data.ok || save.data.changed) setEditedOn(null);
  }, [save.state, save.data]);
  const changes = order.lines.flatMap((line) => {
    const entry = typed[line.id];
    const ordered = entry?.ordered?.trim();
    const unitCost = entry?.unitCost?.trim();
    const fields = {
      ...(ordered !== undefined && ordered !== String(line.ordered) ? { [`ordered.${line.id}`]: ordered } : {}),
      ...(unitCost !== undefined && unitCost !== line.unitCost ? { [`unitCost.${line.id}`]: unitCost } : {}),
    };
    return Object.keys(fields).length > 0 ? [fields] : [];
  });
  const saving = save.state !== "idle";
  const submit = () => {
    if (changes.length === 0 || saving) return;
    const version = editedOn && editedLinesChanged(editedOn.lines, order.lines, Object.keys(typed)) ? editedOn.version : order.version;
    save.submit(Object.assign({ intent: "update_lines", version: String(version) }, ...changes), {
      method: "post",
      action: `/app/purchase-orders/${order.id}/lines`,
    });
  };
  const fieldError = (field: string) => (errors.shown[field] ? { [field.split(".")[0]!]: errors.shown[field] } : {});
  return {
    editable,
    dirty: changes.length > 0,
    saving,
    save: submit,
    discard: () => {
      setTyped({});
      setEditedOn(null);
      errors.dismiss();
    },
    of: (line: LineView): LineEdit => ({
      ordered: typed[line.id]?.ordered ?? String(line.ordered),
      unitCost: typed[line.id]?.unitCost ?? line.unitCost,
      errors: { ...fieldError(`ordered.${line.id}`), ...fieldError(`unitCost.${line.id}`) },
      change: (field, value) => {
        if (editedOn === null && changes.length === 0) setEditedOn({ version: order.version, lines: order.lines });
        errors.changed(`${field}.${line.id}`);
        setTyped((current) => ({ ...current, [line.id]: { ...current[line.id], [field]: value } }));
      },
      save: submit,
    }),
  };
}

/**
 * Whether a line edited in place was changed (or removed) since the edits were typed on it: its
 * numbers, or what was confirmed or booked on it. A line the order did not have then was added
 * since, and shown before it was typed on.
 */
function editedLinesChanged(typedOn: readonly LineView[], now: readonly LineView[], edited: readonly string[]): boolean {
  return edited.some((lineId) => {
    const before = typedOn.find((line) => line.id === lineId);
    const after = now.find((line) => line.id === lineId);
    if (!before) return false;
    if (!after) return true;
    return (["ordered", "unitCost", "confirmed", "received", "rejected", "cancelled"] as const).some((field) => before[field] !== after[field]);
  });
}

function LineRow({
  line,
  position,
  edit,
  disabled,
  showProgress,
  onRemove,
}: {
  line: LineView;
  position: number;
  /** Null: the lifecycle does not allow changing the line now. */
  edit: LineEdit | null;
  disabled: boolean;
  showProgress: boolean;
  onRemove?: () => void;
}) {
  const onEnter = (event: React.KeyboardEvent) => {
    if (event.key === "Enter") {
      event.preventDefault();
      edit?.save();
    }
  };
  const expected = line.confirmed ?? line.ordered;
  const details = [
    line.confirmed !== null && line.confirmed !== line.ordered ? `${line.confirmed} confirmed` : null,
    line.rejected > 0 ? `${line.rejected} rejected` : null,
    line.cancelled > 0 ? `${line.cancelled} cancelled` : null,
  ].filter(Boolean);
  return (
    <IndexTable.Row id={line.id} position={position}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Text as="span" fontWeight="medium">
              {line.title}
            </Text>
            {/* Brought by a delivery, not ordered: the merchant sees what the supplier added. */}
            {line.notOrdered ? <Badge tone="attention">Not ordered</Badge> : null}
            {line.variantDeleted ? <Badge tone="critical">Deleted in Shopify</Badge> : null}
            {/* Its Shopify vendor is another supplier's: allowed on this order, worth a look. */}
            {line.otherSupplier ? <Badge tone="warning">{`${line.otherSupplier}'s product`}</Badge> : null}
            {line.custom ? <Badge>Custom</Badge> : null}
          </InlineStack>
          <Text as="span" tone="subdued" variant="bodySm">
            {line.sku ?? "No SKU"}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      {edit ? (
        <>
          <EditableNumberCell
            label={`Quantity for ${line.title}`}
            value={edit.ordered}
            onChange={(value) => edit.change("ordered", value)}
            onKeyDown={onEnter}
            width="4.5rem"
            inputMode="numeric"
            disabled={disabled}
            error={edit.errors.ordered}
          />
          <EditableNumberCell
            label={`Unit cost for ${line.title}`}
            value={edit.unitCost}
            onChange={(value) => edit.change("unitCost", value)}
            onKeyDown={onEnter}
            width="5.5rem"
            inputMode="decimal"
            disabled={disabled}
            error={edit.errors.unitCost}
          />
        </>
      ) : (
        <>
          <NumericCell>{line.ordered}</NumericCell>
          <NumericCell>{exactAmountText(line.unitCost)}</NumericCell>
        </>
      )}
      {showProgress ? (
        <IndexTable.Cell>
          <BlockStack gap="0">
            <span data-line-progress data-line-id={line.id}>
              <Text as="span" variant="bodySm" tone={line.received >= expected && expected > 0 ? "success" : undefined}>
                {`${line.received} of ${expected}`}
              </Text>
            </span>
            {details.length > 0 ? (
              <Text as="span" tone="subdued" variant="bodySm">
                {details.join(" · ")}
              </Text>
            ) : null}
          </BlockStack>
        </IndexTable.Cell>
      ) : null}
      <NumericCell>{totalAsTyped(line, edit)}</NumericCell>
      <IndexTable.Cell>
        {onRemove ? <Button variant="tertiary" icon={DeleteIcon} onClick={onRemove} accessibilityLabel={`Remove ${line.title}`} /> : null}
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

/**
 * The line's total as typed, before it is saved: what the totals will count (its owed quantity at
 * the typed cost, lineCost); a dash while a typed number is not one. Saved, it is the server's.
 */
function totalAsTyped(line: LineView, edit: LineEdit | null): string {
  if (!edit || (edit.ordered === String(line.ordered) && edit.unitCost === line.unitCost)) return line.total;
  // A quantity is 1 or more (what update_line takes).
  const ordered = /^[1-9]\d*$/.test(edit.ordered.trim()) ? Number(edit.ordered.trim()) : null;
  const unitCost = parseMoney(edit.unitCost);
  if (ordered === null || !unitCost) return "—";
  return lineCost({ ...line, ordered, unitCost: unitCost.toFixed(), discount: 0 }).toFixed(2);
}

/** A line's number edited in place (quantity, unit cost): saved from the save bar, or on Enter. */
function EditableNumberCell(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  onKeyDown: (event: React.KeyboardEvent) => void;
  width: string;
  inputMode: "numeric" | "decimal";
  disabled: boolean;
  error: string | undefined;
}) {
  return (
    <IndexTable.Cell>
      <div style={{ width: props.width, marginLeft: "auto" }} onKeyDown={props.onKeyDown}>
        <TextField
          label={props.label}
          labelHidden
          value={props.value}
          onChange={props.onChange}
          autoComplete="off"
          inputMode={props.inputMode}
          align="right"
          size="slim"
          disabled={props.disabled}
          error={props.error}
        />
      </div>
    </IndexTable.Cell>
  );
}

/**
 * Adding lines: Shopify's product picker (App Bridge), a SKU or barcode (or the supplier's code),
 * or a custom line. Each posts to the page's action (`intent=add_line`).
 */
function AddLines({ orderId, version, customLines, errors }: { orderId: string; version: number; customLines: number; errors: FieldErrors }) {
  const shopify = useAppBridge();
  const picked = useFetcher<typeof linesAction>();
  const [custom, setCustom] = useState(false);
  const [code, setCode] = useState("");
  useResultToast(picked.data, (result) => (result.ok ? result.message : null));
  const pickProducts = async () => {
    const selection = await shopify.resourcePicker({ type: "product", multiple: true, filter: { variants: true } });
    const variantIds = (selection ?? []).flatMap((product) => product.variants.flatMap((variant) => (variant.id ? [variant.id] : [])));
    if (variantIds.length === 0) return;
    const form = new FormData();
    form.set("intent", "add_products");
    for (const variantId of variantIds) form.append("variantId", variantId);
    picked.submit(form, { method: "post", action: `/app/purchase-orders/${orderId}/lines` });
  };
  const pickRefusal = picked.state === "idle" && picked.data && !picked.data.ok ? picked.data : null;
  return (
    <Box paddingInline="300" paddingBlockEnd="300">
      <BlockStack gap="200">
        <Form method="post" onSubmit={() => setCode("")}>
          <input type="hidden" name="intent" value="add_line" />
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="ordered" value="1" />
          <InlineStack gap="200" blockAlign="start" wrap={false}>
            <Button onClick={() => void pickProducts()} loading={picked.state !== "idle"}>
              Add products
            </Button>
            <div style={{ flex: 1 }}>
              <TextField
                id={ORDER_FIELDS.addLine}
                label="Add by SKU or barcode"
                labelHidden
                name="sku"
                value={code}
                onChange={setCode}
                placeholder="Scan or type a SKU or barcode, then Enter"
                autoComplete="off"
                error={errors["line.sku"] ?? errors["line.variantId"] ?? errors["line.unitCost"] ?? errors["line.ordered"] ?? pickRefusal?.message}
                connectedRight={<Button submit>Add</Button>}
              />
            </div>
            <Button variant="plain" onClick={() => setCustom((current) => !current)}>
              Custom line
            </Button>
          </InlineStack>
        </Form>
        {/* Starts blank once a custom line is added (not on other saves: what is typed here stays). */}
        {custom ? <CustomLineForm key={`custom-${customLines}`} version={version} errors={errors} onDiscard={() => setCustom(false)} /> : null}
      </BlockStack>
    </Box>
  );
}

/**
 * A line that is not a Shopify product (freight, a sample): a description, a quantity, a cost.
 * Typed, it shows the save bar (Save adds the line); it starts blank once a custom line is added.
 */
function CustomLineForm({ version, errors, onDiscard }: { version: number; errors: FieldErrors; onDiscard: () => void }) {
  const [title, setTitle] = useState("");
  const [ordered, setOrdered] = useState("1");
  const [unitCost, setUnitCost] = useState("");
  const form = useRef<HTMLFormElement>(null);
  const typed = title.trim() !== "" || unitCost.trim() !== "" || ordered.trim() !== "1";
  return (
    <Form method="post" ref={form}>
      <UnsavedChanges dirty={typed} onSave={() => form.current?.requestSubmit()} onDiscard={onDiscard} />
      <input type="hidden" name="intent" value="add_line" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="lineType" value="custom" />
      <InlineStack gap="200" blockAlign="start" wrap={false}>
        <div style={{ flex: 2 }}>
          <TextField label="Description" name="title" value={title} onChange={setTitle} autoComplete="off" error={errors["line.productTitle"]} />
        </div>
        <div style={{ flex: 1 }}>
          <TextField
            label="Quantity"
            name="ordered"
            value={ordered}
            onChange={setOrdered}
            autoComplete="off"
            inputMode="numeric"
            error={errors["line.ordered"]}
          />
        </div>
        <div style={{ flex: 1 }}>
          <TextField label="Unit cost" name="unitCost" value={unitCost} onChange={setUnitCost} autoComplete="off" error={errors["line.unitCost"]} />
        </div>
        <div style={{ alignSelf: "flex-end" }}>
          <Button submit>Add line</Button>
        </div>
      </InlineStack>
    </Form>
  );
}
