import { Badge, BlockStack, Button, Card, Divider, InlineStack, Link, Text } from "@shopify/polaris";
import { XIcon } from "@shopify/polaris-icons";
import { createContext, useContext, type ReactNode } from "react";

import { formatAddress } from "~/domain/address";
import { moneyInRefusal } from "~/domain/payments";
import { ORDER_FIELDS } from "~/http/refusals";

import type { OrderView } from "./route";
import { Totals } from "./TotalsCard";

/**
 * The order page's side column: what a merchant reads at a glance (supplier, destination, cost,
 * shipment, references), and one-line summaries of the rest. Editing any of it opens a panel
 * above the lines (PanelFrame), one at a time: no forms stacked down the page. A panel rather than
 * a modal: what is done inside (remove a payment, reverse a credit) asks first in App Bridge's
 * modal, and one modal cannot open over another.
 */

/** What can be opened to edit. */
export type Panel =
  "details" | "payments" | "credits" | "supplierFields" | "addresses" | "shipments" | "documents" | "emails" | "shopify" | "labels" | "reorganise";

const PANEL_TITLES: Record<Panel, string> = {
  details: "Details",
  payments: "Payments",
  credits: "Supplier credits",
  supplierFields: "Supplier details",
  addresses: "Addresses",
  shipments: "Shipments",
  documents: "Attached documents",
  emails: "Emails",
  shopify: "Shopify",
  labels: "Labels",
  reorganise: "Reorganise",
};

/** The panel holding each field a refusal's fix may put in focus (the others are always on the page). */
export const PANEL_OF_FIELD: Partial<Record<string, Panel>> = {
  [ORDER_FIELDS.exchangeRate]: "payments",
  [ORDER_FIELDS.location]: "details",
  [ORDER_FIELDS.holdUntil]: "supplierFields",
  [ORDER_FIELDS.shippingAddress]: "addresses",
};

const PanelClose = createContext<{ label: string; onClose: () => void } | null>(null);

/** An opened panel: the card that edits it, closed from its heading (PanelHeading). */
export function PanelFrame({ panel, onClose, children }: { panel: Panel; onClose: () => void; children: ReactNode }) {
  return (
    <div id="order-panel" data-panel={panel}>
      <PanelClose.Provider value={{ label: `Close ${PANEL_TITLES[panel].toLowerCase()}`, onClose }}>{children}</PanelClose.Provider>
    </div>
  );
}

/** A panel card's heading: its title, its own actions, and (in a panel) the button that closes it, top right as in admin's cards. */
export function PanelHeading({ title, children }: { title: string; children?: ReactNode }) {
  const close = useContext(PanelClose);
  return (
    <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      <InlineStack gap="200" blockAlign="center" wrap={false}>
        {children}
        {close ? <Button variant="tertiary" icon={XIcon} onClick={close.onClose} accessibilityLabel={close.label} /> : null}
      </InlineStack>
    </InlineStack>
  );
}

