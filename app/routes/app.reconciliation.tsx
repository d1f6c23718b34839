import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link as RemixLink, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";

import { NumericCell } from "~/components/NumericCell";
import { useConfirm, useResultToast } from "~/components/ActionFeedback";
import { EmptyListNote } from "~/components/EmptyListNote";
import { RefusalBanner } from "~/components/Refusal";
import type { DriftKind } from "~/domain/reconciliation";
import type { ScreenRefusal } from "~/http/refusals";
import { screenRefusal } from "~/http/refusals.server";
import { fixReconciliation, latestReconciliation, runReconciliation } from "~/services/reconciliation.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

// Incoming reconciliation: what the shop's orders hold as incoming against what Shopify shows.

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, gateway, db } = await requireAdmin(request);
  const [view, locations] = await Promise.all([latestReconciliation(db, shopDomain), gateway.locations()]);
  return json({ ...view, locationNames: Object.fromEntries(locations.map((location) => [location.id, location.name])) });
}

type ActionData = { tone: "success" | "warning" | "critical"; message: string } | { tone: "refused"; refusal: ScreenRefusal };

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, gateway, actor, db } = await requireAdmin(request);
  const form = await readForm(request);
  const intent = formIntent(form, ["run", "fix"]);
  try {
    if (intent === "fix") {
      const { stagedEffects } = await fixReconciliation(db, shopDomain, actor, String(form.get("runId") ?? ""));
      const count = stagedEffects.length;
      return json<ActionData>({
        tone: "success",
        message: `${count} correction${count === 1 ? "" : "s"} queued for Shopify. Run again once they are applied to check.`,
      });
    }
    const run = await runReconciliation(db, shopDomain, gateway, "manual");
    return json<ActionData>(
      run.status === "failed"
        ? { tone: "critical", message: `Shopify could not be read: ${run.error ?? "unknown error"}. Try again in a moment.` }
        : run.status === "clean"
          ? { tone: "success", message: "Shopify's incoming matches your purchase orders." }
          : { tone: "warning", message: "Drift found: see below." },
    );
  } catch (error) {
    const refusal = screenRefusal(error);
    if (!refusal) throw error;
    return json<ActionData>({ tone: "refused", refusal }, { status: refusal.status });
  }
}

const STATUS_BADGE = {
  running: { tone: "info", label: "Running" },
  clean: { tone: "success", label: "No drift" },
  drift: { tone: "warning", label: "Drift" },
  fixed: { tone: "success", label: "Fixed" },
  failed: { tone: "critical", label: "Failed" },
} as const;

