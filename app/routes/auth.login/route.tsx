import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import polarisTranslations from "@shopify/polaris/locales/en.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { useState } from "react";

import { readForm } from "~/http/forms.server";
import { login } from "~/shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginErrors = Awaited<ReturnType<typeof login>> extends infer R ? (R extends { shop?: unknown } ? R : never) : never;

function loginErrorMessage(errors: LoginErrors | Record<string, never>): string | undefined {
  if (errors?.shop === LoginErrorType.MissingShop) return "Enter your store's domain to log in";
  if (errors?.shop === LoginErrorType.InvalidShop) return "Enter a valid store domain, e.g. my-store.myshopify.com";
  return undefined;
}

// Installing from outside Shopify admin: the merchant types their store, Shopify's OAuth does the rest.
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ error: loginErrorMessage(await login(request)) });
}

export async function action({ request }: ActionFunctionArgs) {
  // The library reads the form itself, and answers a broken body (or a file as `shop`) with a 500:
  // it is given the one field it reads, read safely here.
  const shop = (await readForm(request)).get("shop");
  const form = new URLSearchParams(typeof shop === "string" ? { shop } : {});
  return json({ error: loginErrorMessage(await login(new Request(request.url, { method: "POST", body: form }))) });
}

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const error = actionData?.error ?? loaderData.error;
  return (
    <AppProvider i18n={polarisTranslations}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h2">
                Log in to Inbound
              </Text>
              <TextField
                type="text"
                name="shop"
                label="Shop domain"
                helpText="example.myshopify.com"
                value={shop}
                onChange={setShop}
                autoComplete="on"
                error={error}
              />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
