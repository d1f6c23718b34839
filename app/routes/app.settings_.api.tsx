import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, IndexTable, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

import { useConfirm } from "~/components/ActionFeedback";
import { EmptyListNote } from "~/components/EmptyListNote";
import { NumericCell } from "~/components/NumericCell";
import { env } from "~/env.server";
import { API_SCOPES } from "~/domain/api-keys";
import { NotFoundError, ValidationError, type FieldErrors } from "~/domain/errors";
import { API_CALL_LOG_SIZE, createApiKey, listApiCalls, listApiKeys, revokeApiKey } from "~/services/api-keys.server";
import { requireAdmin } from "~/shopify.server";
import { formIntent, readForm } from "~/http/forms.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain, db } = await requireAdmin(request);
  const [keys, calls] = await Promise.all([listApiKeys(db, shopDomain), listApiCalls(db, shopDomain)]);
  const appUrl = env.shopify.appUrl.replace(/\/$/, "");
  return json({
    keys,
    calls,
    size: API_CALL_LOG_SIZE,
    endpoints: { rest: `${appUrl}/api/v1`, openapi: `${appUrl}/api/v1/openapi.json`, mcp: `${appUrl}/mcp` },
  });
}

type ActionData =
  { intent: "create"; ok: true; key: string; name: string } | { intent: "revoke"; ok: true; name: string } | { ok: false; fieldErrors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const { shopDomain, actor, db } = await requireAdmin(request);
  const form = await readForm(request);
  const intent = formIntent(form, ["create", "revoke"]);
  try {
    if (intent === "revoke") {
      const keyId = String(form.get("keyId") ?? "");
      await revokeApiKey(db, shopDomain, actor, keyId);
      return json<ActionData>({ intent: "revoke", ok: true, name: String(form.get("name") ?? keyId) });
    }
    const { key, view } = await createApiKey(db, shopDomain, actor, { name: form.get("name"), scope: form.get("scope") });
    return json<ActionData>({ intent: "create", ok: true, key, name: view.name });
  } catch (error) {
    if (error instanceof ValidationError) return json<ActionData>({ ok: false, fieldErrors: error.fieldErrors }, { status: 400 });
    if (error instanceof NotFoundError) return json<ActionData>({ ok: false, fieldErrors: { keyId: error.message } }, { status: 404 });
    throw error;
  }
}

const when = (date: string | null) => (date ? new Date(date).toLocaleString("en-US") : "—");

function CreateKeyCard({ errors, busy }: { errors: FieldErrors; busy: boolean }) {
  const [name, setName] = useState("");
  const [scope, setScope] = useState<string>("read");
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="create" />
        <FormLayout>
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={setName}
            autoComplete="off"
            error={errors.name}
            helpText="Which system or assistant uses the key"
          />
          <Select
            label="Scope"
            name="scope"
            value={scope}
            onChange={setScope}
            error={errors.scope}
            options={API_SCOPES.map((value) => ({ value, label: value === "read" ? "Read: look only" : "Write: read and change purchase orders" }))}
          />
          <Button submit variant="primary" loading={busy}>
            Create key
          </Button>
        </FormLayout>
      </Form>
    </Card>
  );
}