const KIND_BADGE: Record<DriftKind, { tone: "attention" | "info" | "critical" | undefined; label: string }> = {
  fixable: { tone: "attention", label: "Fixable" },
  partly_fixable: { tone: "attention", label: "Partly ours" },
  not_ours: { tone: "critical", label: "Not ours — fix in Shopify" },
  pending: { tone: "info", label: "Pending" },
};

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export default function Reconciliation() {
  const { run, locationNames } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const confirm = useConfirm();
  // Good news is a toast (the page itself shows the finding); a warning or failure stays as a banner.
  useResultToast(result, (outcome) => (outcome.tone === "success" ? outcome.message : null));
  const runNow = () => submit({ intent: "run" }, { method: "post" });
  const busyWith = navigation.state === "idle" ? null : navigation.formData?.get("intent");
  const fixable = run?.status === "drift" && run.rows.some((row) => row.documents.some((d) => d.correction !== 0));

  return (
    <Page
      title="Incoming reconciliation"
      subtitle="What your open purchase orders hold as incoming, against what Shopify shows"
      primaryAction={{ content: "Run now", loading: busyWith === "run", onAction: runNow }}
      secondaryActions={
        fixable
          ? [
              {
                content: "Fix drift",
                loading: busyWith === "fix",
                onAction: () =>
                  confirm({
                    title: "Fix the drift in Shopify?",
                    body: (
                      <BlockStack gap="200">
                        <Text as="p">
                          Shopify&apos;s incoming is corrected for each purchase order below, and each fix is recorded in the order&apos;s audit log:
                        </Text>
                        <List>
                          {run.rows.flatMap((row) =>
                            row.documents
                              .filter((document) => document.correction !== 0)
                              .map((document) => (
                                <List.Item key={`${row.inventoryItemId}@${row.locationId}:${document.orderId}`}>
                                  {`${row.sku ?? row.inventoryItemId} at ${locationNames[row.locationId] ?? row.locationId}: incoming ${signed(document.correction)} for ${document.orderName ?? document.orderId}`}
                                </List.Item>
                              )),
                          )}
                        </List>
                        <Text as="p" tone="subdued">
                          Incoming that is not from Inbound stays as it is: fix it in Shopify.
                        </Text>
                      </BlockStack>
                    ),
                    confirmLabel: "Fix drift",
                    onConfirm: () => submit({ intent: "fix", runId: run.id }, { method: "post" }),
                  }),
              },
            ]
          : []
      }
    >
      <Layout>
        {result && result.tone !== "success" ? (
          <Layout.Section>
            {result.tone === "refused" ? (
              <RefusalBanner refusal={result.refusal} />
            ) : (
              <Banner tone={result.tone}>
                <p>{result.message}</p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {run ? (
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="h2" variant="headingMd">
                      Last run
                    </Text>
                    <span data-reconciliation-status={run.status}>
                      <Badge tone={STATUS_BADGE[run.status].tone}>{STATUS_BADGE[run.status].label}</Badge>
                    </span>
                  </InlineStack>
                  <Text as="p">
                    {new Date(run.startedAt).toLocaleString("en-US")} · {run.trigger === "manual" ? "run by hand" : "scheduled"}
                    {run.fixedAt ? ` · fixed ${new Date(run.fixedAt).toLocaleString("en-US")}` : ""}
                  </Text>
                  {run.error ? (
                    <Text as="p" tone="critical">
                      {run.error}
                    </Text>
                  ) : null}
                  {run.rows.length === 0 ? null : (
                    <Text as="p" tone="subdued">
                      Pending: changes still on their way to Shopify; run again once they are applied. Not ours: incoming no purchase order of Inbound
                      explains (another app, a transfer) — fix it in Shopify. Fixing corrects each purchase order's own incoming in Shopify and is
                      recorded in the audit log.
                    </Text>
                  )}
                </BlockStack>
              </Card>
              <Card padding="0">
                {run.rows.length === 0 ? (
                  run.status === "failed" ? (
                    <EmptyListNote
                      heading="Nothing was compared"
                      lines={["Shopify could not be read, so this run found nothing either way.", "Run it again in a moment."]}
                    />
                  ) : (
                    <EmptyListNote
                      tone="success"
                      heading={run.status === "fixed" ? "Drift fixed" : "No drift found"}
                      lines={[
                        run.status === "fixed"
                          ? "The corrections were queued for Shopify. Run the check again once they are applied to confirm."
                          : "Shopify's incoming stock matches what your open purchase orders hold, for every item at every location.",
                        "Nothing to do. The check runs once a day; run it now after changing incoming stock in Shopify.",
                      ]}
                    />
                  )
                ) : (
                  <IndexTable
                    resourceName={{ singular: "position", plural: "positions" }}
                    itemCount={run.rows.length}
                    selectable={false}
                    headings={[
                      { title: "Item" },
                      { title: "Location" },
                      { title: "Expected", alignment: "end" },
                      { title: "Shopify", alignment: "end" },
                      { title: "Drift", alignment: "end" },
                      { title: "Purchase orders" },
                      { title: "" },
                    ]}
                  >
                    {run.rows.map((row, index) => (
                      <IndexTable.Row
                        id={`${row.inventoryItemId}@${row.locationId}`}
                        key={`${row.inventoryItemId}@${row.locationId}`}
                        position={index}
                      >
                        <IndexTable.Cell>
                          <BlockStack>
                            <Text as="span" fontWeight="semibold">
                              {row.sku ?? row.inventoryItemId}
                            </Text>
                            {row.title ? (
                              <Text as="span" tone="subdued" variant="bodySm">
                                {row.title}
                              </Text>
                            ) : null}
                          </BlockStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>{locationNames[row.locationId] ?? row.locationId}</IndexTable.Cell>
                        <NumericCell>{row.expected}</NumericCell>
                        <NumericCell>{row.shopify}</NumericCell>
                        <NumericCell>{signed(row.drift)}</NumericCell>
                        <IndexTable.Cell>
                          <BlockStack>
                            {row.documents.map((document) => (
                              <Text as="span" variant="bodySm" key={document.orderId}>
                                <RemixLink to={`/app/purchase-orders/${document.orderId}`}>{document.orderName ?? document.orderId}</RemixLink>
                                {` should hold ${document.expected}`}
                                {document.inShopify !== document.expected ? `, Inbound's changes gave it ${document.inShopify}` : ""}
                                {document.correction !== 0 ? ` · fix ${signed(document.correction)}` : ""}
                              </Text>
                            ))}
                            {row.notOurs !== 0 ? (
                              <Text as="span" variant="bodySm" tone="critical">
                                {signed(row.notOurs)} not from Inbound
                              </Text>
                            ) : null}
                          </BlockStack>
                        </IndexTable.Cell>
                        <IndexTable.Cell>
                          <Badge tone={KIND_BADGE[row.kind].tone}>{KIND_BADGE[row.kind].label}</Badge>
                        </IndexTable.Cell>
                      </IndexTable.Row>
                    ))}
                  </IndexTable>
                )}
              </Card>
            </BlockStack>
          ) : (
            <Card padding="0">
              <EmptyListNote
                heading="Not checked yet"
                lines={[
                  "This compares what your open purchase orders hold as incoming with what Shopify shows, per item and location, and lists any difference with a way to fix it.",
                  "It runs once a day on its own. Run it now to see today's result.",
                ]}
                action={
                  <Button onClick={runNow} loading={busyWith === "run"}>
                    Run now
                  </Button>
                }
              />
            </Card>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
