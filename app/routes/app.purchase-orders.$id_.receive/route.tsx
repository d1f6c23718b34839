import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useBlocker, useFetcher, useLoaderData, useNavigate, type ShouldRevalidateFunctionArgs } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { useConfirm, useToast } from "~/components/ActionFeedback";
import { ChangeSummary } from "~/components/ChangeSummary";
import { ReceivingLines } from "~/components/receiving/ReceivingLines";
import { RefusalBanner } from "~/components/Refusal";
import {
  addVariant,
  deliveredOf,
  findLine,
  outcomeOf,
  payloadKeys,
  receiveAllRemaining,
  reject,
  removeLine,
  removePart,
  returnedOf,
  scan,
  setQuantity,
  setReason,
  setUnitPrice,
  splitOff,
  toPayload,
  totals,
  variantKey,
  type ReceivingLine,
} from "~/components/receiving/receiving-state";
import { ScanField, type ScanOutcome } from "~/components/receiving/ScanField";
import { deliveriesRefusal } from "~/domain/delivery";
import { renameFieldErrors, snakeCaseFieldPath, ValidationError, type FieldErrors } from "~/domain/errors";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import { purchaseOrderName } from "~/domain/purchase-order/status";
import { supplierCatalogue } from "~/services/catalogue.server";
import { cancelDelivery, findDraftDelivery, listDeliveries, openDraftDelivery, previewDelivery, submitDelivery } from "~/services/deliveries.server";
import { shopLocations } from "~/services/locations.server";
import { updateDeliveryFromRequest } from "~/api/operations/deliveries";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { variantForCode } from "~/services/purchase-order-lines.server";
import fileStorage from "~/services/storage/default-storage.server";
import { supplierContact } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

import { loadOr404 } from "../app.purchase-orders.$id/card-result.server";

import { DeliveryFilesCard } from "./DeliveryFilesCard";
import { initialLines, lineTitle, parseDraftPayload } from "./receiving.server";

