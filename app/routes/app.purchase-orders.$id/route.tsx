import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useFetchers, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Card,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";

import { PaidBadge } from "~/components/PaidBadge";
import { StatusBadge } from "~/components/StatusBadge";
import prisma from "~/db.server";
import { GuardrailError, renameLineErrors, StaleVersionError, ValidationError, type FieldErrors } from "~/domain/errors";
import { formatMoney } from "~/domain/money";
import { allowedActions, type LifecycleAction, type LifecycleCommand } from "~/domain/purchase-order/lifecycle";
import { otherSupplierOf } from "~/domain/purchase-order/new-line";
import { lineQuantities } from "~/domain/purchase-order/quantities";
import { costLine, lineCost } from "~/domain/purchase-order/totals";
import { purchaseOrderName, STATUS_LABELS } from "~/domain/purchase-order/status";
import { loadOrderMoney } from "~/services/payments.server";
import { listOrderAudit } from "~/services/audit.server";
import { lifecycleDeps } from "~/services/cost-sync.server";
import { creditDeliveryReturns, listDeliveries, updateDeliveryNote } from "~/services/deliveries.server";
import { loadOrderState, performAction } from "~/services/purchase-order-lifecycle.server";
import { addLine, supplierVendors } from "~/services/purchase-order-lines.server";
import { requireAdmin } from "~/shopify.server";

import { deliveriesRefusal } from "~/domain/delivery";
import { readForm } from "~/http/forms.server";

import { AddressesCard } from "./AddressesCard";
import { AttachmentsCard } from "./AttachmentsCard";
import { CreditsCard } from "./CreditsCard";
import { DeliveriesCard } from "./DeliveriesCard";
import { EmailsCard } from "./EmailsCard";
import { DocumentsCard } from "./DocumentsCard";
import { PaymentsCard } from "./PaymentsCard";
import { ReorganiseCard } from "./ReorganiseCard";
import { ShipmentsCard } from "./ShipmentsCard";
import { ShopifyEffectsCard } from "./ShopifyEffectsCard";
import { SupplierFieldsCard } from "./SupplierFieldsCard";
import { TotalsCard } from "./TotalsCard";
import { loadOr404 } from "./card-result.server";
import { formVersion, parseAddLineForm, parseLifecycleForm } from "./form-commands";
import {
  ActivityCard,
  AddLineCard,
  ConfirmCard,
  DetailsCard,
  LinesCard,
  ReceiptsCard,
  ReceiveCard,
  SummaryRow,
} from "./OrderCards";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shopDomain, gateway } = await requireAdmin(request);
  const order = await loadOr404(() => loadOrderState(prisma, shopDomain, params.id ?? ""));
  const [supplier, audit, locations, deliveries, flags, suppliers] = await Promise.all([
    prisma.supplier.findUniqueOrThrow({ where: { id: order.header.supplierId }, select: { name: true } }),
    listOrderAudit(prisma, shopDomain, order.id),
    gateway.locations(),
    listDeliveries(prisma, shopDomain, order.id),
    prisma.purchaseOrder.findUniqueOrThrow({ where: { id: order.id }, select: { locationLostAt: true } }),
    supplierVendors(prisma, shopDomain),
  ]);
  const reversed = new Set(order.bookings.flatMap((booking) => (booking.reversesId ? [booking.reversesId] : [])));
  const lines = order.lines.map((line) => ({
    id: line.id,
    title: line.variantTitle ? `${line.productTitle} — ${line.variantTitle}` : line.productTitle,
    sku: line.sku,
    inventoryItemId: line.kind === "variant" ? line.inventoryItemId : null,
    notOrdered: line.notOrdered,
    variantDeleted: line.variantDeletedAt !== null,
    otherSupplier: otherSupplierOf(line.vendor, order.header.supplierId, suppliers)?.name ?? null,
    unitCost: line.unitCost,
    // What the line is owed for (docs/decisions/004), as the totals count it.
    total: formatMoney(lineCost(costLine(line, order.bookings)), order.currencyCode),
    ...lineQuantities(line, order.bookings),
  }));
  return json({
    id: order.id,
    name: purchaseOrderName(order.number),
    status: order.status,
    version: order.version,
    supplierName: supplier.name,
    locationName: locations.find((location) => location.id === order.header.locationId)?.name ?? "Not chosen",
    locationLost: flags.locationLostAt !== null,
    note: order.header.note,
    header: {
      reference: order.header.reference ?? "",
      note: order.header.note ?? "",
      privateNote: order.header.privateNote ?? "",
      shippingCost: order.header.shippingCost,
      tax: order.header.tax,
    },
    dates: order.dates,
    paid: (await loadOrderMoney(prisma, shopDomain, order.id)).money.paid,
    allowed: allowedActions(order),
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
      action: entry.action,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      actor: `${entry.actorType}: ${entry.actorId}`,
      at: entry.createdAt.toISOString(),
    })),
  });
}