export function OrderSummaries({
  order,
  canEditDetails,
  canReorganise,
  onOpen,
}: {
  order: OrderView;
  canEditDetails: boolean;
  canReorganise: boolean;
  onOpen: (panel: Panel) => void;
}) {
  const { money, credits, supplierFields, shipments, addresses, documents, emails, effects } = order;
  const applied = credits.applications.filter((application) => !application.reversedAt).length;
  // A draft or a cancelled order takes no new money: its links do not invite it (the panels say why).
  const paymentsRefused = moneyInRefusal("payment", order.status) !== null;
  const creditsRefused = moneyInRefusal("credit", order.status) !== null;
  const failed = effects.filter((effect) => effect.status === "failed").length;
  const waiting = effects.filter((effect) => effect.status === "staged" || effect.status === "sent").length;
  const lastEmail = emails.emails[0];
  const references = [order.header.reference, supplierFields.vendorReference, ...supplierFields.externalNumbers].filter(Boolean);
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingSm">
              Supplier
            </Text>
            <Link url={`/app/suppliers/${order.supplier.id}`} removeUnderline>
              {order.supplier.name}
            </Link>
            <Text as="p" tone={order.supplier.email ? undefined : "subdued"} breakWord>
              {order.supplier.email ?? "No email: add one on the supplier's page to send orders"}
              {order.supplier.ccCount > 0 ? ` (+${order.supplier.ccCount} cc)` : ""}
            </Text>
            {order.supplier.paymentTerms ? (
              <Text as="p" tone="subdued" variant="bodySm">
                {order.supplier.paymentTerms}
              </Text>
            ) : null}
          </BlockStack>
          <Divider />
          <SectionHeading
            title="Destination"
            action={canEditDetails ? { label: "Change", panel: "details", onAction: () => onOpen("details") } : undefined}
          />
          <Text as="p" tone={order.locationName ? undefined : "critical"}>
            {order.locationName ?? "No receiving location chosen"}
          </Text>
          {addresses.dropShip && addresses.shippingAddress ? (
            <Text as="p" tone="subdued" variant="bodySm">
              Drop-ship to {formatAddress(addresses.shippingAddress).join(", ")}
            </Text>
          ) : null}
        </BlockStack>
      </Card>

      <div data-card="totals">
        <Card>
          <BlockStack gap="200">
            <SectionHeading
              title="Cost summary"
              action={canEditDetails ? { label: "Edit", panel: "details", onAction: () => onOpen("details") } : undefined}
            />
            <Totals totals={money.totals} settling={money.settling} />
            <InlineStack gap="300">
              <span data-open-panel="payments">
                <Button variant="plain" onClick={() => onOpen("payments")}>
                  {money.payments.length > 0 ? `Payments (${money.payments.length})` : paymentsRefused ? "Payments" : "Record payment"}
                </Button>
              </span>
              <span data-open-panel="credits">
                <Button variant="plain" onClick={() => onOpen("credits")}>
                  {applied > 0
                    ? `Credits (${applied})`
                    : credits.available.length > 0 && !creditsRefused
                      ? `Apply credits (${credits.available.length} available)`
                      : "Credits"}
                </Button>
              </span>
            </InlineStack>
          </BlockStack>
        </Card>
      </div>

      <Card>
        <BlockStack gap="200">
          <SectionHeading
            title="Shipment"
            action={{ label: shipments.length > 0 ? "Manage" : "Add", panel: "shipments", onAction: () => onOpen("shipments") }}
          />
          {shipments.length === 0 ? (
            <Text as="p" tone="subdued">
              No tracking yet
            </Text>
          ) : (
            shipments.map((shipment) => (
              <Text key={shipment.id} as="p" breakWord>
                {[shipment.carrier ?? "Carrier not given", shipment.trackingNumber].filter(Boolean).join(" · ")}
                {shipment.arrivedAt ? ` · arrived ${shipment.arrivedAt}` : shipment.estimatedArrivalAt ? ` · ETA ${shipment.estimatedArrivalAt}` : ""}
              </Text>
            ))
          )}
          {supplierFields.promiseDate ? (
            <Text as="p" tone="subdued" variant="bodySm">
              Supplier promised {supplierFields.promiseDate}
            </Text>
          ) : null}
          <Divider />
          <SectionHeading title="References and tags" action={{ label: "Edit", panel: "supplierFields", onAction: () => onOpen("supplierFields") }} />
          <Text as="p" tone={references.length > 0 ? undefined : "subdued"} breakWord>
            {references.length > 0 ? references.join(" · ") : "No references"}
          </Text>
          {supplierFields.tags.length > 0 ? (
            <InlineStack gap="100">
              {supplierFields.tags.map((tag) => (
                <Badge key={tag}>{tag}</Badge>
              ))}
            </InlineStack>
          ) : null}
          {order.header.note ? (
            <Text as="p" tone="subdued" breakWord>
              {order.header.note}
            </Text>
          ) : null}
        </BlockStack>
      </Card>

      <Card>
        <BlockStack gap="100">
          <SummaryLine
            title="Addresses"
            value={addresses.shippingAddress || addresses.billingAddress ? (addresses.dropShip ? "Drop-ship" : "Set") : "Not set"}
            panel="addresses"
            onOpen={onOpen}
          />
          <SummaryLine title="Documents" value={documents.length > 0 ? `${documents.length} attached` : "None"} panel="documents" onOpen={onOpen} />
          <SummaryLine
            title="Emails"
            value={lastEmail ? `${emails.emails.length} · last ${lastEmail.status}` : "None sent"}
            panel="emails"
            onOpen={onOpen}
          />
          <SummaryLine
            title="Shopify"
            value={
              effects.length === 0
                ? "Nothing sent yet"
                : failed > 0
                  ? `${failed} failed`
                  : waiting > 0
                    ? `${waiting} on the way`
                    : `${effects.length} applied`
            }
            tone={failed > 0 ? "critical" : undefined}
            panel="shopify"
            onOpen={onOpen}
          />
          <SummaryLine title="Labels" value="Print" panel="labels" onOpen={onOpen} />
          {canReorganise ? <SummaryLine title="Reorganise" value="Split or move lines" panel="reorganise" onOpen={onOpen} /> : null}
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

function SectionHeading({ title, action }: { title: string; action?: { label: string; panel: Panel; onAction: () => void } }) {
  return (
    <InlineStack align="space-between" blockAlign="center">
      <Text as="h2" variant="headingSm">
        {title}
      </Text>
      {action ? (
        <span data-open-panel={action.panel}>
          <Button variant="plain" onClick={action.onAction} accessibilityLabel={`${action.label} (${title.toLowerCase()})`}>
            {action.label}
          </Button>
        </span>
      ) : null}
    </InlineStack>
  );
}

/** One row of the side column's summary card: what it is, where it stands, a way to open it. */
function SummaryLine({
  title,
  value,
  tone,
  panel,
  onOpen,
}: {
  title: string;
  value: string;
  tone?: "critical";
  panel: Panel;
  onOpen: (panel: Panel) => void;
}) {
  return (
    <InlineStack align="space-between" blockAlign="center" wrap={false} gap="200">
      <span data-open-panel={panel}>
        <Button variant="plain" onClick={() => onOpen(panel)}>
          {title}
        </Button>
      </span>
      <Text as="span" tone={tone ?? "subdued"} variant="bodySm" truncate>
        {value}
      </Text>
    </InlineStack>
  );
}