// The receiving screen: count a delivery at the dock (scanner or by hand), split a line's units
// across intake reasons, and submit once sure. Counting happens in the browser; the counts are
// saved to the delivery's draft as they come (one payload, the delivery API's update request).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(db, shopDomain, params.id ?? ""));
  // Order lines do not keep barcodes: Shopify has them, per variant.
  const [supplier, deliveries, variants, locations] = await Promise.all([
    supplierContact(db, order.header.supplierId),
    listDeliveries(db, shopDomain, order.id),
    gateway.variantsByIds(order.lines.flatMap((line) => (line.variantId ? [line.variantId] : []))),
    shopLocations({ db, gateway }, shopDomain),
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
  /** `created`: this save opened the order's draft (the page reloads its data to show it). */
  | { kind: "saved"; created: boolean }
  | { kind: "review"; preview: Awaited<ReturnType<typeof previewDelivery>> }
  | { kind: "found"; variant: { id: string; title: string; sku: string | null; barcode: string | null } }
  /** `saved`: the count was saved to the draft before the refusal (a refused review keeps the count). */
  | { kind: "invalid"; refusal: ScreenRefusal; saved: boolean }
  | { kind: "refused"; refusal: ScreenRefusal; saved: boolean }
  /** Submitted or cancelled: back to the order, saying so. */
  | { kind: "left"; message: string; to: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ["save", "review", "submit", "cancel", "lookup"]);
  const orderUrl = `/app/purchase-orders/${orderId}`;
  let saved = false;
  try {
    const openDraft = async () => (await findDraftDelivery(db, shopDomain, orderId)) ?? undefined;
    // Saving opens the order's draft on first use: the screen never holds an empty draft. The
    // draft is the delivery API's update request, saved as the API saves it.
    const save = async () => {
      const body = parseDraftPayload(form.get("draft"));
      const draft = await openDraftDelivery(db, shopDomain, actor, orderId);
      const ids = { orderId, deliveryId: draft.id };
      await updateDeliveryFromRequest({ db, gateway: async () => gateway }, shopDomain, actor, ids, body);
      saved = true;
      return { draft, created: draft.created };
    };
    switch (intent) {
      case "save":
        return json<ActionData>({ kind: "saved", created: (await save()).created });
      case "review": {
        const { draft } = await save();
        return json<ActionData>({ kind: "review", preview: await previewDelivery({ db: db }, shopDomain, draft.id) });
      }
      case "submit": {
        const draft = await openDraft();
        if (!draft) throw new ValidationError({ draft: "This order has no open delivery draft: save the count first." });
        const deliveredAt = String(form.get("deliveredAt") ?? "").trim() || null;
        await submitDelivery({ db, gateway }, shopDomain, actor, draft.id, { deliveredAt });
        return json<ActionData>({ kind: "left", message: `Delivery #${draft.number} submitted and booked on the order`, to: orderUrl });
      }
      case "cancel": {
        const draft = await openDraft();
        if (draft) await cancelDelivery({ db, storage: fileStorage }, shopDomain, actor, draft.id);
        return json<ActionData>({
          kind: "left",
          message: draft ? `Draft delivery #${draft.number} cancelled: nothing was booked` : "There was no draft to cancel",
          to: orderUrl,
        });
      }
      case "lookup": {
        const code = String(form.get("code") ?? "").trim();
        const order = await loadOrderState(db, shopDomain, orderId);
        const variant = code ? await variantForCode(gateway, await supplierCatalogue(db, order.header.supplierId), code) : null;
        if (!variant) throw new ValidationError({ lookup: `Shopify has no variant with the SKU or barcode "${code}" in this shop.` });
        return json<ActionData>({
          kind: "found",
          variant: { id: variant.id, title: lineTitle(variant.productTitle, variant.title), sku: variant.sku, barcode: variant.barcode },
        });
      }
    }
  } catch (error) {
    // Fields are named as the delivery API names them (`lines.0.splits.1.quantity`): one schema, one set of names.
    const refusal = screenRefusal(error instanceof ValidationError ? renameFieldErrors(error, snakeCaseFieldPath) : error);
    if (!refusal) throw error;
    const told = saved ? { ...refusal, title: "Nothing was booked: the count is saved in the draft" } : refusal;
    return json<ActionData>({ kind: error instanceof ValidationError ? "invalid" : "refused", refusal: told, saved }, { status: refusal.status });
  }
}

/**
 * A save changes only the draft's counts, which the screen already shows: the loader (which asks
 * Shopify for barcodes) runs again only when the save opened the draft, or after anything else.
 * A submit or cancel leaves the screen for the order's page: loading the screen again would read
 * the order (and ask Shopify) for a page about to go.
 * (A look-up revalidates too: skipping it could cancel a revalidation another action asked for.)
 */
export function shouldRevalidate({ formData, actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  const result = actionResult as ActionData | undefined;
  if (formData?.get("intent") === "save" && result?.kind === "saved" && !result.created) return false;
  if (result?.kind === "left") return false;
  return defaultShouldRevalidate;
}

/** The server's line errors (`lines.N.field`, N the place in the payload sent) as the screen names lines: `<key>.field`. */
function byLineKey(errors: FieldErrors, keys: readonly string[]): FieldErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => {
      const match = /^lines\.(\d+)\.(.+)$/.exec(field);
      const key = match ? keys[Number(match[1])] : undefined;
      return [key ? `${key}.${match![2]}` : field, message];
    }),
  );
}

/** What the screen asks of its action: the count's save and review carry the draft as it is when sent. */
type Intent = { intent: "save" } | { intent: "review" } | { intent: "cancel" } | { intent: "submit"; deliveredAt: string };

