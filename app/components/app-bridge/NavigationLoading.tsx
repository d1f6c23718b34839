import { useNavigation } from "@remix-run/react";
import { useEffect } from "react";

import { appBridge } from "./global";

/**
 * While Remix loads the next screen or runs a form's action, admin's loading bar shows across the
 * top (App Bridge `shopify.loading`), as on Shopify's own pages: the screen being left stays as it
 * is until the next one has its data, so nothing shows wrong text meanwhile.
 */
export function NavigationLoading() {
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    appBridge().loading(busy);
  }, [busy]);
  useEffect(() => () => appBridge().loading(false), []);
  return null;
}
