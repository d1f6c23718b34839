import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useConfirm, useToast } from "~/components/ActionFeedback";
import { ChangeSummary } from "~/components/ChangeSummary";
import { ReceivingLines } from "~/components/receiving/ReceivingLines";
import { RefusalBanner } from "~/components/Refusal";
import {
  findLine,
  outcomeOf,
  payloadKey,
  receiveAllRemaining,
  reject,
  removeLine,
  scan,
  addVariant,
  setQuantity,
  setReason,
  setUnitPrice,
  toPayload,
  totals,
  variantKey,
  type ReceivingLine,
} from "~/components/receiving/receiving-state";
import { ScanField, type ScanOutcome } from "~/components/receiving/ScanField";
import prisma from "~/db.server";
import { deliveriesRefusal } from "~/domain/delivery";
import { renameLineErrors, ValidationError, type FieldErrors } from "~/domain/errors";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { supplierCatalogue } from "~/services/catalogue.server";
import {
  cancelDelivery,
  createDelivery,
  listDeliveries,
  previewDelivery,
  saveDeliveryDraft,
  submitDelivery,
} from "~/services/deliveries.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { variantForCode } from "~/services/purchase-order-lines.server";
import fileStorage from "~/services/storage/default-storage.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { loadOr404 } from "../app.purchase-orders.$id/card-result.server";

import { DeliveryFilesCard } from "./DeliveryFilesCard";
import { initialLines, lineTitle, parseDraftPayload, type DraftPayload } from "./receiving.server";

// The receiving screen: count a delivery at the dock (scanner or by hand), save it as a draft,
// and submit it once sure. Counting happens in the browser; the draft is saved as one payload.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(prisma, shopDomain, params.id ?? ""));
  // Order lines do not keep barcodes: Shopify has them, per variant.
  const [supplier, deliveries, variants, locations] = await Promise.all([
    prisma.supplier.findUniqueOrThrow({ where: { id: order.header.supplierId }, select: { name: true } }),
    listDeliveries(prisma, shopDomain, order.id),
    gateway.variantsByIds(order.lines.flatMap((line) => (line.variantId ? [line.variantId] : []))),
    gateway.locations(),
  ]);
  const draft = deliveries.find((delivery) => delivery.status === "draft") ?? null;
  return json({
    order: { id: order.id, name: purchaseOrderName(order.number), supplierName: supplier.name },
    refusal: deliveriesRefusal(order)?.message ?? null,
    locationNames: Object.fromEntries(locations.map((location) => [location.id, location.name])),
    lines: initialLines(order, variants, draft),
    draft: draft
      ? { id: draft.id, number: draft.number, note: draft.note ?? "", deliveredAt: draft.deliveredAt?.slice(0, 10) ?? "", files: draft.files }
      : null,
  });
}