type ActionData =
  | { kind: "refused"; refusal: ReturnType<GuardrailError["toJSON"]> }
  | { kind: "invalid"; intent: string; fieldErrors: FieldErrors }
  | { kind: "stale"; message: string }
  | { kind: "done"; action: string; stagedEffects: number; skippedLines?: number };

export async function action({ request, params }: ActionFunctionArgs) {
  const { shopDomain, actor, gateway } = await requireAdmin(request);
  const order = await loadOrderState(prisma, shopDomain, params.id ?? "");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  let command: LifecycleCommand | undefined;
  try {
    if (intent === "add_line") {
      await addLine({ db: prisma, gateway }, shopDomain, actor, order.id, parseAddLineForm(form), {
        expectedVersion: formVersion(form),
      });
      return json<ActionData>({ kind: "done", action: intent, stagedEffects: 0 });
    }
    if (intent === "credit_delivery_returns") {
      await creditDeliveryReturns(prisma, shopDomain, actor, String(form.get("deliveryId") ?? ""));
      return json<ActionData>({ kind: "done", action: intent, stagedEffects: 0 });
    }
    if (intent === "update_delivery_note") {
      await updateDeliveryNote(prisma, shopDomain, actor, String(form.get("deliveryId") ?? ""), String(form.get("note") ?? "") || null);
      return json<ActionData>({ kind: "done", action: intent, stagedEffects: 0 });
    }
    const parsed = parseLifecycleForm(form, order);
    command = parsed.command;
    const result = await performAction(lifecycleDeps(prisma, gateway), shopDomain, actor, order.id, command, {
      expectedVersion: parsed.expectedVersion,
    });
    if (!result.order) return redirect("/app/purchase-orders");
    return json<ActionData>({
      kind: "done",
      action: command.action,
      stagedEffects: result.stagedEffects.length,
      skippedLines: result.skippedLines.length,
    });
  } catch (error) {
    if (error instanceof GuardrailError) return json<ActionData>({ kind: "refused", refusal: error.toJSON() }, { status: 409 });
    if (error instanceof StaleVersionError) return json<ActionData>({ kind: "stale", message: error.message }, { status: 409 });
    if (error instanceof ValidationError) {
      return json<ActionData>({ kind: "invalid", intent, fieldErrors: byLineId(error.fieldErrors, command) }, { status: 400 });
    }
    throw error;
  }
}

/** Field errors name lines by their index in the command; the form names them by line id. */
function byLineId(errors: FieldErrors, command: LifecycleCommand | undefined): FieldErrors {
  const lines = command && "lines" in command ? command.lines : [];
  return renameLineErrors(errors, (index, field) => {
    const line = lines[index];
    return line && `${field}.${line.lineId}`;
  });
}

const ACTION_LABELS: Partial<Record<LifecycleAction, string>> = {
  send: "Mark as sent",
  confirm_all: "Confirm all",
  start: "Start (shipping)",
  complete: "Complete",
  quick_complete: "Quick complete",
  pause: "Pause",
  resume: "Resume",
  dispute: "Dispute",
  resolve_dispute: "Resolve dispute",
  cancel: "Cancel order",
  reopen: "Reopen",
  delete: "Delete",
  close_deliveries: "Close deliveries",
  sync_to_shopify: "Sync to Shopify",
  reset_sync: "Reset Shopify sync",
};
/** Recovery actions are never the page's primary action. */
const RECOVERY: readonly LifecycleAction[] = ["sync_to_shopify", "reset_sync"];

