import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { Frame, Navigation } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { NavMenu } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { InventoryUpdatedIcon, NoteIcon, PersonIcon, SettingsIcon } from "@shopify/polaris-icons";

import { ActionFeedbackProvider } from "~/components/ActionFeedback";
import { NavigationLoading } from "~/components/app-bridge/NavigationLoading";
import { UnsavedChangesGuard } from "~/components/app-bridge/UnsavedChanges";
import { env } from "~/env.server";
import { requireAdmin } from "~/shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

const NAVIGATION = [
  { label: "Purchase orders", url: "/app/purchase-orders", icon: NoteIcon },
  { label: "Suppliers", url: "/app/suppliers", icon: PersonIcon },
  { label: "Incoming reconciliation", url: "/app/reconciliation", icon: InventoryUpdatedIcon },
  { label: "Settings", url: "/app/settings", icon: SettingsIcon },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shopDomain } = await requireAdmin(request);
  return json({ apiKey: env.shopify.apiKey, embedded: !env.demo, shopDomain });
}

export default function AppLayout() {
  const { apiKey, embedded, shopDomain } = useLoaderData<typeof loader>();
  return (
    // App Bridge's script is loaded by root.tsx, first in <head> as Shopify requires (Shopify's in
    // admin, the stand-in in the demo), so AppProvider must not add a second one.
    <AppProvider isEmbeddedApp={false} apiKey={apiKey}>
      <NavigationLoading />
      {/* Inside Shopify admin the navigation lives in the admin's sidebar; the demo's stand-in keeps it inert. */}
      <NavMenu>
        <Link to="/app" rel="home">
          Inbound
        </Link>
        {NAVIGATION.map((item) => (
          <Link key={item.url} to={item.url}>
            {item.label}
          </Link>
        ))}
      </NavMenu>
      <UnsavedChangesGuard>
        {embedded ? (
          <ActionFeedbackProvider>
            <Outlet />
          </ActionFeedbackProvider>
        ) : (
          <StandaloneShell shopDomain={shopDomain} />
        )}
      </UnsavedChangesGuard>
    </AppProvider>
  );
}

/** Outside Shopify admin (the local demo) the app draws its own Polaris frame and navigation. */
function StandaloneShell({ shopDomain }: { shopDomain: string }) {
  const location = useLocation();
  return (
    <Frame
      navigation={
        <Navigation location={location.pathname}>
          <Navigation.Section
            title={`Inbound · ${shopDomain}`}
            items={NAVIGATION.map((item) => ({
              label: item.label,
              url: item.url,
              icon: item.icon,
              selected: location.pathname.startsWith(item.url),
            }))}
          />
        </Navigation>
      }
    >
      <ActionFeedbackProvider>
        <Outlet />
      </ActionFeedbackProvider>
    </Frame>
  );
}

// Shopify needs Remix to catch its thrown responses (redirects, 401s with re-auth headers).
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