export type ActionData =
  | { kind: "saved"; intent: "save" }
  | { kind: "review"; preview: Awaited<ReturnType<typeof previewDelivery>> }
  | { kind: "found"; variant: { id: string; title: string; sku: string | null; barcode: string | null } }
  | { kind: "invalid"; refusal: ScreenRefusal }
  | { kind: "refused"; refusal: ScreenRefusal }
  /** Submitted or cancelled: back to the order, saying so. */
  | { kind: "left"; message: string; to: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["save", "review", "submit", "cancel", "lookup"]);
  const orderUrl = `/app/purchase-orders/${orderId}`;
  let payload: DraftPayload | undefined;
  try {
    const openDraft = async () => (await listDeliveries(prisma, shopDomain, orderId)).find((delivery) => delivery.status === "draft");
    // Saving opens the order's draft on first use: the screen never holds an empty draft.
    const save = async (draftPayload: DraftPayload) => {
      const draft = (await openDraft()) ?? (await createDelivery(prisma, shopDomain, actor, orderId));
      return saveDeliveryDraft({ db: prisma, gateway }, shopDomain, actor, draft.id, draftPayload);
    };
    switch (intent) {
      case "save":
        payload = parseDraftPayload(form.get("draft"));
        await save(payload);
        return json<ActionData>({ kind: "saved", intent: "save" });
      case "review": {
        payload = parseDraftPayload(form.get("draft"));
        const draft = await save(payload);
        return json<ActionData>({ kind: "review", preview: await previewDelivery({ db: prisma }, shopDomain, draft.id) });
      }
      case "submit": {
        const draft = await openDraft();
        if (!draft) throw new ValidationError({ draft: "This order has no open delivery draft: save the count first." });
        const deliveredAt = String(form.get("deliveredAt") ?? "").trim() || null;
        await submitDelivery({ db: prisma, gateway }, shopDomain, actor, draft.id, { deliveredAt });
        return json<ActionData>({ kind: "left", message: `Delivery #${draft.number} submitted and booked on the order`, to: orderUrl });
      }
      case "cancel": {
        const draft = await openDraft();
        if (draft) await cancelDelivery({ db: prisma, storage: fileStorage }, shopDomain, actor, draft.id);
        return json<ActionData>({ kind: "left", message: draft ? `Draft delivery #${draft.number} cancelled: nothing was booked` : "There was no draft to cancel", to: orderUrl });
      }
      case "lookup": {
        const code = String(form.get("code") ?? "").trim();
        const order = await loadOrderState(prisma, shopDomain, orderId);
        const variant = code ? await variantForCode(gateway, await supplierCatalogue(prisma, order.header.supplierId), code) : null;
        if (!variant) throw new ValidationError({ lookup: `Shopify has no variant with the SKU or barcode "${code}" in this shop.` });
        return json<ActionData>({
          kind: "found",
          variant: { id: variant.id, title: lineTitle(variant.productTitle, variant.title), sku: variant.sku, barcode: variant.barcode },
        });
      }
    }
  } catch (error) {
    const refusal = screenRefusal(error instanceof ValidationError ? new ValidationError(byLineKey(error.fieldErrors, payload)) : error);
    if (!refusal) throw error;
    return json<ActionData>({ kind: error instanceof ValidationError ? "invalid" : "refused", refusal }, { status: refusal.status });
  }
}

/** The service names lines by their place in the payload (`lines.3.quantityDelivered`); the screen by key. */
function byLineKey(errors: FieldErrors, payload: DraftPayload | undefined): FieldErrors {
  return renameLineErrors(errors, (index, field) => {
    const line = payload?.lines[index];
    return line && `${payloadKey(line)}.${field}`;
  });
}

const HIGHLIGHT_MS = 1500;

