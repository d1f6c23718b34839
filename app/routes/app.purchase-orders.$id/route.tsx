import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import {
  useActionData,
  useFetchers,
  useLoaderData,
  useNavigate,
  useNavigation,
  useRevalidator,
  useSubmit,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState, type FormEvent } from "react";

import { useDroppingEdits, UnsavedInside } from "~/components/app-bridge/UnsavedChanges";
import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { PaidBadge } from "~/components/PaidBadge";
import { focusField, RefusalBanner } from "~/components/Refusal";
import { StatusBadge } from "~/components/StatusBadge";
import { useDownload } from "~/components/download";
import { COMMANDS } from "~/commands";
import { commandDeps } from "~/commands/deps.server";
import { asFormRefusal, formVersion, parseCommandForm } from "~/commands/form";
import { deliveriesRefusal } from "~/domain/delivery";
import { emailQueuedMessage } from "~/domain/email";
import type { FieldErrors } from "~/domain/errors";
import { allowedActions, LIFECYCLE_ACTIONS, type LifecycleAction } from "~/domain/purchase-order/lifecycle";
import type { PurchaseOrderState } from "~/domain/purchase-order/order";
import { otherSupplierOf } from "~/domain/purchase-order/new-line";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { costLine, lineCost } from "~/domain/purchase-order/totals";
import { purchaseOrderName, type PurchaseOrderStatus } from "~/domain/purchase-order/status";
import { activityLabel, actorLabel, statusChangeLabel } from "~/domain/activity";
import { ORDER_FIELDS, type ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import { formIntent, readForm } from "~/http/forms.server";
import { listOrderAudit } from "~/services/audit.server";
import { creditDeliveryReturns, listDeliveries, updateDeliveryNote } from "~/services/deliveries.server";
import { listSupplierEmails } from "~/services/email/outbox.server";
import { shopLocations } from "~/services/locations.server";
import { loadOrderState } from "~/services/purchase-order-lifecycle.server";
import { cardsData, orderLocationLost } from "~/services/purchase-order-page.server";
import { supplierVendors } from "~/services/purchase-order-lines.server";
import { supplierContact } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";

import { headerActions, type HeaderAction } from "./header-actions";
import { ActionPreview } from "./ActionPreview";
import { AddressesCard } from "./AddressesCard";
import { AttachmentsCard } from "./AttachmentsCard";
import { CreditsCard } from "./CreditsCard";
import { DeliveriesCard, LabelsRow } from "./DeliveriesCard";
import { EmailsCard } from "./EmailsCard";
import { LinesCard } from "./LinesCard";
import { PaymentsCard } from "./PaymentsCard";
import { ReorganiseCard } from "./ReorganiseCard";
import { ShipmentsCard } from "./ShipmentsCard";
import { ShopifyEffectsCard } from "./ShopifyEffectsCard";
import { OrderSummaries, PanelFrame, PanelHeading, PANEL_OF_FIELD, type Panel } from "./OrderSummaries";
import { SupplierFieldsCard } from "./SupplierFieldsCard";
import { loadOr404 } from "./card-result.server";
import { ActivityCard, ConfirmCard, DetailsCard, ReceiptsCard } from "./OrderCards";

/** The whole page, in one read: the order, its lines, and every card's data (app/services/purchase-order-page.server.ts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(db, shopDomain, params.id ?? ""));
  const [supplier, audit, locations, deliveries, locationLost, suppliers, cards] = await Promise.all([
    supplierContact(db, order.header.supplierId),
    listOrderAudit(db, shopDomain, order.id),
    shopLocations({ db, gateway }, shopDomain),
    listDeliveries(db, shopDomain, order.id),
    orderLocationLost(db, order.id),
    supplierVendors(db, shopDomain),
    cardsData(db, shopDomain, order),
  ]);
  const reversed = new Set(order.bookings.flatMap((booking) => (booking.reversesId ? [booking.reversesId] : [])));
  const lines = order.lines.map((line) => ({
    id: line.id,
    title: line.variantTitle ? `${line.productTitle} — ${line.variantTitle}` : line.productTitle,
    sku: line.sku,
    custom: line.kind === "custom",
    inventoryItemId: line.kind === "variant" ? line.inventoryItemId : null,
    notOrdered: line.notOrdered,
    variantDeleted: line.variantDeletedAt !== null,
    otherSupplier: otherSupplierOf(line.vendor, order.header.supplierId, suppliers)?.name ?? null,
    unitCost: line.unitCost,
    // What the line is owed for (docs/decisions/004), as the totals count it; in the order's currency (the column says which).
    total: lineCost(costLine(line, order.bookings)).toFixed(2),
    ...lineQuantities(line, order.bookings),
  }));
  return json({
    id: order.id,
    name: purchaseOrderName(order.number),
    status: order.status,
    version: order.version,
    currencyCode: order.currencyCode,
    supplier: {
      id: supplier.id,
      name: supplier.name,
      email: supplier.email,
      ccCount: (JSON.parse(supplier.ccEmails) as unknown[]).length,
      paymentTerms: supplier.paymentTerms,
    },
    supplierName: supplier.name,
    locationName: locations.find((location) => location.id === order.header.locationId)?.name ?? null,
    locations: locations.filter((location) => location.isActive).map((location) => ({ id: location.id, name: location.name })),
    locationNames: Object.fromEntries(locations.map((location) => [location.id, location.name])),
    locationLost,
    header: {
      locationId: order.header.locationId ?? "",
      reference: order.header.reference ?? "",
      note: order.header.note ?? "",
      privateNote: order.header.privateNote ?? "",
      shippingCost: order.header.shippingCost,
      tax: order.header.tax,
    },
    dates: order.dates,
    allowed: allowedActions(order),
    completing: order.completing !== null,
    acceptsDeliveries: deliveriesRefusal(order) === null,
    deliveries: deliveries.map((delivery) => ({
      id: delivery.id,
      number: delivery.number,
      status: delivery.status,
      // When the goods came; without a delivery date, when the delivery was submitted.
      date: delivery.deliveredAt ?? delivery.submittedAt,
      delivered: delivery.lines.reduce((sum, line) => sum + line.quantityDelivered, 0),
      returned: delivery.lines.reduce((sum, line) => sum + line.quantityReturned, 0),
      credited: delivery.creditId !== null,
      note: delivery.note ?? "",
      files: delivery.files.map((file) => ({ id: file.id, fileName: file.fileName })),
    })),
    lines,
    receipts: order.bookings
      .filter((booking) => booking.kind === "receipt")
      .map((booking) => ({
        id: booking.id,
        bookedAt: booking.bookedAt.toISOString(),
        reversed: reversed.has(booking.id),
        synced: booking.syncedAt !== null,
        units: booking.lines.reduce((sum, line) => sum + line.received, 0),
      })),
    activity: audit.map((entry) => ({
      id: entry.id,
      label: activityLabel(entry.action),
      statusChange: statusChangeLabel(entry.fromStatus, entry.toStatus),
      // Why, when the entry says (a pause, a dispute, a cancellation, a completion Shopify stopped).
      reason: typeof entry.changes.reason === "string" ? entry.changes.reason : null,
      actor: actorLabel(entry.actorType, entry.actorId),
      at: entry.createdAt.toISOString(),
    })),
    ...cards,
  });
}

/**
 * Every action on the page (the order's own, and the cards' resource routes) reloads the page's one
 * loader, except a refusal that changed nothing: nothing is read again.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) => {
  if (actionResult && typeof actionResult === "object") {
    const result = actionResult as { kind?: string; ok?: boolean; changed?: boolean };
    if (result.kind === "refused") return false;
    // A refusal after part of the request was saved reloads (Remix would not: its status is 4xx).
    if (result.ok === false) return result.changed === true;
  }
  return defaultShouldRevalidate;
};

type ActionData =
  | { kind: "refused"; intent: string; refusal: ScreenRefusal }
  /** What was done, for the toast. */
  | { kind: "done"; intent: string; message: string; skippedLines: number };

/** What the merchant is told once an action is done. */
const DONE: Record<LifecycleAction, string> = {
  edit_header: "Details saved.",
  add_line: "Line added.",
  update_line: "Line saved.",
  remove_line: "Line removed.",
  send: "Marked as sent.",
  confirm_lines: "Confirmation saved.",
  confirm_all: "Every line confirmed: the order is in progress.",
  start: "Marked as shipping: the order is in progress.",
  receive: "Receipt booked.",
  close_deliveries: "Deliveries closed: what was still pending is cancelled.",
  unreceive: "Receipt un-received.",
  complete: "Order completed.",
  quick_complete: "Order completed: everything pending was received.",
  pause: "Order paused.",
  resume: "Order resumed.",
  dispute: "Order marked as disputed.",
  resolve_dispute: "Dispute resolved.",
  cancel: "Order cancelled.",
  reopen: "Order reopened.",
  delete: "Order deleted.",
  sync_to_shopify: "Receipts synced to Shopify on hand.",
  reset_sync: "Shopify sync reset: receipts are marked as not synced.",
  adjust_incoming: "Incoming correction queued.",
};

/** Complete asked while Shopify is told the unit costs (the worker then completes the order). */
const COMPLETING = "Completing: Shopify is being told the unit costs, and the order becomes Completed as soon as it has them.";

/** The order screen's forms: every lifecycle action, and two changes to a delivery. */
const ORDER_INTENTS = [...LIFECYCLE_ACTIONS, "credit_delivery_returns", "update_delivery_note"] as const;

/**
 * The order screen's posts. A lifecycle intent runs its command (app/commands): the form is read
 * into the command's own schema (the same as REST and MCP), and the command loads the order once,
 * decides, saves and answers the saved state; refusals go through screenRefusal.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway, db } = await requireAdmin(request);
  const orderId = params.id ?? "";
  const form = await readForm(request);
  const intent = formIntent(form, ORDER_INTENTS);
  const done = (message: string, skippedLines = 0) => json<ActionData>({ kind: "done", intent, message, skippedLines });
  // The order as the command loaded it: a refusal's fix may link to its supplier.
  let loaded: { number: number; supplierId: string } | undefined;
  try {
    if (intent === "credit_delivery_returns" || intent === "update_delivery_note") {
      const order = await loadOr404(() => loadOrderState(db, shopDomain, orderId));
      loaded = { number: order.number, supplierId: order.header.supplierId };
      const deliveryId = String(form.get("deliveryId") ?? "");
      if (intent === "credit_delivery_returns") {
        await creditDeliveryReturns(db, shopDomain, actor, deliveryId);
        return done("Supplier credit created for the returned goods: apply it under Supplier credits.");
      }
      await updateDeliveryNote(db, shopDomain, actor, deliveryId, String(form.get("note") ?? "") || null);
      return done("Delivery note saved.");
    }
    const command = COMMANDS[intent];
    const { input, reading } = parseCommandForm(command, form);
    const target = {
      orderId,
      expectedVersion: formVersion(form),
      onLoad: (order: PurchaseOrderState) => (loaded = { number: order.number, supplierId: order.header.supplierId }),
    };
    const result = await command.run(commandDeps(db, gateway, shopDomain, actor), target, input).catch((error: unknown) => {
      throw asFormRefusal(error, reading);
    });
    // Deleted: the list says so (this page, and its cards, would only answer 404 now).
    if (!result.order) return redirect(`/app/purchase-orders?${new URLSearchParams({ deleted: purchaseOrderName(loaded!.number) })}`);
    const messages = [
      result.audit.action === "complete_requested"
        ? COMPLETING
        : intent === "complete" && input.close_remainder === true
          ? "Order completed: what was still pending is cancelled."
          : DONE[intent],
    ];
    if (intent === "send" && input.via === "email") {
      const [email] = await listSupplierEmails(db, shopDomain, orderId);
      if (email) messages.push(emailQueuedMessage({ to: email.recipients, cc: email.cc }));
    }
    const staged = result.stagedEffects.length;
    if (staged > 0) messages.push(`${staged} Shopify update${staged === 1 ? "" : "s"} queued; the Shopify card shows when they are applied.`);
    return done(messages.join(" "), result.skippedLines.length);
  } catch (error) {
    const refusal = screenRefusal(error, { supplierId: loaded?.supplierId });
    if (!refusal) throw error;
    return json<ActionData>({ kind: "refused", intent, refusal }, { status: refusal.status });
  }
}

/** How an action asks first: what the modal says, beside the preview of what it will do. */
interface Ask {
  title: string;
  confirmLabel: string;
  intro: string;
  destructive?: boolean;
}

/**
 * The actions that ask first (docs/decisions/009): every one that cannot be undone in one step
 * or that changes Shopify's stock. Not asked: pause / resume and dispute / resolve (each undone
 * by the other, Shopify's stock untouched), and the forms whose typed values are the intent
 * (details, a new line, a confirmation); each is reported when done.
 */
function askFor(fields: Record<string, string>, status: PurchaseOrderStatus): Ask | null {
  switch (fields.intent as LifecycleAction) {
    case "send":
      return fields.via === "email"
        ? {
            title: "Send the order to the supplier?",
            confirmLabel: "Send to supplier",
            intro: "The order is marked as sent and emailed to the supplier with its PDF.",
          }
        : {
            title: "Mark the order as sent?",
            confirmLabel: "Mark as sent",
            intro: "For an order you sent to the supplier yourself: no email is sent. There is no undo.",
          };
    case "confirm_all":
      return {
        title: "Confirm every line?",
        confirmLabel: "Confirm all",
        intro: "Lines not yet confirmed are confirmed at their ordered quantity, and the order is marked as shipping. There is no undo.",
      };
    case "start":
      return {
        title: "Mark the order as shipping?",
        confirmLabel: "Start (shipping)",
        intro: "The supplier has shipped the order. There is no undo.",
      };
    case "complete":
      return fields.closeRemainder === "1"
        ? {
            title: "Complete and cancel the rest?",
            confirmLabel: "Complete and cancel the rest",
            destructive: true,
            intro: "What was not received is cancelled and the order is completed, once Shopify has the unit costs (it shows Completing until then).",
          }
        : {
            title: "Complete the order?",
            confirmLabel: "Complete",
            intro: "Unit costs are written to Shopify, then the order is completed (it shows Completing until then). Reopen brings it back.",
          };
    case "quick_complete":
      return {
        title: "Quick complete the order?",
        confirmLabel: "Quick complete",
        intro:
          "Unit costs are written to Shopify, then everything still pending is booked as received and the order is completed (it shows Completing until then).",
      };
    case "close_deliveries":
      return {
        title: "Close deliveries?",
        confirmLabel: "Close deliveries",
        destructive: true,
        intro: "Nothing more is expected from the supplier: what is still pending is cancelled. There is no undo.",
      };
    case "unreceive":
      return {
        title: "Un-receive this receipt?",
        confirmLabel: "Un-receive",
        destructive: true,
        intro: "Its units go back to pending; units already in Shopify on hand are taken off again.",
      };
    case "cancel":
      return {
        title: "Cancel the order?",
        confirmLabel: "Cancel order",
        destructive: true,
        intro: "What is still pending is cancelled. Reopen brings the order back. Payments and credits stay as they are.",
      };
    case "reopen":
      return { title: "Reopen the order?", confirmLabel: "Reopen", intro: "The order goes back to where it was before it was closed." };
    case "delete":
      return status === "draft"
        ? { title: "Delete the draft?", confirmLabel: "Delete draft", destructive: true, intro: "The draft and its lines are deleted for good." }
        : {
            title: "Delete the cancelled order?",
            confirmLabel: "Delete order",
            destructive: true,
            intro: "It no longer shows in your lists; its history is kept. There is no undo.",
          };
    case "remove_line":
      return {
        title: "Remove the line?",
        confirmLabel: "Remove line",
        destructive: true,
        intro: "The line is taken off the order; adding it again is a new line.",
      };
    case "sync_to_shopify":
      return {
        title: "Sync receipts to Shopify?",
        confirmLabel: "Sync to Shopify",
        intro: "Received units not yet in Shopify are added to its on hand now.",
      };
    case "reset_sync":
      return {
        title: "Reset the Shopify sync?",
        confirmLabel: "Reset Shopify sync",
        destructive: true,
        intro:
          "Receipts are marked as not synced; Shopify is not changed now. The next sync or completion adds them to on hand again: only do this when Shopify lost them.",
      };
    case "adjust_incoming":
      return {
        title: "Correct Shopify's incoming?",
        confirmLabel: "Adjust incoming",
        destructive: true,
        intro: "Shopify's incoming for this order changes by the amount you entered.",
      };
    default:
      return null;
  }
}

/** A form's fields as text (the forms here hold no files). */
function formFields(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form)].map(([name, value]) => [name, String(value)]));
}