export default function PurchaseOrderDetail() {
  const order = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  // A card's change (a payment, a credit) bumps the order's version; until the page has reloaded
  // it, an action sent from here would be refused as stale, so actions wait for it.
  const settling = useFetchers().some((fetcher) => fetcher.state !== "idle" && fetcher.formMethod !== undefined);
  const busy = useNavigation().state !== "idle" || settling;
  const errors = result?.kind === "invalid" ? result.fieldErrors : {};
  const can = (action: LifecycleAction) => order.allowed.includes(action);
  const run = (intent: LifecycleAction | "credit_delivery_returns" | "update_delivery_note", extra: Record<string, string> = {}) =>
    submit({ intent, version: String(order.version), ...extra }, { method: "post" });

  const menu = (Object.keys(ACTION_LABELS) as LifecycleAction[])
    .filter(can)
    .filter((action) => !(action === "complete" && order.status === "partially_received"))
    .map((action) => ({
      content: ACTION_LABELS[action]!,
      destructive: action === "cancel" || action === "delete",
      recovery: RECOVERY.includes(action),
      onAction: () => run(action),
    }));
  if (can("complete") && order.status === "partially_received") {
    menu.push({
      content: "Complete and cancel the rest",
      destructive: false,
      recovery: false,
      onAction: () => run("complete", { closeRemainder: "1" }),
    });
  }
  // Send to supplier (issue #8): emails the PO as it is sent; "Mark as sent" stays for orders sent another way.
  if (can("send")) {
    menu.unshift({ content: "Send to supplier", destructive: false, recovery: false, onAction: () => run("send", { via: "email" }) });
  }
  const [primary, ...secondary] = menu.filter((item) => !item.destructive && !item.recovery);

  return (
    <Page
      title={order.name}
      titleMetadata={
        <InlineStack gap="200">
          <StatusBadge status={order.status} />
          {order.paid ? <PaidBadge /> : null}
        </InlineStack>
      }
      subtitle={`${order.supplierName} · receiving at ${order.locationName}`}
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
      primaryAction={primary ? { content: primary.content, onAction: primary.onAction, loading: busy, disabled: busy } : undefined}
      secondaryActions={[...secondary, ...menu.filter((item) => item.recovery), ...menu.filter((item) => item.destructive)].map(
        ({ content, destructive, onAction }) => ({ content, destructive, onAction, disabled: busy }),
      )}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ShopifyLosses order={order} />
            <Outcome result={result} />
            <LinesCard order={order} onRemove={can("remove_line") ? (lineId) => run("remove_line", { lineId }) : undefined} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            {order.acceptsDeliveries || order.deliveries.length > 0 ? (
              <DeliveriesCard
                key={`deliveries-${order.version}`}
                order={order}
                onCreditReturns={(deliveryId) => run("credit_delivery_returns", { deliveryId })}
                onSaveNote={(deliveryId, note) => run("update_delivery_note", { deliveryId, note })}
                noteError={result?.kind === "invalid" && result.intent === "update_delivery_note" ? errors.note : undefined}
                busy={busy}
              />
            ) : null}
            {can("add_line") ? (
              <AddLineCard key={`add-${order.version}`} version={order.version} errors={result?.kind === "invalid" && result.intent === "add_line" ? errors : {}} />
            ) : null}
            {/* Keyed by version: after each saved change the forms start empty again. */}
            {can("confirm_lines") ? <ConfirmCard key={`confirm-${order.version}`} order={order} errors={result?.kind === "invalid" && result.intent === "confirm_lines" ? errors : {}} /> : null}
            {can("receive") ? <ReceiveCard key={`receive-${order.version}`} order={order} errors={result?.kind === "invalid" && result.intent === "receive" ? errors : {}} /> : null}
            {can("add_line") ? <ReorganiseCard orderId={order.id} lines={order.lines} /> : null}
            <ReceiptsCard order={order} canUnreceive={can("unreceive")} onUnreceive={(bookingId) => run("unreceive", { bookingId })} />
            <PaymentsCard orderId={order.id} />
            <CreditsCard orderId={order.id} />
            <SupplierFieldsCard orderId={order.id} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <SummaryRow label="Status" value={STATUS_LABELS[order.status]} />
                <SummaryRow label="Supplier" value={order.supplierName} />
                {(
                  [
                    ["Sent", order.dates.sentAt],
                    ["Confirmed", order.dates.confirmedAt],
                    ["Shipping", order.dates.shippedAt],
                    ["Received", order.dates.receivedAt],
                    ["Completed", order.dates.completedAt],
                    ["Cancelled", order.dates.cancelledAt],
                  ] as const
                )
                  .filter(([, date]) => date)
                  .map(([label, date]) => (
                    <SummaryRow key={label} label={label} value={new Date(date!).toLocaleDateString("en-US")} />
                  ))}
                {order.note ? <Text as="p">{order.note}</Text> : null}
              </BlockStack>
            </Card>
            <TotalsCard orderId={order.id} />
            <DocumentsCard orderId={order.id} orderName={order.name} />
            {can("edit_header") ? (
              <DetailsCard key={`details-${order.version}`} order={order} errors={result?.kind === "invalid" && result.intent === "edit_header" ? errors : {}} />
            ) : null}
            <ShopifyEffectsCard
              orderId={order.id}
              version={order.version}
              adjustableLines={can("adjust_incoming") ? order.lines : []}
              errors={result?.kind === "invalid" && result.intent === "adjust_incoming" ? errors : {}}
            />
            <EmailsCard orderId={order.id} />
            <ShipmentsCard orderId={order.id} />
            <AddressesCard orderId={order.id} />
            <AttachmentsCard orderId={order.id} />
            <ActivityCard activity={order.activity} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export type OrderView = ReturnType<typeof useLoaderData<typeof loader>>;

function Outcome({ result }: { result: ReturnType<typeof useActionData<typeof action>> }) {
  if (!result) return null;
  if (result.kind === "refused") {
    return (
      <Banner tone="critical" title="That action was refused">
        <p>{result.refusal.message}</p>
        <p>
          Rule: {result.refusal.rule}. Allowed now: {result.refusal.allowed.join(", ") || "nothing"}.
        </p>
      </Banner>
    );
  }
  if (result.kind === "stale") return <Banner tone="warning" title="Reload needed">{result.message}</Banner>;
  if (result.kind === "invalid") {
    return (
      <Banner tone="critical" title="Nothing was saved">
        <p>Fix the fields marked below.</p>
        {Object.entries(result.fieldErrors)
          .filter(([field]) => !field.includes("."))
          .map(([field, message]) => (
            <p key={field}>{message}</p>
          ))}
      </Banner>
    );
  }
  // The side-effect report: what this action queued for Shopify (the Shopify card shows each one).
  const skipped = result.skippedLines ?? 0;
  if (result.stagedEffects > 0 || skipped > 0) {
    return (
      <Banner tone={skipped > 0 ? "warning" : "info"} title="Saved">
        {result.stagedEffects > 0 ? (
          <p>
            {result.stagedEffects} Shopify update{result.stagedEffects === 1 ? "" : "s"} queued; the Shopify card shows when they are applied.
          </p>
        ) : null}
        {skipped > 0 ? (
          <p>
            Shopify was told nothing about {skipped} line{skipped === 1 ? "" : "s"} whose variant it deleted.
          </p>
        ) : null}
      </Banner>
    );
  }
  return null;
}

/** What Shopify took away under the order (webhooks said so), and what the merchant can do. */
function ShopifyLosses({ order }: { order: Pick<OrderView, "lines" | "locationLost"> }) {
  const deleted = order.lines.filter((line) => line.variantDeleted);
  return (
    <>
      {deleted.length > 0 ? (
        <Banner tone="warning" title="Shopify deleted variants on this order">
          <p>
            {deleted.map((line) => line.sku ?? line.title).join(", ")}: Inbound no longer sends Shopify anything for{" "}
            {deleted.length === 1 ? "this line" : "these lines"}. Remove {deleted.length === 1 ? "it" : "them"} from the order, or add the
            replacement variant and then remove {deleted.length === 1 ? "it" : "them"}.
          </p>
        </Banner>
      ) : null}
      {order.locationLost ? (
        <Banner tone="warning" title="Shopify no longer has this order's receiving location">
          <p>The location was deleted or deactivated in Shopify. Choose another receiving location (or reactivate it in Shopify) before sending or receiving.</p>
        </Banner>
      ) : null}
    </>
  );
}