export default function ReceiveDelivery() {
  const { order, refusal, lines: loaded, draft, locationNames } = useLoaderData<typeof loader>();
  const saving = useFetcher<typeof action>();
  const confirm = useConfirm();
  const toast = useToast();
  const navigate = useNavigate();
  const lookup = useFetcher<typeof action>();
  const [lines, setLines] = useState<ReceivingLine[]>(loaded);
  const [note, setNote] = useState(draft?.note ?? "");
  const [deliveredAt, setDeliveredAt] = useState(draft?.deliveredAt ?? "");
  const [last, setLast] = useState<ScanOutcome | null>(null);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout>>();
  const sequence = useRef(0);

  const snapshot = useMemo(() => JSON.stringify({ lines: toPayload(lines), note, deliveredAt }), [lines, note, deliveredAt]);
  const [savedSnapshot, setSavedSnapshot] = useState(() =>
    draft ? JSON.stringify({ lines: toPayload(loaded), note: draft.note, deliveredAt: draft.deliveredAt }) : null,
  );
  const sentSnapshot = useRef<string | null>(null);
  const result = saving.data;
  useEffect(() => {
    if (saving.state === "idle" && (result?.kind === "saved" || result?.kind === "review")) setSavedSnapshot(sentSnapshot.current);
  }, [saving.state, result]);
  const dirty = snapshot !== savedSnapshot;
  const busy = saving.state !== "idle";
  // The summary describes what was saved; any change since makes it stale, so it is withdrawn.
  const preview = result?.kind === "review" && !dirty ? result.preview : null;
  const errors = result?.kind === "invalid" ? result.refusal.fieldErrors : {};
  useEffect(() => {
    if (result?.kind !== "left") return;
    toast(result.message);
    navigate(result.to);
  }, [result, toast, navigate]);

  const counted = useCallback((key: string, next: ReceivingLine[], code: string) => {
    const line = next.find((candidate) => candidate.key === key)!;
    sequence.current += 1;
    const returned = outcomeOf(line.reason) === "returned";
    setLast({ kind: "counted", sequence: sequence.current, code, title: line.title, count: returned ? line.returned : line.delivered, expected: line.expected, returned });
    setHighlighted(key);
    clearTimeout(highlightTimer.current);
    highlightTimer.current = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
  }, []);
  useEffect(() => () => clearTimeout(highlightTimer.current), []);

  const onScan = (code: string) => {
    const line = findLine(lines, code);
    if (!line) {
      sequence.current += 1;
      setLast({ kind: "unknown", sequence: sequence.current, code });
      return;
    }
    const next = scan(lines, line);
    setLines(next.lines);
    counted(next.key, next.lines, line.sku ?? code);
  };

  // A variant found in Shopify joins the count as a line the order does not have.
  const found = lookup.data?.kind === "found" ? lookup.data.variant : null;
  const handledLookup = useRef<typeof found>(null);
  useEffect(() => {
    if (!found || handledLookup.current === found) return;
    handledLookup.current = found;
    const next = addVariant(lines, found);
    setLines(next);
    counted(variantKey(found.id), next, found.sku ?? found.barcode ?? found.title);
  }, [found, lines, counted]);
  const lookupError = lookup.data?.kind === "invalid" ? lookup.data.refusal.fieldErrors.lookup : undefined;

  const send = (intent: "save" | "review") => {
    sentSnapshot.current = snapshot;
    saving.submit({ intent, draft: JSON.stringify({ lines: toPayload(lines), note: note || null, deliveredAt: deliveredAt || null }) }, { method: "post" });
  };
  const sum = totals(lines);

  return (
    <Page
      title={`Receive ${order.name}`}
      titleMetadata={draft ? <Badge tone="info">{`Draft delivery #${draft.number}`}</Badge> : <Badge>New delivery</Badge>}
      subtitle={order.supplierName}
      backAction={{ content: order.name, url: `/app/purchase-orders/${order.id}` }}
      primaryAction={{ content: "Save draft", onAction: () => send("save"), loading: busy && saving.formData?.get("intent") === "save", disabled: busy || (!dirty && draft !== null) || (refusal !== null && draft === null) }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {refusal ? (
              <Banner tone="warning" title="This order does not take deliveries now">
                <p>{refusal}</p>
              </Banner>
            ) : null}
            <Outcome result={result} dirty={dirty} hasDraft={draft !== null} />
            <Card>
              <ScanField onScan={onScan} last={last} onLookUp={(code) => lookup.submit({ intent: "lookup", code }, { method: "post" })} lookingUp={lookup.state !== "idle"} />
              {lookupError ? (
                <Box paddingBlockStart="200">
                  <Banner tone="critical">
                    <p>{lookupError}</p>
                  </Banner>
                </Box>
              ) : null}
            </Card>
            <Card padding="0">
              <BlockStack gap="0">
                <Box padding="400" paddingBlockEnd="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <BlockStack gap="050">
                      <Text as="h2" variant="headingMd">
                        Lines
                      </Text>
                      <Text as="p" tone="subdued">
                        {`${sum.delivered} delivered of ${sum.expected} expected${sum.returned > 0 ? ` · ${sum.returned} returned` : ""}`}
                      </Text>
                    </BlockStack>
                    <Button onClick={() => setLines(receiveAllRemaining)}>Receive all remaining</Button>
                  </InlineStack>
                </Box>
                <ReceivingLines
                  lines={lines}
                  highlighted={highlighted}
                  errors={errors}
                  handlers={{
                    onQuantity: (key, field, value) => setLines((current) => setQuantity(current, key, field, value)),
                    onReason: (key, reason) => setLines((current) => setReason(current, key, reason)),
                    onPrice: (key, price) => setLines((current) => setUnitPrice(current, key, price)),
                    onReject: (key) => setLines((current) => reject(current, key)),
                    onRemove: (key) => setLines((current) => removeLine(current, key)),
                  }}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Delivery
                </Text>
                <TextField
                  label="Delivery date"
                  type="date"
                  value={deliveredAt}
                  onChange={setDeliveredAt}
                  autoComplete="off"
                  helpText="Optional: the day the goods arrived."
                  error={errors.deliveredAt}
                />
                <TextField label="Note" value={note} onChange={setNote} autoComplete="off" multiline={3} error={errors.note} />
              </BlockStack>
            </Card>
            <DeliveryFilesCard orderId={order.id} draft={draft} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Submit
                </Text>
                {preview ? (
                  <ChangeSummary
                    preview={preview}
                    heading="What submitting changes"
                    locationNames={locationNames}
                    note={
                      preview.autoSyncOnReceive ? null : (
                        <Text as="p" tone="subdued" variant="bodySm">
                          Auto-sync on receiving is off: on hand changes when the order is synced to Shopify or completed.
                        </Text>
                      )
                    }
                  />
                ) : (
                  <Text as="p" tone="subdued">
                    Submitting books the delivery on the order. First you see what it will change in Shopify.
                  </Text>
                )}
                <InlineStack gap="200" align="end">
                  {draft ? (
                    <Button
                      tone="critical"
                      variant="plain"
                      disabled={busy}
                      onClick={() =>
                        confirm({
                          title: `Cancel draft delivery #${draft.number}?`,
                          body: (
                            <Text as="p">
                              The count saved in this draft{draft.files.length > 0 ? ` and its ${draft.files.length} file${draft.files.length === 1 ? "" : "s"}` : ""} are deleted. Nothing was booked on the order and Shopify is not changed.
                            </Text>
                          ),
                          confirmLabel: "Cancel draft",
                          destructive: true,
                          onConfirm: () => saving.submit({ intent: "cancel" }, { method: "post" }),
                        })
                      }
                    >
                      Cancel draft
                    </Button>
                  ) : null}
                  {preview ? (
                    <Button
                      variant="primary"
                      onClick={() => saving.submit({ intent: "submit", deliveredAt }, { method: "post" })}
                      loading={busy}
                      disabled={refusal !== null}
                    >
                      Confirm and submit
                    </Button>
                  ) : (
                    <Button variant="primary" onClick={() => send("review")} loading={busy && saving.formData?.get("intent") === "review"} disabled={busy || refusal !== null}>
                      Review and submit
                    </Button>
                  )}
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Outcome({ result, dirty, hasDraft }: { result: ActionData | undefined; dirty: boolean; hasDraft: boolean }) {
  if (result?.kind === "refused") return <RefusalBanner refusal={result.refusal} />;
  if (result?.kind === "invalid") {
    // Line errors show on their lines; the rest (the draft as a whole) here.
    const general = Object.entries(result.refusal.fieldErrors).filter(([field]) => !field.includes("."));
    return <RefusalBanner refusal={{ ...result.refusal, message: "Fix the lines marked below." }} details={general.map(([, message]) => message)} />;
  }
  if (dirty && hasDraft) return <Banner tone="info">Unsaved changes: save the draft to keep them.</Banner>;
  if (result?.kind === "saved" && !dirty) return <Banner tone="success">Draft saved. You can come back to it later.</Banner>;
  return null;
}