const HIGHLIGHT_MS = 1500;
/** Counts are saved this long after the last change: a burst of scans is one write. */
const AUTOSAVE_MS = 600;

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

  // The draft as the delivery API's update request; what was last saved, sent and refused of it.
  const draftRequest = (of: readonly ReceivingLine[], noteText: string, day: string) =>
    JSON.stringify({ lines: toPayload(of), note: noteText || null, delivered_at: day || null });
  const snapshot = useMemo(() => draftRequest(lines, note, deliveredAt), [lines, note, deliveredAt]);
  const [savedSnapshot, setSavedSnapshot] = useState(() => draftRequest(loaded, draft?.note ?? "", draft?.deliveredAt ?? ""));
  const [refusedSnapshot, setRefusedSnapshot] = useState<string | null>(null);
  const sent = useRef<{ snapshot: string; keys: string[] }>({ snapshot: savedSnapshot, keys: payloadKeys(loaded) });
  const result = saving.data;
  useEffect(() => {
    if (saving.state !== "idle" || !result) return;
    const savedNow =
      result.kind === "saved" || result.kind === "review" || ((result.kind === "invalid" || result.kind === "refused") && result.saved);
    if (savedNow) setSavedSnapshot(sent.current.snapshot);
    else if (result.kind === "invalid" || result.kind === "refused") setRefusedSnapshot(sent.current.snapshot);
  }, [saving.state, result]);
  const dirty = snapshot !== savedSnapshot;
  const busy = saving.state !== "idle";
  // The summary describes what was saved; any change since makes it stale, so it is withdrawn.
  const preview = result?.kind === "review" && !dirty ? result.preview : null;
  // The review is read where it appears, at the foot of the side column: brought into view with its confirm button.
  const submitCard = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (preview) submitCard.current?.scrollIntoView({ block: "start" });
  }, [preview]);
  const errors = result?.kind === "invalid" ? byLineKey(result.refusal.fieldErrors, sent.current.keys) : {};

  // One submission at a time. A second one would abort the first in the browser while the server
  // still runs it (a review clicked as an autosave fired was lost that way, and two saves race to
  // open the draft): what is asked while one is in flight waits for it, then goes with the count
  // as it is then. An explicit action also drops a pending autosave (it saves the count itself).
  const autosaveTimer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef(false);
  const waiting = useRef<Intent | null>(null);
  const submit = useCallback(
    (intent: Intent) => {
      clearTimeout(autosaveTimer.current);
      if (inFlight.current) {
        waiting.current = intent;
        return;
      }
      inFlight.current = true;
      if (intent.intent === "save" || intent.intent === "review") {
        sent.current = { snapshot, keys: payloadKeys(lines) };
        saving.submit({ intent: intent.intent, draft: snapshot }, { method: "post" });
      } else saving.submit(intent, { method: "post" });
    },
    [snapshot, lines, saving],
  );
  const latestSubmit = useRef(submit);
  latestSubmit.current = submit;
  useEffect(() => {
    if (saving.state !== "idle") return;
    inFlight.current = false;
    const next = waiting.current;
    waiting.current = null;
    if (next) latestSubmit.current(next);
  }, [saving.state]);
  // Counts are saved as they are scanned: once the count rests, and again after each save while
  // more came in meanwhile. A count the service refused waits for a change (it would be refused again).
  useEffect(() => {
    if (!dirty || busy || snapshot === refusedSnapshot) return;
    autosaveTimer.current = setTimeout(() => submit({ intent: "save" }), AUTOSAVE_MS);
    return () => clearTimeout(autosaveTimer.current);
  }, [dirty, busy, snapshot, refusedSnapshot, submit]);

  // Leaving with counts not saved asks first: in the app (Remix's blocker) and for the browser (reload, close).
  const leaving = useRef(false);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    const to = blocker.location;
    blocker.reset();
    confirm({
      title: "Leave with counts not saved?",
      body: (
        <Text as="p">
          {snapshot === refusedSnapshot
            ? "The last counts could not be saved to the draft: fix the lines marked in red and they are saved. If you leave now, they are lost."
            : "The last counts are still being saved to the draft. If you leave now, they may be lost."}
        </Text>
      ),
      confirmLabel: "Leave without saving",
      destructive: true,
      onConfirm: () => {
        leaving.current = true;
        navigate(`${to.pathname}${to.search}${to.hash}`);
      },
    });
  }, [blocker, confirm, navigate, snapshot, refusedSnapshot]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (result?.kind !== "left") return;
    leaving.current = true;
    toast(result.message);
    navigate(result.to);
  }, [result, toast, navigate]);

  const counted = useCallback((key: string, next: ReceivingLine[], code: string) => {
    const line = next.find((candidate) => candidate.key === key)!;
    sequence.current += 1;
    const first = line.parts[0]!;
    const returned = outcomeOf(first.reason) === "returned";
    setLast({
      kind: "counted",
      sequence: sequence.current,
      code,
      title: line.title,
      count: returned ? returnedOf(line) : deliveredOf(line),
      expected: line.expected,
      returned,
    });
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

  const sum = totals(lines);
  const savingNow = busy && saving.formData?.get("intent") === "save";

  return (
    <Page
      title={`Receive ${order.name}`}
      titleMetadata={draft ? <Badge tone="info">{`Draft delivery #${draft.number}`}</Badge> : <Badge>New delivery</Badge>}
      subtitle={order.supplierName}
      backAction={{ content: order.name, url: `/app/purchase-orders/${order.id}` }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {refusal ? (
              <Banner tone="warning" title="This order does not take deliveries now">
                <p>{refusal}</p>
              </Banner>
            ) : null}
            <Outcome result={result} />
            <Card>
              <ScanField
                onScan={onScan}
                last={last}
                onLookUp={(code) => lookup.submit({ intent: "lookup", code }, { method: "post" })}
                lookingUp={lookup.state !== "idle"}
              />
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
                    <InlineStack gap="300" blockAlign="center">
                      <SaveState dirty={dirty} saving={savingNow} refused={snapshot === refusedSnapshot} draftNumber={draft?.number ?? null} />
                      <Button onClick={() => setLines(receiveAllRemaining)}>Receive all remaining</Button>
                    </InlineStack>
                  </InlineStack>
                </Box>
                <ReceivingLines
                  lines={lines}
                  highlighted={highlighted}
                  errors={errors}
                  handlers={{
                    onQuantity: (key, index, value) => setLines((current) => setQuantity(current, key, value, index)),
                    onReason: (key, index, reason) => setLines((current) => setReason(current, key, reason, index)),
                    onSplit: (key) => setLines((current) => splitOff(current, key)),
                    onRemovePart: (key, index) => setLines((current) => removePart(current, key, index)),
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
                  error={errors.delivered_at}
                />
                <TextField label="Note" value={note} onChange={setNote} autoComplete="off" multiline={3} error={errors.note} />
              </BlockStack>
            </Card>
            <DeliveryFilesCard orderId={order.id} draft={draft} />
            <div ref={submitCard}>
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
                                The count saved in this draft
                                {draft.files.length > 0 ? ` and its ${draft.files.length} file${draft.files.length === 1 ? "" : "s"}` : ""} are
                                deleted. Nothing was booked on the order and Shopify is not changed.
                              </Text>
                            ),
                            confirmLabel: "Cancel draft",
                            destructive: true,
                            onConfirm: () => submit({ intent: "cancel" }),
                          })
                        }
                      >
                        Cancel draft
                      </Button>
                    ) : null}
                    {preview ? (
                      <Button variant="primary" onClick={() => submit({ intent: "submit", deliveredAt })} loading={busy} disabled={refusal !== null}>
                        Confirm and submit
                      </Button>
                    ) : (
                      <Button
                        variant="primary"
                        onClick={() => submit({ intent: "review" })}
                        loading={busy && saving.formData?.get("intent") === "review"}
                        disabled={busy || refusal !== null}
                      >
                        Review and submit
                      </Button>
                    )}
                  </InlineStack>
                </BlockStack>
              </Card>
            </div>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Where the count stands against the draft: saving, saved, or not saved (and why). */
function SaveState({ dirty, saving, refused, draftNumber }: { dirty: boolean; saving: boolean; refused: boolean; draftNumber: number | null }) {
  if (saving)
    return (
      <Text as="span" tone="subdued">
        Saving…
      </Text>
    );
  if (dirty && refused) return <Badge tone="critical">Not saved</Badge>;
  if (dirty)
    return (
      <Text as="span" tone="subdued">
        Unsaved
      </Text>
    );
  if (draftNumber === null) return null;
  return <Badge tone="success">{`Saved to draft #${draftNumber}`}</Badge>;
}

function Outcome({ result }: { result: ActionData | undefined }) {
  if (result?.kind === "refused") return <RefusalBanner refusal={result.refusal} />;
  if (result?.kind === "invalid") {
    // Line errors show on their lines; the rest (the draft as a whole) here.
    const general = Object.entries(result.refusal.fieldErrors).filter(([field]) => !field.startsWith("lines."));
    return <RefusalBanner refusal={{ ...result.refusal, message: "Fix the lines marked below." }} details={general.map(([, message]) => message)} />;
  }
  return null;
}
