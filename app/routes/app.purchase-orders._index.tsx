import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  ChoiceList,
  EmptySearchResult,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Page,
  ProgressBar,
  Text,
  TextField,
  useBreakpoints,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type TabProps,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";

import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { useDownload } from "~/components/download";
import { NumericCell } from "~/components/NumericCell";
import { PaidBadge } from "~/components/PaidBadge";
import { StatusBadge } from "~/components/StatusBadge";
import { NotFoundError, ValidationError } from "~/domain/errors";
import {
  DEFAULT_INDEX_QUERY,
  indexQueryParams,
  isFiltered,
  parseIndexQuery,
  SORT_KEYS,
  type IndexQuery,
  type SortKey,
} from "~/domain/purchase-order/index-query";
import { STATUS_TABS } from "~/domain/purchase-order/status";
import { formIntent, readForm } from "~/http/forms.server";
import type { BulkSendResult } from "~/services/purchase-order-bulk.server";
import { shopLocations } from "~/services/locations.server";
import { searchIndex } from "~/services/purchase-order-search.server";
import { ShopifyApiError } from "~/services/shopify/errors";
import { deleteSavedView, listSavedViews, saveView } from "~/services/saved-views.server";
import { listSuppliers } from "~/services/suppliers.server";
import { requireAdmin } from "~/shopify.server";

/**
 * The purchase orders index, as Shopify's own order indexes behave: status tabs and saved views,
 * filters, search and sort (IndexFilters), selectable rows with bulk actions, keyset pages. Its
 * state is the URL (app/domain/purchase-order/index-query.ts), read once here.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const query = parseIndexQuery(params);
  const [page, views, suppliers, locations] = await Promise.all([
    searchIndex(db, shopDomain, query, { after: params.get("after"), before: params.get("before") }),
    listSavedViews(db, shopDomain),
    listSuppliers(db, shopDomain),
    // The destinations' names come from Shopify the first time: the list of our own orders shows without them.
    shopLocations({ db, gateway }, shopDomain).catch((error: unknown) => {
      if (error instanceof ShopifyApiError) return [];
      throw error;
    }),
  ]);
  // The order screen sends a deleted order's name here; only an order's name is ever shown.
  const deleted = /^PO-\d{4,}$/.test(params.get("deleted") ?? "") ? params.get("deleted") : null;
  return json({
    query,
    page,
    views,
    viewId: views.some((view) => view.id === params.get("view")) ? params.get("view") : null,
    suppliers: suppliers.map((supplier) => ({ id: supplier.id, name: supplier.name })),
    locations: locations.map((location) => ({ id: location.id, name: location.name })),
    deleted,
  });
}

/** Saved views: save the query sent under a name (replacing a view of that name), or delete one. */
export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const form = await readForm(request);
  const intent = formIntent(form, ["save_view", "delete_view"] as const);
  if (intent === "delete_view") {
    await deleteSavedView(db, shopDomain, String(form.get("viewId") ?? "")).catch((error: unknown) => {
      // Already gone (deleted in another tab): what was asked for is done.
      if (!(error instanceof NotFoundError)) throw error;
    });
    return redirect("/app/purchase-orders");
  }
  const query = parseIndexQuery(new URLSearchParams(String(form.get("query") ?? "")));
  try {
    const view = await saveView(db, shopDomain, String(form.get("name") ?? ""), query);
    return redirect(indexUrl(view.query, { view: view.id }));
  } catch (error) {
    if (error instanceof ValidationError) return json({ fieldErrors: error.fieldErrors }, { status: 400 });
    throw error;
  }
}

function indexUrl(query: IndexQuery, extra: Record<string, string> = {}): string {
  const params = indexQueryParams(query);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return `/app/purchase-orders${text ? `?${text}` : ""}`;
}