export default function PurchaseOrderDetail() {
  const droppingEdits = useDroppingEdits();
  const order = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const download = useDownload();
  // A card's change (a payment, a credit) bumps the order's version; until the page has reloaded
  // it, an action sent from here would be refused as stale, so actions wait for it.
  const settling = useFetchers().some((fetcher) => fetcher.state !== "idle" && fetcher.formMethod !== undefined);
  const busy = useNavigation().state !== "idle" || settling;
  // A form's field errors: from its last submit, or from the preview of one that was refused before anything was done.
  const [previewErrors, setPreviewErrors] = useState<{ intent: string; errors: FieldErrors } | null>(null);
  // What the merchant opened to edit (payments, addresses…): one panel at a time, above the lines.
  const [panel, setPanel] = useState<Panel | null>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => setPreviewErrors(null), [result]);
  useEffect(() => {
    if (result?.kind === "done") setConfirming(false);
    // A refusal whose fix is a field in a closed panel opens that panel, so the fix can focus it.
    const focus = result?.kind === "refused" && result.refusal.fix && "focus" in result.refusal.fix ? result.refusal.fix.focus : null;
    const wanted = focus ? PANEL_OF_FIELD[focus] : undefined;
    if (wanted) setPanel(wanted);
    if (result?.kind === "refused" && result.intent === "confirm_lines") setConfirming(true);
  }, [result]);
  const errorsFor = (intent: string): FieldErrors =>
    previewErrors?.intent === intent
      ? previewErrors.errors
      : result?.kind === "refused" && result.intent === intent
        ? result.refusal.fieldErrors
        : {};
  const can = (action: LifecycleAction) => order.allowed.includes(action);

  useResultToast(result, (outcome) => (outcome.kind === "done" ? outcome.message : null));
  useReadWhileShopifyCatchesUp(order.effects);

  /** Runs an action: asks first when it should, with what it will do (the server's preview). */
  const act = (fields: Record<string, string>) => {
    setPreviewErrors(null);
    const withVersion = { version: String(order.version), ...fields };
    const ask = askFor(fields, order.status);
    if (!ask) {
      submit(withVersion, { method: "post" });
      return;
    }
    confirm({
      title: ask.title,
      confirmLabel: ask.confirmLabel,
      destructive: ask.destructive ?? false,
      body: (
        <ActionPreview
          orderId={order.id}
          fields={withVersion}
          intro={ask.intro}
          locationNames={order.locationNames}
          onFieldErrors={(errors) => setPreviewErrors({ intent: fields.intent ?? "", errors })}
          onFix={(field) => {
            const wanted = PANEL_OF_FIELD[field];
            if (wanted) setPanel(wanted);
          }}
        />
      ),
      onConfirm: () => submit(withVersion, { method: "post" }),
    });
  };
  /** A form's submit, through act. */
  const onFormSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    act(formFields(event.currentTarget));
  };
  /** A header action: receiving opens the receiving screen, confirming opens its form, the others run. */
  const run = ({ fields }: HeaderAction) => {
    if (fields.intent === "receive") navigate(`/app/purchase-orders/${order.id}/receive`);
    else if (fields.intent === "confirm_lines") setConfirming(true);
    else act(fields);
  };
  // The panel's forms with unsaved edits: closing or replacing the panel asks first, then only.
  const [panelEdits] = useState(() => new Set<string>());
  const leavingPanel = (then: () => void) => droppingEdits(panelEdits.size > 0, then);
  /** Opens a panel in place of the one open. */
  const open = (wanted: Panel) =>
    leavingPanel(() => {
      setPanel(wanted);
      // The panel renders above the lines: bring it into view once it is there.
      requestAnimationFrame(() => document.getElementById("order-panel")?.scrollIntoView({ block: "start" }));
    });

  const header = headerActions(order.allowed, order.status);
  const saveAs = (path: string, fallbackName: string) => void download(`/app/purchase-orders/${order.id}/${path}`, fallbackName);

  return (
    <Page
      title={order.name}
      titleMetadata={
        <InlineStack gap="200">
          <StatusBadge status={order.status} completing={order.completing} />
          {order.money.paid ? <PaidBadge /> : null}
        </InlineStack>
      }
      subtitle={`${order.supplier.name} · receiving at ${order.locationName ?? "no location chosen"}`}
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
      primaryAction={
        header.primary ? { content: header.primary.content, onAction: () => run(header.primary!), loading: busy, disabled: busy } : undefined
      }
      actionGroups={[
        {
          title: "Download",
          actions: [
            { content: "Purchase order PDF", onAction: () => saveAs("document.pdf", `${order.name}.pdf`) },
            { content: "Lines (CSV)", onAction: () => saveAs("lines?format=csv", `${order.name}-lines.csv`) },
            { content: "Lines (XLSX)", onAction: () => saveAs("lines?format=xlsx", `${order.name}-lines.xlsx`) },
          ],
        },
        ...(header.more.length > 0
          ? [
              {
                title: "More actions",
                actions: header.more.map((entry) => ({
                  content: entry.content,
                  destructive: entry.destructive,
                  onAction: () => run(entry),
                  disabled: busy,
                })),
              },
            ]
          : []),
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ShopifyLosses order={order} onChooseLocation={() => open("details")} />
            {order.completing ? (
              <Banner tone="info" title="Completing">
                <p>Shopify is being told each variant&apos;s unit cost. The order becomes Completed as soon as Shopify has them.</p>
              </Banner>
            ) : null}
            <Outcome result={result} />
            {panel ? (
              <UnsavedInside.Provider value={panelEdits}>
                <PanelFrame panel={panel} onClose={() => leavingPanel(() => setPanel(null))}>
                  {panel === "details" ? <DetailsCard key={JSON.stringify(order.header)} order={order} errors={errorsFor("edit_header")} /> : null}
                  {panel === "payments" ? <PaymentsCard orderId={order.id} money={order.money} /> : null}
                  {panel === "credits" ? <CreditsCard orderId={order.id} credits={order.credits} /> : null}
                  {panel === "supplierFields" ? <SupplierFieldsCard orderId={order.id} fields={order.supplierFields} /> : null}
                  {panel === "addresses" ? <AddressesCard orderId={order.id} data={order.addresses} /> : null}
                  {panel === "shipments" ? <ShipmentsCard orderId={order.id} shipments={order.shipments} /> : null}
                  {panel === "documents" ? <AttachmentsCard orderId={order.id} documents={order.documents} /> : null}
                  {panel === "emails" ? <EmailsCard orderId={order.id} data={order.emails} /> : null}
                  {panel === "shopify" ? (
                    <ShopifyEffectsCard
                      orderId={order.id}
                      effects={order.effects}
                      version={order.version}
                      adjustableLines={can("adjust_incoming") ? order.lines : []}
                      errors={errorsFor("adjust_incoming")}
                      onAdjustIncoming={onFormSubmit}
                    />
                  ) : null}
                  {panel === "labels" ? (
                    <Card>
                      <BlockStack gap="300">
                        <PanelHeading title="Labels" />
                        <LabelsRow orderId={order.id} defaultSource={order.lines.some((line) => line.received > 0) ? "received" : "ordered"} />
                      </BlockStack>
                    </Card>
                  ) : null}
                  {panel === "reorganise" ? <ReorganiseCard orderId={order.id} lines={order.lines} targets={order.moveTargets} /> : null}
                </PanelFrame>
              </UnsavedInside.Provider>
            ) : null}
            {/* Keyed by version: after each saved change the form starts from the saved values. */}
            {confirming && can("confirm_lines") ? (
              <ConfirmCard key={`confirm-${order.version}`} order={order} errors={errorsFor("confirm_lines")} onCancel={() => setConfirming(false)} />
            ) : null}
            <LinesCard
              order={order}
              editable={can("update_line")}
              canAdd={can("add_line")}
              addErrors={errorsFor("add_line")}
              busy={busy}
              onRemove={can("remove_line") ? (lineId) => act({ intent: "remove_line", lineId }) : undefined}
            />
            {order.deliveries.length > 0 ? (
              <DeliveriesCard
                key={`deliveries-${order.version}`}
                order={order}
                onCreditReturns={(delivery) =>
                  confirm({
                    title: "Create a supplier credit?",
                    confirmLabel: "Create credit",
                    body: (
                      <Text as="p">
                        {`${order.supplier.name} owes you for the ${delivery.returned} unit${delivery.returned === 1 ? "" : "s"} returned with delivery #${delivery.number}: a credit for what they cost on this order is created. Apply it to this order or another of the supplier's under Supplier credits.`}
                      </Text>
                    ),
                    onConfirm: () => act({ intent: "credit_delivery_returns", deliveryId: delivery.id }),
                  })
                }
                onSaveNote={(deliveryId, note) => act({ intent: "update_delivery_note", deliveryId, note })}
                noteError={errorsFor("update_delivery_note").note}
                busy={busy}
              />
            ) : null}
            <ReceiptsCard order={order} canUnreceive={can("unreceive")} onUnreceive={(bookingId) => act({ intent: "unreceive", bookingId })} />
            <ActivityCard activity={order.activity} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <OrderSummaries order={order} canEditDetails={can("edit_header")} canReorganise={can("add_line")} onOpen={open} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export type OrderView = ReturnType<typeof useLoaderData<typeof loader>>;

/** While the worker has changes on their way to Shopify, the page reads its loader again until they land. */
function useReadWhileShopifyCatchesUp(effects: OrderView["effects"]) {
  const revalidator = useRevalidator();
  const waiting = effects.some((effect) => effect.status === "staged" || effect.status === "sent");
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearTimeout(timer);
    // The revalidator changes with its state: once a read has finished, the wait starts again.
  }, [waiting, effects, revalidator]);
}

/** A refusal (what is wrong and where to fix it), or a warning the toast would lose. */
function Outcome({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  if (!result) return null;
  if (result.kind === "refused") {
    // Field errors show beside their fields; what has no field (a line's, the receipt's as a whole) here.
    const general = Object.entries(result.refusal.fieldErrors).filter(([field]) => !field.includes("."));
    return (
      <RefusalBanner
        refusal={result.refusal}
        details={general.map(([, message]) => message).filter((message) => message !== result.refusal.message)}
      />
    );
  }
  if (result.skippedLines > 0) {
    return (
      <Banner tone="warning" title="Saved, with lines Shopify no longer has">
        <p>
          Shopify was told nothing about {result.skippedLines} line{result.skippedLines === 1 ? "" : "s"} whose variant it deleted.
        </p>
      </Banner>
    );
  }
  return null;
}

/** What Shopify took away under the order (webhooks said so), and what the merchant can do. */
function ShopifyLosses({ order, onChooseLocation }: { order: Pick<OrderView, "lines" | "locationLost">; onChooseLocation: () => void }) {
  const deleted = order.lines.filter((line) => line.variantDeleted);
  return (
    <>
      {deleted.length > 0 ? (
        <Banner tone="warning" title="Shopify deleted variants on this order">
          <p>
            {deleted.map((line) => line.sku ?? line.title).join(", ")}: Inbound no longer sends Shopify anything for{" "}
            {deleted.length === 1 ? "this line" : "these lines"}. Remove {deleted.length === 1 ? "it" : "them"} from the order, or add the replacement
            variant and then remove {deleted.length === 1 ? "it" : "them"}.
          </p>
        </Banner>
      ) : null}
      {order.locationLost ? (
        <Banner
          tone="warning"
          title="Shopify no longer has this order's receiving location"
          action={{
            content: "Choose a receiving location",
            onAction: () => {
              onChooseLocation();
              focusField(ORDER_FIELDS.location);
            },
          }}
        >
          <p>
            The location was deleted or deactivated in Shopify. Choose another receiving location (or reactivate it in Shopify) before sending or
            receiving.
          </p>
        </Banner>
      ) : null}
    </>
  );
}