/** Where clients connect: the REST API (described by its OpenAPI document) and the MCP server. */
function ConnectCard({ endpoints }: { endpoints: { rest: string; openapi: string; mcp: string } }) {
  const rows = [
    ["REST API", endpoints.rest],
    ["OpenAPI 3.1 document", endpoints.openapi],
    ["MCP server (Streamable HTTP)", endpoints.mcp],
  ] as const;
  return (
    <Card>
      <BlockStack gap="200">
        {rows.map(([label, url]) => (
          <BlockStack gap="050" key={label}>
            <Text as="h3" variant="headingSm">
              {label}
            </Text>
            <Text as="p" breakWord>
              <code data-endpoint={label}>{url}</code>
            </Text>
          </BlockStack>
        ))}
        <Text as="p" tone="subdued">
          For an assistant on this computer: <code>INBOUND_API_KEY=&lt;key&gt; npm run mcp</code> (stdio).
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function ApiAccess() {
  const { keys, calls, size, endpoints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submit = useSubmit();
  const confirm = useConfirm();
  const busy = useNavigation().state !== "idle";
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <Page title="API access" subtitle="Keys for the REST API and MCP server" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        {result ? (
          <Layout.Section>
            {!result.ok ? (
              <Banner tone="critical" title="Nothing changed">
                <p>{Object.values(result.fieldErrors).join(" ")}</p>
              </Banner>
            ) : result.intent === "create" ? (
              <Banner tone="success" title={`Key "${result.name}" created: copy it now, it is not shown again`}>
                <Text as="p" fontWeight="semibold" breakWord>
                  <code>{result.key}</code>
                </Text>
              </Banner>
            ) : (
              <Banner tone="info" title={`Key "${result.name}" revoked`}>
                <p>Requests with it are refused from now on.</p>
              </Banner>
            )}
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="New key" description="A key works for this shop only. Read keys cannot see or call write actions.">
          <CreateKeyCard errors={errors} busy={busy} />
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Connect" description="Send the key in the Authorization header, as Bearer <key>, to either endpoint.">
          <ConnectCard endpoints={endpoints} />
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Card padding="0">
            {keys.length === 0 ? (
              <EmptyListNote
                heading="No API keys yet"
                lines={[
                  "Keys you create appear here, with when each was last used.",
                  "Create one under New key to connect another system or an AI assistant.",
                ]}
              />
            ) : (
              <IndexTable
                resourceName={{ singular: "key", plural: "keys" }}
                itemCount={keys.length}
                selectable={false}
                headings={[
                  { title: "Name" },
                  { title: "Key" },
                  { title: "Scope" },
                  { title: "Created" },
                  { title: "Last used" },
                  { title: "Status" },
                  { title: "" },
                ]}
              >
                {keys.map((key, index) => (
                  <IndexTable.Row id={key.id} key={key.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {key.name}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <code>{key.prefix}…</code>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{key.scope}</IndexTable.Cell>
                    <IndexTable.Cell>{when(key.createdAt)}</IndexTable.Cell>
                    <IndexTable.Cell>{when(key.lastUsedAt)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {key.revokedAt ? <Badge>{`Revoked ${when(key.revokedAt)}`}</Badge> : <Badge tone="success">Active</Badge>}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {key.revokedAt ? null : (
                        <Button
                          tone="critical"
                          variant="plain"
                          accessibilityLabel={`Revoke ${key.name}`}
                          onClick={() =>
                            confirm({
                              title: `Revoke the key "${key.name}"?`,
                              body: (
                                <Text as="p">
                                  {`Every request with it is refused from now on, over REST and MCP. A revoked key cannot be restored: whatever uses it (${key.name}) needs a new key.`}
                                </Text>
                              ),
                              confirmLabel: "Revoke key",
                              destructive: true,
                              onConfirm: () => submit({ intent: "revoke", keyId: key.id, name: key.name }, { method: "post" }),
                            })
                          }
                        >
                          Revoke
                        </Button>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {`Recent calls (the last ${size})`}
            </Text>
            <Card padding="0">
              {calls.length === 0 ? (
                <EmptyListNote
                  heading="No calls yet"
                  lines={[
                    "Every request made with this shop's keys is listed here, with its answer.",
                    "Once a system or assistant uses a key, its calls show up on their own.",
                  ]}
                />
              ) : (
                <IndexTable
                  resourceName={{ singular: "call", plural: "calls" }}
                  itemCount={calls.length}
                  selectable={false}
                  headings={[
                    { title: "Time" },
                    { title: "Key" },
                    { title: "Request" },
                    { title: "Status", alignment: "end" },
                    { title: "Duration (ms)", alignment: "end" },
                  ]}
                >
                  {calls.map((call, index) => (
                    <IndexTable.Row id={call.id} key={call.id} position={index}>
                      <IndexTable.Cell>{when(call.createdAt)}</IndexTable.Cell>
                      <IndexTable.Cell>{call.keyName}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <code>{call.target}</code>
                      </IndexTable.Cell>
                      <NumericCell>
                        <Badge tone={call.status < 400 ? "success" : call.status < 500 ? "warning" : "critical"}>{String(call.status)}</Badge>
                      </NumericCell>
                      <NumericCell>{call.durationMs}</NumericCell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