const SORT_LABELS: Record<SortKey, { label: string; asc: string; desc: string }> = {
  number: { label: "Order number", asc: "Lowest first", desc: "Highest first" },
  created: { label: "Date created", asc: "Oldest first", desc: "Newest first" },
  expected: { label: "Expected date", asc: "Earliest first", desc: "Latest first" },
  total: { label: "Total", asc: "Lowest first", desc: "Highest first" },
  supplier: { label: "Supplier", asc: "A–Z", desc: "Z–A" },
};

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = SORT_KEYS.flatMap((key) =>
  (["asc", "desc"] as const).map((direction) => ({
    label: SORT_LABELS[key].label,
    value: `${key} ${direction}` as const,
    directionLabel: SORT_LABELS[key][direction],
  })),
);

/** The query with every filter and the search cleared (the tab and sort kept). */
function unfiltered(query: IndexQuery): IndexQuery {
  return { ...DEFAULT_INDEX_QUERY, tab: query.tab, sort: query.sort, direction: query.direction };
}

export default function PurchaseOrdersIndex() {
  const { query: loaded, page, views, viewId, suppliers, locations, deleted } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  // The controls show the query asked for at once; the rows follow when it is loaded.
  const navigation = useNavigation();
  const query = navigation.location?.pathname === "/app/purchase-orders" ? parseIndexQuery(new URLSearchParams(navigation.location.search)) : loaded;
  const submit = useSubmit();
  const { smDown } = useBreakpoints();
  const createAction = { content: "Create purchase order", url: "/app/purchase-orders/new" };
  const view = views.find((candidate) => candidate.id === viewId) ?? null;
  // A saved view's id stays in the URL while it is shown, so its tab stays selected (and Save updates it).
  const go: Go = (next, options = {}) => {
    const viewId = options.view === undefined ? view?.id : options.view;
    navigate(indexUrl(next, viewId ? { view: viewId } : {}), { replace: options.replace });
  };

  if (!page.shopHasOrders) {
    return (
      <Page title="Purchase orders">
        <Card>
          <EmptyState heading="Order stock from your suppliers" action={createAction} image="/empty-purchase-orders.svg">
            <p>Create a purchase order, send it to a supplier, and receive it into your Shopify inventory.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Purchase orders" primaryAction={createAction} fullWidth>
      <BlockStack gap="400">
        {deleted ? (
          <Banner tone="success" onDismiss={() => go(query, { replace: true })}>
            <p>{`${deleted} deleted.`}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <Filters query={query} view={view} views={views} suppliers={suppliers} locations={locations} go={go} submit={submit} />
          <OrdersTable page={page} locations={locations} smDown={smDown} filtered={isFiltered(query)} onClear={() => go(unfiltered(query))} />
        </Card>
      </BlockStack>
    </Page>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
/** Shows the index for a query; `view`: the saved view shown (null: none; left out: the one shown now). */
type Go = (next: IndexQuery, options?: { replace?: boolean; view?: string | null }) => void;

function Filters({
  query,
  view,
  views,
  suppliers,
  locations,
  go,
  submit,
}: {
  query: IndexQuery;
  view: LoaderData["views"][number] | null;
  views: LoaderData["views"];
  suppliers: LoaderData["suppliers"];
  locations: LoaderData["locations"];
  go: Go;
  submit: ReturnType<typeof useSubmit>;
}) {
  // Filters applied keep the filter bar open, showing them (as Shopify's indexes do).
  const { mode, setMode } = useSetIndexFiltersMode(isFiltered(query) ? IndexFiltersMode.Filtering : IndexFiltersMode.Default);
  // The search field follows typing at once; the URL (and so the rows) once typing pauses.
  const [search, setSearch] = useState(query.search);
  useEffect(() => setSearch(query.search), [query.search]);
  useEffect(() => {
    if (search.trim() === query.search) return;
    const timer = setTimeout(() => go({ ...query, search: search.trim() }, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [search, query, go]);

  const save = (name: string) => {
    submit({ intent: "save_view", name, query: indexQueryParams(query).toString() }, { method: "post" });
    return Promise.resolve(true);
  };
  const tabs: TabProps[] = [
    ...STATUS_TABS.map((tab) => ({
      id: `tab-${tab.id}`,
      content: tab.label,
      isLocked: true,
      onAction: () => go({ ...DEFAULT_INDEX_QUERY, tab: tab.id, sort: query.sort, direction: query.direction }, { view: null }),
    })),
    ...views.map((saved) => ({
      id: `view-${saved.id}`,
      content: saved.name,
      onAction: () => go(saved.query, { view: saved.id }),
      actions: [
        {
          type: "delete" as const,
          onPrimaryAction: async () => {
            submit({ intent: "delete_view", viewId: saved.id }, { method: "post" });
            return true;
          },
        },
      ],
    })),
  ];
  const selected = view ? STATUS_TABS.length + views.indexOf(view) : STATUS_TABS.findIndex((tab) => tab.id === query.tab);
  const baseline = view ? view.query : unfiltered({ ...DEFAULT_INDEX_QUERY, tab: query.tab });
  const changed = indexQueryParams(query).toString() !== indexQueryParams(baseline).toString();

  const supplierName = (id: string) => suppliers.find((supplier) => supplier.id === id)?.name ?? "Unknown supplier";
  const locationName = (id: string) => locations.find((location) => location.id === id)?.name ?? "Unknown location";
  const filters: IndexFiltersProps["filters"] = [
    {
      key: "supplier",
      label: "Supplier",
      pinned: true,
      filter: (
        <ChoiceList
          title="Supplier"
          titleHidden
          allowMultiple
          choices={suppliers.map((supplier) => ({ label: supplier.name, value: supplier.id }))}
          selected={query.supplierIds}
          onChange={(supplierIds) => go({ ...query, supplierIds })}
        />
      ),
    },
    {
      key: "destination",
      label: "Destination",
      pinned: true,
      filter: (
        <ChoiceList
          title="Destination"
          titleHidden
          allowMultiple
          choices={locations.map((location) => ({ label: location.name, value: location.id }))}
          selected={query.locationIds}
          onChange={(locationIds) => go({ ...query, locationIds })}
        />
      ),
    },
    {
      key: "expected",
      label: "Expected date",
      filter: (
        <BlockStack gap="200">
          <TextField
            label="On or after"
            type="date"
            autoComplete="off"
            value={query.expectedFrom ?? ""}
            onChange={(value) => go({ ...query, expectedFrom: value || null })}
          />
          <TextField
            label="On or before"
            type="date"
            autoComplete="off"
            value={query.expectedTo ?? ""}
            onChange={(value) => go({ ...query, expectedTo: value || null })}
          />
        </BlockStack>
      ),
    },
    {
      key: "overdue",
      label: "Overdue",
      pinned: true,
      filter: (
        <ChoiceList
          title="Overdue"
          titleHidden
          allowMultiple
          choices={[{ label: "Overdue only", value: "overdue", helpText: "Goods still awaited after the promised (else expected) date" }]}
          selected={query.overdue ? ["overdue"] : []}
          onChange={(values) => go({ ...query, overdue: values.includes("overdue") })}
        />
      ),
    },
    {
      key: "paid",
      label: "Payment",
      filter: (
        <ChoiceList
          title="Payment"
          titleHidden
          choices={[
            { label: "Paid", value: "paid" },
            { label: "Unpaid", value: "unpaid" },
          ]}
          selected={query.paid ? [query.paid] : []}
          onChange={([paid]) => go({ ...query, paid: paid === "paid" || paid === "unpaid" ? paid : null })}
        />
      ),
    },
  ];
  const expectedLabel =
    query.expectedFrom && query.expectedTo
      ? `Expected ${query.expectedFrom} to ${query.expectedTo}`
      : query.expectedFrom
        ? `Expected on or after ${query.expectedFrom}`
        : `Expected on or before ${query.expectedTo ?? ""}`;
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(query.supplierIds.length > 0
      ? [{ key: "supplier", label: `Supplier: ${query.supplierIds.map(supplierName).join(", ")}`, onRemove: () => go({ ...query, supplierIds: [] }) }]
      : []),
    ...(query.locationIds.length > 0
      ? [
          {
            key: "destination",
            label: `Destination: ${query.locationIds.map(locationName).join(", ")}`,
            onRemove: () => go({ ...query, locationIds: [] }),
          },
        ]
      : []),
    ...(query.expectedFrom || query.expectedTo
      ? [{ key: "expected", label: expectedLabel, onRemove: () => go({ ...query, expectedFrom: null, expectedTo: null }) }]
      : []),
    ...(query.overdue ? [{ key: "overdue", label: "Overdue", onRemove: () => go({ ...query, overdue: false }) }] : []),
    ...(query.paid ? [{ key: "paid", label: query.paid === "paid" ? "Paid" : "Unpaid", onRemove: () => go({ ...query, paid: null }) }] : []),
  ];

  return (
    <IndexFilters
      tabs={tabs}
      selected={selected}
      onSelect={() => undefined}
      canCreateNewView
      onCreateNewView={save}
      sortOptions={SORT_OPTIONS}
      sortSelected={[`${query.sort} ${query.direction}`]}
      onSort={([value]) => {
        const [sort, direction] = (value ?? "").split(" ");
        const next = parseIndexQuery(new URLSearchParams({ sort: `${sort}-${direction}` }));
        go({ ...query, sort: next.sort, direction: next.direction });
      }}
      queryValue={search}
      queryPlaceholder="Search by PO number, supplier, reference or SKU"
      onQueryChange={setSearch}
      onQueryClear={() => {
        setSearch("");
        go({ ...query, search: "" }, { replace: true });
      }}
      primaryAction={
        view ? { type: "save", onAction: () => save(view.name), disabled: !changed } : { type: "save-as", onAction: save, disabled: !changed }
      }
      cancelAction={{ onAction: () => go(baseline), disabled: false }}
      filters={filters}
      appliedFilters={appliedFilters}
      onClearAll={() => go(unfiltered(query))}
      mode={mode}
      setMode={setMode}
    />
  );
}

function OrdersTable({
  page,
  locations,
  smDown,
  filtered,
  onClear,
}: {
  page: LoaderData["page"];
  locations: LoaderData["locations"];
  smDown: boolean;
  filtered: boolean;
  onClear: () => void;
}) {
  const navigate = useNavigate();
  const confirm = useConfirm();
  const download = useDownload();
  const sender = useFetcher<BulkSendResult>();
  const { orders } = page;
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(orders);
  // A new page or filter is a new selection.
  const orderIds = orders.map((order) => order.id).join(",");
  useEffect(() => clearSelection(), [orderIds, clearSelection]);
  const [refused, setRefused] = useState<BulkSendResult["refused"]>([]);
  useEffect(() => setRefused(sender.data?.refused ?? []), [sender.data]);
  useResultToast(sender.data, (result) =>
    result.sent.length > 0 ? `${result.sent.length} purchase order${result.sent.length === 1 ? "" : "s"} marked as sent.` : null,
  );

  const locationNames = useMemo(() => Object.fromEntries(locations.map((location) => [location.id, location.name])), [locations]);
  const selection = () => selectedResources.map((id) => ["id", id]);
  const selectionQuery = () => new URLSearchParams(selection()).toString();
  const count = selectedResources.length;
  const plural = (noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;

  const markSent = () =>
    confirm({
      title: `Mark ${plural("purchase order")} as sent?`,
      body: (
        <p>
          For orders you sent to suppliers yourself: no email is sent. Each draft ready to send is marked as sent; any other order is left as it is
          and listed with the reason. There is no undo.
        </p>
      ),
      confirmLabel: "Mark as sent",
      onConfirm: () => {
        const form = new FormData();
        for (const id of selectedResources) form.append("id", id);
        sender.submit(form, { method: "post", action: "/app/purchase-orders/bulk-send" });
        clearSelection();
      },
    });

  const emptyState = (
    <Box padding="600">
      <BlockStack gap="300" inlineAlign="center">
        <EmptySearchResult
          title={filtered ? "No purchase orders match these filters" : "No purchase orders here yet"}
          description={filtered ? "Try other filters or search terms." : "Orders appear in this tab as they reach its statuses."}
          withIllustration
        />
        {filtered ? <Button onClick={onClear}>Clear filters</Button> : null}
      </BlockStack>
    </Box>
  );

  return (
    <>
      {refused.length > 0 ? (
        <Box padding="300">
          <Banner
            tone="warning"
            title={`${refused.length} purchase order${refused.length === 1 ? " was" : "s were"} not marked as sent`}
            onDismiss={() => setRefused([])}
          >
            <ul>
              {refused.map((refusal) => (
                <li key={refusal.name}>
                  {refusal.name}: {refusal.reason}
                </li>
              ))}
            </ul>
          </Banner>
        </Box>
      ) : null}
      <IndexTable
        condensed={smDown}
        resourceName={{ singular: "purchase order", plural: "purchase orders" }}
        itemCount={orders.length}
        selectedItemsCount={allResourcesSelected ? "All" : count}
        onSelectionChange={handleSelectionChange}
        promotedBulkActions={[{ content: "Mark as sent", onAction: markSent }]}
        bulkActions={[
          { content: "Export CSV", onAction: () => void download(`/app/purchase-orders/bulk.csv?${selectionQuery()}`, "purchase-orders.csv") },
          { content: "Print PDFs", onAction: () => void download(`/app/purchase-orders/bulk.pdf?${selectionQuery()}`, "purchase-orders.pdf") },
        ]}
        emptyState={emptyState}
        headings={[
          { title: "Order" },
          { title: "Supplier" },
          { title: "Destination" },
          { title: "Status" },
          { title: "Received" },
          { title: "Expected" },
          { title: "Total", alignment: "end" },
        ]}
        // Shown only when there is another page (an empty or single page has nowhere to go).
        pagination={
          page.previous !== null || page.next !== null
            ? {
                hasPrevious: page.previous !== null,
                onPrevious: () => page.previous && navigate(withCursor("before", page.previous)),
                hasNext: page.next !== null,
                onNext: () => page.next && navigate(withCursor("after", page.next)),
              }
            : undefined
        }
      >
        {orders.map((order, index) => (
          <IndexTable.Row
            id={order.id}
            key={order.id}
            position={index}
            selected={selectedResources.includes(order.id)}
            onClick={() => navigate(`/app/purchase-orders/${order.id}`)}
          >
            <IndexTable.Cell>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {order.name}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{order.supplierName}</IndexTable.Cell>
            <IndexTable.Cell>{order.locationId ? (locationNames[order.locationId] ?? "Unknown location") : "Not chosen"}</IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="100" wrap={false}>
                <StatusBadge status={order.status} completing={order.completing} />
                {order.paid ? <PaidBadge /> : null}
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <ReceivedProgress received={order.receivedUnits} owed={order.owedUnits} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              {order.expectedArrivalDate ? (
                <Text as="span" tone={order.overdue ? "critical" : undefined}>
                  {formatExpected(order.expectedArrivalDate)}
                  {order.overdue ? " · Overdue" : ""}
                </Text>
              ) : (
                <Text as="span" tone="subdued">
                  {order.overdue ? "Overdue" : "—"}
                </Text>
              )}
            </IndexTable.Cell>
            <NumericCell>{formatMoney(order.total, order.currencyCode)}</NumericCell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </>
  );
}

/** The current URL with a page cursor in place of any other. */
function withCursor(side: "after" | "before", cursor: string): string {
  const params = new URLSearchParams(window.location.search);
  params.delete("after");
  params.delete("before");
  params.set(side, cursor);
  return `/app/purchase-orders?${params}`;
}

function ReceivedProgress({ received, owed }: { received: number; owed: number }) {
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      <Text as="span" numeric>{`${received} / ${owed}`}</Text>
      <div style={{ width: 56 }} aria-hidden>
        <ProgressBar
          size="small"
          progress={owed > 0 ? Math.min(100, (received / owed) * 100) : 0}
          tone={received >= owed && owed > 0 ? "success" : "highlight"}
        />
      </div>
    </InlineStack>
  );
}

/** A calendar day as merchants read it, e.g. Jun 20, 2026 (the day itself, not shifted by a time zone). */
function formatExpected(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
}

function formatMoney(amount: string, currencyCode: string): string {
  return `${amount} ${currencyCode}`;
}
